#include "models/MessageListModel.h"

#include "models/MentionMatcher.h"
#include "client/ConversationId.h"

#include <QDateTime>
#include <algorithm>

namespace sb::models {

using client::ChatMessage;
using client::DeliveryState;
using client::MessageChange;

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Row &r = m_rows.at(row);
    const bool changePending = r.message.seq > 0 && m_pendingChanges.contains(r.message.seq);
    // Only a row with a change of the user in the outbox pays for a folded copy.
    const ChatMessage folded = changePending ? shownMessage(row) : ChatMessage {};
    const ChatMessage &m = changePending ? folded : r.message;
    const client::MessageState &state = m.state();
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case SeqRole:
        return m.seq;
    case AuthorRole:
        return m.from;
    case TimestampRole:
        return QDateTime::fromMSecsSinceEpoch(m.ts, m_days.timeZone());
    case DeliveryRole:
        return int(m.delivery);
    case IsOwnRole:
        return isOwn(r);
    case GroupedWithPreviousRole:
        return isGrouped(row);
    case DayBreakRole:
        return isDayBreak(row);
    case IsMentionRole:
        return r.mention;
    case ClientIdRole:
        return m.clientId;
    case ErrorTextRole:
        return m.error;
    case FirstUnreadRole:
        return m_firstUnreadSeq > 0 && m.seq == m_firstUnreadSeq;
    case ReplyToRole:
        return state.replyTo;
    case ReplyAuthorRole:
        return state.replyAuthor;
    case ReplyQuoteRole:
        return state.replyQuote;
    case EditedAtRole:
        return state.editedAt > 0 ? QDateTime::fromMSecsSinceEpoch(state.editedAt, m_days.timeZone())
                                  : QDateTime();
    case DeletedRole:
        return state.deleted;
    case ReactionsRole:
        return reactionsOf(m);
    case ChangePendingRole:
        return changePending;
    default:
        return {};
    }
}

QVariantList MessageListModel::reactionsOf(const ChatMessage &message) const
{
    QVariantList reactions;
    for (const client::Reaction &r : message.state().reactions) {
        reactions.append(QVariantMap { { QStringLiteral("emoji"), r.emoji },
            { QStringLiteral("count"), r.count }, { QStringLiteral("users"), r.users },
            { QStringLiteral("mine"), r.users.contains(m_ownUser) } });
    }
    return reactions;
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SeqRole, "seq");
    names.insert(AuthorRole, "author");
    names.insert(TextRole, "text");
    names.insert(TimestampRole, "timestamp");
    names.insert(DeliveryRole, "delivery");
    names.insert(IsOwnRole, "isOwn");
    names.insert(GroupedWithPreviousRole, "groupedWithPrevious");
    names.insert(DayBreakRole, "dayBreak");
    names.insert(IsMentionRole, "isMention");
    names.insert(ClientIdRole, "clientId");
    names.insert(ErrorTextRole, "errorText");
    names.insert(FirstUnreadRole, "firstUnread");
    names.insert(ReplyToRole, "replyTo");
    names.insert(ReplyAuthorRole, "replyAuthor");
    names.insert(ReplyQuoteRole, "replyQuote");
    names.insert(EditedAtRole, "editedAt");
    names.insert(DeletedRole, "deleted");
    names.insert(ReactionsRole, "reactions");
    names.insert(ChangePendingRole, "changePending");
    return names;
}

bool MessageListModel::isDayBreak(int row) const
{
    return row == 0 || m_rows.at(row).day != m_rows.at(row - 1).day;
}

bool MessageListModel::isGrouped(int row) const
{
    if (row == 0)
        return false;
    const Row &current = m_rows.at(row);
    // The "New messages" line opens a run of its own: without a header the rows under it would
    // read as the end of what was already read.
    if (m_firstUnreadSeq > 0 && current.message.seq == m_firstUnreadSeq)
        return false;
    const Row &previous = m_rows.at(row - 1);
    // Absolute difference: a pending message stamped by a slightly slow local clock still joins
    // the confirmed one before it.
    return current.message.from == previous.message.from && current.day == previous.day
        && qAbs(current.message.ts - previous.message.ts) <= GroupWindowMs;
}

void MessageListModel::notifyRows(int first, int last, const QList<int> &roles)
{
    first = qMax(first, 0);
    last = qMin(last, count() - 1);
    if (first <= last)
        emit dataChanged(index(first), index(last), roles);
}

void MessageListModel::notifyNeighbour(int row)
{
    // Grouping and the day break depend on the row before: when that changes, so do they.
    notifyRows(row, row, { GroupedWithPreviousRole, DayBreakRole });
}

MessageListModel::Row MessageListModel::makeRow(const ChatMessage &message) const
{
    Row row { message, int(m_days.dayOf(message.ts)), false };
    row.mention = mentionsOwnUser(row);
    return row;
}

bool MessageListModel::mentionsOwnUser(const Row &row) const
{
    // In a direct conversation every message is for the user: highlighting the ones that also
    // say their name would only mark some of them at random.
    return !isOwn(row) && !client::ConversationId::isDirectKey(m_conversation)
        && MentionMatcher::mentions(row.message.text, m_ownUser);
}

void MessageListModel::setOwnUser(const QString &user)
{
    if (user == m_ownUser)
        return;
    m_ownUser = user;
    for (Row &row : m_rows)
        row.mention = mentionsOwnUser(row);
    notifyRows(0, count() - 1, { IsOwnRole, IsMentionRole });
}

void MessageListModel::setConversation(const QString &name)
{
    beginResetModel();
    m_conversation = name;
    m_rows.clear();
    m_confirmedCount = 0;
    m_lastRead = -1;
    m_firstUnreadSeq = 0;
    m_pendingChanges.clear();
    endResetModel();
    setPeerReadSeq(-1);
}

void MessageListModel::setTimeZone(const QTimeZone &zone)
{
    m_days.setTimeZone(zone);
    for (Row &row : m_rows)
        row.day = int(m_days.dayOf(row.message.ts));
    notifyRows(0, count() - 1, { TimestampRole, GroupedWithPreviousRole, DayBreakRole });
}

bool MessageListModel::belongsHere(const ChatMessage &message) const
{
    return m_conversation.isEmpty() || message.room.isEmpty() || message.room == m_conversation;
}

int MessageListModel::lowerBound(qint64 seq) const
{
    const auto end = m_rows.cbegin() + m_confirmedCount;
    const auto it = std::lower_bound(
        m_rows.cbegin(), end, seq, [](const Row &row, qint64 s) { return row.message.seq < s; });
    return int(it - m_rows.cbegin());
}

int MessageListModel::rowForSeq(qint64 seq) const
{
    const int row = lowerBound(seq);
    return seq > 0 && row < m_confirmedCount && m_rows.at(row).message.seq == seq ? row : -1;
}

int MessageListModel::pendingRowFor(const QString &clientId) const
{
    if (clientId.isEmpty())
        return -1;
    // The pending tail is the outbox: a handful of rows, a scan is the cheapest index.
    for (int row = m_confirmedCount; row < count(); ++row) {
        if (m_rows.at(row).message.clientId == clientId)
            return row;
    }
    return -1;
}

int MessageListModel::pendingMatch(const ChatMessage &confirmed) const
{
    const int row = pendingRowFor(confirmed.clientId);
    // Client ids are unique per sender only: another user's message may reuse one of ours.
    if (row < 0 || m_rows.at(row).message.from != confirmed.from)
        return -1;
    return row;
}

qint64 MessageListModel::oldestSeq() const
{
    return m_confirmedCount > 0 ? m_rows.constFirst().message.seq : 0;
}

qint64 MessageListModel::newestSeq() const
{
    return m_confirmedCount > 0 ? m_rows.at(m_confirmedCount - 1).message.seq : 0;
}

ChatMessage MessageListModel::message(int row) const
{
    return row >= 0 && row < count() ? m_rows.at(row).message : ChatMessage {};
}

ChatMessage MessageListModel::shownMessage(int row) const
{
    ChatMessage shown = message(row);
    if (shown.seq <= 0)
        return shown;
    for (MessageChange change : m_pendingChanges.value(shown.seq)) {
        // The user's edit shows even when this clock is behind the server's last edit time.
        change.ts = qMax(change.ts, shown.state().editedAt);
        shown.apply(change);
    }
    return shown;
}

qint64 MessageListModel::lastOwnLiveSeq() const
{
    for (int row = m_confirmedCount - 1; row >= 0; --row) {
        if (isOwn(m_rows.at(row)) && !shownMessage(row).isDeleted())
            return m_rows.at(row).message.seq;
    }
    return 0;
}

void MessageListModel::addMessages(const QList<ChatMessage> &messages)
{
    QList<ChatMessage> incoming;
    incoming.reserve(messages.size());
    for (const ChatMessage &message : messages) {
        if (message.isConfirmed() && belongsHere(message)) {
            incoming.append(message);
            // A seq means the server stored it, whatever state the caller copied along.
            incoming.last().delivery = DeliveryState::Acked;
            incoming.last().error.clear();
        }
    }
    const auto bySeq = [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; };
    if (!std::is_sorted(incoming.cbegin(), incoming.cend(), bySeq))
        std::stable_sort(incoming.begin(), incoming.end(), bySeq);
    // The first copy of a seq wins, inside the batch as against the model.
    incoming.erase(std::unique(incoming.begin(), incoming.end(),
                       [](const ChatMessage &a, const ChatMessage &b) { return a.seq == b.seq; }),
        incoming.end());

    QList<ChatMessage> fresh;
    fresh.reserve(incoming.size());
    for (const ChatMessage &message : std::as_const(incoming)) {
        const int pending = pendingMatch(message);
        if (const int existing = rowForSeq(message.seq); existing >= 0) {
            refresh(existing, message);
            if (pending >= 0) // the echo of a row already confirmed some other way
                removePending(message.clientId);
        } else if (pending >= 0) {
            confirmPending(pending, message);
        } else {
            fresh.append(message);
        }
    }
    insertConfirmed(fresh);
    updateFirstUnread();
}

void MessageListModel::refresh(int row, const ChatMessage &message)
{
    Row &r = m_rows[row];
    if (r.message.text == message.text && r.message.state() == message.state())
        return;
    r.message = message;
    r.mention = mentionsOwnUser(r);
    notifyRows(row, row, {});
}

void MessageListModel::refreshMessages(const QList<ChatMessage> &messages)
{
    for (const ChatMessage &message : messages) {
        if (const int row = rowForSeq(message.seq); row >= 0 && belongsHere(message))
            refresh(row, message);
    }
}

bool MessageListModel::applyChange(const MessageChange &change)
{
    if (!m_conversation.isEmpty() && change.room != m_conversation)
        return false;
    bool settled = false;
    if (change.from == m_ownUser && !change.clientId.isEmpty()) {
        QList<MessageChange> &pending = m_pendingChanges[change.target];
        settled = pending.removeIf([&change](const MessageChange &c) { return c.clientId == change.clientId; }) > 0;
        if (pending.isEmpty())
            m_pendingChanges.remove(change.target);
    }
    const int row = rowForSeq(change.target);
    if (row < 0)
        return false;
    Row &r = m_rows[row];
    const bool changed = r.message.apply(change);
    if (changed)
        r.mention = mentionsOwnUser(r); // an edit may add or drop a mention
    if (changed || settled)
        notifyRows(row, row, {});
    if (changed && change.kind == MessageChange::Kind::Delete)
        forgetQuotesOf(change.target);
    return changed;
}

void MessageListModel::forgetQuotesOf(qint64 seq)
{
    // Replies come after what they answer: only the rows below the original can quote it.
    for (int row = lowerBound(seq + 1); row < count(); ++row) {
        if (m_rows[row].message.forgetQuoteOf(seq))
            notifyRows(row, row, { ReplyQuoteRole });
    }
}

bool MessageListModel::addPendingChange(const MessageChange &change)
{
    const int row = rowForSeq(change.target);
    if (change.clientId.isEmpty() || row < 0)
        return false;
    QList<MessageChange> &pending = m_pendingChanges[change.target];
    if (std::any_of(pending.cbegin(), pending.cend(),
            [&change](const MessageChange &c) { return c.clientId == change.clientId; }))
        return false;
    pending.append(change);
    notifyRows(row, row, {});
    return true;
}

bool MessageListModel::removePendingChange(const QString &clientId)
{
    for (auto it = m_pendingChanges.begin(); it != m_pendingChanges.end(); ++it) {
        if (it->removeIf([&clientId](const MessageChange &c) { return c.clientId == clientId; }) == 0)
            continue;
        const qint64 seq = it.key();
        if (it->isEmpty())
            m_pendingChanges.erase(it);
        const int row = rowForSeq(seq);
        notifyRows(row, row, {});
        return true;
    }
    return false;
}

void MessageListModel::setPeerReadSeq(qint64 seq)
{
    if (seq == m_peerReadSeq)
        return;
    m_peerReadSeq = seq;
    emit peerReadSeqChanged(seq);
}

void MessageListModel::confirmPending(int pendingRow, const ChatMessage &confirmed)
{
    // Its seq decides its place among the confirmed rows: usually right where it is (the first
    // pending row, after every confirmed one), otherwise it moves up, keeping its identity, so
    // the view sees one message change state rather than a removal and an insertion.
    const int target = lowerBound(confirmed.seq);
    const bool moves = target != pendingRow;
    if (moves) {
        beginMoveRows({}, pendingRow, pendingRow, {}, target);
        m_rows.move(pendingRow, target);
    }
    m_rows[target] = makeRow(confirmed);
    ++m_confirmedCount;
    if (moves)
        endMoveRows(); // consistent again: listeners may look up seqs from here on
    notifyRows(target, target, {});
    notifyNeighbour(target + 1);
    if (moves)
        notifyNeighbour(pendingRow + 1); // the row that followed it at its old place
}

void MessageListModel::insertConfirmed(const QList<ChatMessage> &fresh)
{
    // Runs of consecutive new messages that land in the same gap go in with one insertion each:
    // a page of older history is one run at the top, a live message one run at the end.
    qsizetype i = 0;
    while (i < fresh.size()) {
        const int position = lowerBound(fresh.at(i).seq);
        const bool atEnd = position == m_confirmedCount;
        const qint64 limit = atEnd ? 0 : m_rows.at(position).message.seq;
        qsizetype j = i + 1;
        while (j < fresh.size() && (atEnd || fresh.at(j).seq < limit))
            ++j;
        const int runLength = int(j - i);

        beginInsertRows({}, position, position + runLength - 1);
        m_rows.insert(position, runLength, Row {});
        for (int k = 0; k < runLength; ++k)
            m_rows[position + k] = makeRow(fresh.at(i + k));
        m_confirmedCount += runLength;
        endInsertRows();
        notifyNeighbour(position + runLength);
        i = j;
    }
}

bool MessageListModel::addPending(const ChatMessage &message)
{
    if (message.clientId.isEmpty() || pendingRowFor(message.clientId) >= 0)
        return false;
    ChatMessage pending = message;
    pending.seq = 0; // not stored yet, whatever the caller had
    if (pending.from.isEmpty())
        pending.from = m_ownUser;
    if (pending.delivery == DeliveryState::Acked)
        pending.delivery = DeliveryState::Pending;
    const int row = count();
    beginInsertRows({}, row, row);
    m_rows.append(makeRow(pending));
    endInsertRows();
    return true;
}

bool MessageListModel::setDelivery(
    const QString &clientId, DeliveryState state, const QString &error)
{
    const int row = pendingRowFor(clientId);
    if (row < 0)
        return false;
    ChatMessage &message = m_rows[row].message;
    if (message.delivery == state && message.error == error)
        return true;
    message.delivery = state;
    message.error = error;
    notifyRows(row, row, { DeliveryRole, ErrorTextRole });
    return true;
}

bool MessageListModel::removePending(const QString &clientId)
{
    const int row = pendingRowFor(clientId);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    notifyNeighbour(row);
    return true;
}

void MessageListModel::setLastRead(qint64 seq)
{
    m_lastRead = seq;
    updateFirstUnread();
}

int MessageListModel::firstUnreadRow() const
{
    return m_firstUnreadSeq > 0 ? rowForSeq(m_firstUnreadSeq) : -1;
}

void MessageListModel::updateFirstUnread()
{
    qint64 seq = 0;
    if (m_lastRead >= 0 && m_lastRead < newestSeq()) // lastRead + 1 cannot overflow here
        seq = m_rows.at(lowerBound(m_lastRead + 1)).message.seq;
    if (seq == m_firstUnreadSeq)
        return;
    const int oldRow = firstUnreadRow();
    m_firstUnreadSeq = seq;
    notifyRows(oldRow, oldRow, { FirstUnreadRole, GroupedWithPreviousRole });
    const int newRow = firstUnreadRow();
    notifyRows(newRow, newRow, { FirstUnreadRole, GroupedWithPreviousRole });
}

} // namespace sb::models
