#include "models/SearchModel.h"

#include "client/ConversationId.h"

#include <QDateTime>

namespace sb::models {

SearchModel::SearchModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const client::SearchHit &h = m_hits.at(index.row());
    switch (role) {
    case RoomRole:
        return client::ConversationId::fromKey(h.conversation).isRoom() ? h.conversation : QString();
    case SeqRole:
        return h.seq;
    case AuthorRole:
        return h.from;
    case TimestampRole:
        return QDateTime::fromMSecsSinceEpoch(h.ts);
    case Qt::DisplayRole:
    case SnippetRole:
        return h.snippet;
    case ConversationRole:
        return h.conversation;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(RoomRole, "room");
    names.insert(SeqRole, "seq");
    names.insert(AuthorRole, "author");
    names.insert(TimestampRole, "timestamp");
    names.insert(SnippetRole, "snippet");
    names.insert(ConversationRole, "conversation");
    return names;
}

void SearchModel::setResults(const QString &query, const QList<client::SearchHit> &hits, bool hasMore)
{
    beginResetModel();
    m_query = query;
    m_hits = hits;
    m_hasMore = hasMore;
    endResetModel();
}

void SearchModel::clear()
{
    setResults({}, {}, false);
}

client::SearchHit SearchModel::hit(int row) const
{
    return row >= 0 && row < m_hits.size() ? m_hits.at(row) : client::SearchHit {};
}

} // namespace sb::models
