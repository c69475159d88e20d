#pragma once

#include "models/MessageListModel.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>
#include <QVariantList>

namespace sb::test {

// The real MessageListModel (rows, grouping, day breaks, unread line, pending rows) with issue
// #18's message state set by the test instead of by the client core: replies, edits, tombstones,
// reactions and pending changes, each through the role the views read. Changing a message's
// state emits dataChanged for its row, as the real model does when a change lands. Header only:
// UI suites only.
class MessageStateModel : public models::MessageListModel
{
public:
    using MessageListModel::MessageListModel;

    void setReply(qint64 seq, qint64 replyTo, const QString &author, const QString &quote)
    {
        State &s = m_states[seq];
        s.replyTo = replyTo;
        s.replyAuthor = author;
        s.replyQuote = quote;
        changed(seq);
    }
    void setEdited(qint64 seq, const QString &text, const QDateTime &when)
    {
        State &s = m_states[seq];
        s.text = text;
        s.editedAt = when;
        changed(seq);
    }
    void setDeleted(qint64 seq)
    {
        State &s = m_states[seq];
        s.deleted = true;
        s.reactions.clear();
        changed(seq);
    }
    void setReactions(qint64 seq, const QVariantList &reactions)
    {
        m_states[seq].reactions = reactions;
        changed(seq);
    }
    void setChangePending(qint64 seq, bool pending)
    {
        m_states[seq].changePending = pending;
        changed(seq);
    }

    // One entry of ReactionsRole; `mine` when the own user is among `users`.
    static QVariantMap reaction(const QString &emoji, const QStringList &users, bool mine)
    {
        return {{QStringLiteral("emoji"), emoji}, {QStringLiteral("count"), int(users.size())},
            {QStringLiteral("users"), users}, {QStringLiteral("mine"), mine}};
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        const QVariant base = MessageListModel::data(index, role);
        const auto it = m_states.constFind(MessageListModel::data(index, SeqRole).toLongLong());
        if (it == m_states.constEnd() || !index.isValid())
            return base;
        const State &s = *it;
        switch (role) {
        case Qt::DisplayRole:
        case TextRole:
            if (s.deleted)
                return QString();
            return s.text.isNull() ? base : QVariant(s.text);
        case ReplyToRole: return s.replyTo;
        case ReplyAuthorRole: return s.replyAuthor;
        case ReplyQuoteRole: return s.replyQuote;
        case EditedAtRole: return s.editedAt;
        case DeletedRole: return s.deleted;
        case ReactionsRole: return s.reactions;
        case ChangePendingRole: return s.changePending;
        default: return base;
        }
    }

private:
    struct State
    {
        qint64 replyTo = 0;
        QString replyAuthor;
        QString replyQuote;
        QString text; // null: the message's own text
        QDateTime editedAt;
        bool deleted = false;
        QVariantList reactions;
        bool changePending = false;
    };

    void changed(qint64 seq)
    {
        const int row = rowForSeq(seq);
        if (row >= 0)
            emit dataChanged(index(row), index(row));
    }

    QHash<qint64, State> m_states;
};

} // namespace sb::test
