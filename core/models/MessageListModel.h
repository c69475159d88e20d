#pragma once

#include "client/ChatTypes.h"
#include "models/DayIndex.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace sb::models {

// The messages of one conversation, for the chat view. Rows are the confirmed messages in seq
// order, then the user's own unsent ones in the order they were written, so a pending message
// sits at the bottom until the server gives it a seq.
//
// The Session feeds it through plain calls: addMessages() for everything the server sent (live
// messages, the replay after a join, older history pages — all merged by seq, duplicates
// ignored), addPending()/setDelivery()/removePending() for the outbox. A confirmed message that
// carries the client id of a pending row takes that row over (moved to its seq's place when
// needed), so the view sees one message change state rather than a remove and an insert.
//
// Changes to a message (edits, deletes, reactions) land with applyChange(), one dataChanged for
// its row. The user's own changes show at once with addPendingChange(), folded over the row
// (ChangePendingRole) until the confirmed change or a refusal settles them.
//
// Built for long scrollback: a seq is found by binary search, appending is O(1) amortised, a page
// of older history is one beginInsertRows; grouping, day breaks and the unread marker are derived
// from neighbours on demand, and only the neighbours an insertion touches are notified. A
// message's reply, edit, tombstone and reactions live out of line (ChatMessage's state, null for
// most), and pending changes in a side hash by seq, so rows do not grow for what few carry.
class MessageListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        SeqRole = Qt::UserRole + 1, // qint64, 0 while pending
        AuthorRole, // QString
        TextRole, // QString (also Qt::DisplayRole)
        TimestampRole, // QDateTime in the model's time zone
        DeliveryRole, // int: client::DeliveryState
        IsOwnRole, // bool
        GroupedWithPreviousRole, // bool: same author, ≤ 5 min after the previous, same day
        DayBreakRole, // bool: first message of its local day (draw a date line)
        IsMentionRole, // bool: mentions the own user (never for own messages)
        ClientIdRole, // QString
        ErrorTextRole, // QString: why a message failed
        FirstUnreadRole, // bool: the first message after the last read one
        // Issue #18's message state (the views read these; the model fills them as changes land):
        ReplyToRole, // qint64: seq of the quoted message, 0 when the message is no reply
        ReplyAuthorRole, // QString: the quoted message's author, as the server resolved it
        ReplyQuoteRole, // QString: its first ~140 characters ("" once the original is deleted)
        EditedAtRole, // QDateTime: the last edit's time, invalid when never edited
        DeletedRole, // bool: a tombstone ("message deleted"); TextRole is then ""
        ReactionsRole, // QVariantList of QVariantMap {emoji, count, users (QStringList), mine (bool)}
        ChangePendingRole, // bool: an edit, delete or reaction of the own user waits in the outbox
    };
    Q_ENUM(Role)

    static constexpr qint64 GroupWindowMs = 5 * 60 * 1000;

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Who "own" and "mentioned" refer to; re-evaluates every row.
    void setOwnUser(const QString &user);
    QString ownUser() const { return m_ownUser; }
    // Switches to another conversation ("room" or "@peer"): clears the rows and the last read.
    // Messages whose room names another conversation are ignored from then on.
    void setConversation(const QString &name);
    QString conversation() const { return m_conversation; }
    // The zone that decides where a day ends; the system zone by default.
    void setTimeZone(const QTimeZone &zone);

    // Merges confirmed messages (seq > 0) by seq; unconfirmed ones are ignored (addPending). A
    // seq already here takes the text and state given (a history page has every change folded in).
    void addMessages(const QList<client::ChatMessage> &messages);
    // The messages' text and state as given, for those already here (nothing is inserted).
    void refreshMessages(const QList<client::ChatMessage> &messages);
    // An edit, delete or reaction of a confirmed message: its row changes in place (a delete
    // also empties the quotes of it); a pending change of the user with the same client id is
    // settled. False when nothing changed (not loaded here, or already applied).
    bool applyChange(const client::MessageChange &change);
    // One of the user's changes, not acked yet: shown over its row until applyChange() brings
    // the confirmed one or removePendingChange() takes it back (refused, withdrawn).
    bool addPendingChange(const client::MessageChange &change);
    bool removePendingChange(const QString &clientId);
    // Appends one of the user's own unsent messages; false without a client id or when a row
    // with that client id is already pending.
    bool addPending(const client::ChatMessage &message);
    // Updates a pending row's state (Pending → Sent → Failed, with a reason, or back).
    bool setDelivery(
        const QString &clientId, client::DeliveryState state, const QString &error = {});
    // Drops a pending row (the user discarded a failed message).
    bool removePending(const QString &clientId);

    // Messages up to this seq have been read; the next confirmed one gets FirstUnreadRole.
    // A negative seq (the default) means unknown: no marker.
    void setLastRead(qint64 seq);
    qint64 lastRead() const { return m_lastRead; }
    int firstUnreadRow() const; // -1 when there is no marker
    // A direct conversation: the peer has read up to this seq (-1 unknown), so the user's
    // messages up to it can say "Seen".
    void setPeerReadSeq(qint64 seq);
    qint64 peerReadSeq() const { return m_peerReadSeq; }

    int count() const { return int(m_rows.size()); }
    int confirmedCount() const { return m_confirmedCount; }
    int pendingCount() const { return count() - m_confirmedCount; }
    qint64 oldestSeq() const; // 0 when there is no confirmed message (page history before it)
    qint64 newestSeq() const; // 0 when there is no confirmed message (resume after it)
    int rowForSeq(qint64 seq) const; // -1 when absent
    int pendingRowFor(const QString &clientId) const; // -1 when absent
    client::ChatMessage message(int row) const;
    // The message as shown: with the user's pending changes folded in.
    client::ChatMessage shownMessage(int row) const;
    // The newest confirmed message of the user that is not deleted (Up-arrow edits it); 0 if none.
    qint64 lastOwnLiveSeq() const;

signals:
    void peerReadSeqChanged(qint64 seq);

private:
    struct Row {
        client::ChatMessage message;
        int day = 0; // local Julian day, from m_days (an int: the row stays as small as before)
        bool mention = false;
    };

    Row makeRow(const client::ChatMessage &message) const;
    bool belongsHere(const client::ChatMessage &message) const;
    bool isOwn(const Row &row) const { return row.message.from == m_ownUser; }
    bool mentionsOwnUser(const Row &row) const;
    bool isGrouped(int row) const;
    bool isDayBreak(int row) const;
    int lowerBound(qint64 seq) const; // first confirmed row with a seq ≥ seq
    int pendingMatch(const client::ChatMessage &confirmed) const;
    void confirmPending(int pendingRow, const client::ChatMessage &confirmed);
    void insertConfirmed(const QList<client::ChatMessage> &fresh);
    void updateFirstUnread();
    void notifyRows(int first, int last, const QList<int> &roles);
    void notifyNeighbour(int row);
    // A seq already here got a newer copy (a history page, an echo): takes its text and state.
    void refresh(int row, const client::ChatMessage &message);
    void forgetQuotesOf(qint64 seq);
    QVariantList reactionsOf(const client::ChatMessage &message) const;

    QList<Row> m_rows; // [0, m_confirmedCount) ascending seq, then pending in creation order
    int m_confirmedCount = 0;
    QString m_ownUser;
    QString m_conversation;
    DayIndex m_days;
    qint64 m_lastRead = -1;
    qint64 m_firstUnreadSeq = 0; // seq of the row showing the marker, 0 for none
    qint64 m_peerReadSeq = -1;
    QHash<qint64, QList<client::MessageChange>> m_pendingChanges; // by target seq, oldest first
};

} // namespace sb::models
