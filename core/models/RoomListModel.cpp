#include "models/RoomListModel.h"

#include "client/ConversationId.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

namespace sb::models {

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole: // the view draws '#' or a presence dot itself
        return e.kind == DirectKind ? client::ConversationId::fromKey(e.name).name() : e.name;
    case NameRole:
        return e.name;
    case KindRole:
        return int(e.kind);
    case UnreadRole:
        return e.unread;
    case HasMentionRole:
        return e.mention;
    case LastTextRole:
        return e.lastText;
    case LastAuthorRole:
        return e.lastAuthor;
    case LastTimestampRole:
        return e.lastTs > 0 ? QDateTime::fromMSecsSinceEpoch(e.lastTs) : QDateTime();
    case MembersRole:
        return e.members;
    case IsCurrentRole:
        return !m_current.isEmpty() && e.name == m_current;
    case PeerStatusRole:
        return e.peerStatus;
    case MutedRole:
        return m_muted.contains(e.name);
    case ReadSeqRole:
        return readMarker(e.name);
    case PeerReadSeqRole:
        return e.peerReadSeq;
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(KindRole, "kind");
    names.insert(UnreadRole, "unread");
    names.insert(HasMentionRole, "hasMention");
    names.insert(LastTextRole, "lastText");
    names.insert(LastAuthorRole, "lastAuthor");
    names.insert(LastTimestampRole, "lastTimestamp");
    names.insert(MembersRole, "members");
    names.insert(IsCurrentRole, "isCurrent");
    names.insert(PeerStatusRole, "peerStatus");
    names.insert(MutedRole, "muted");
    names.insert(ReadSeqRole, "readSeq");
    names.insert(PeerReadSeqRole, "peerReadSeq");
    return names;
}

bool RoomListModel::lessThan(const Entry &a, const Entry &b)
{
    if (a.kind != b.kind)
        return a.kind == RoomKind;
    const int folded = a.name.compare(b.name, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a.name < b.name; // a total order, so rows never swap
}

int RoomListModel::rowOf(const QString &name) const
{
    // Tens of conversations, not thousands: a scan beats keeping an index in step with inserts.
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).name == name)
            return row;
    }
    return -1;
}

int RoomListModel::unread(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? 0 : m_entries.at(row).unread;
}

qint64 RoomListModel::lastSeq(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? 0 : m_entries.at(row).lastSeq;
}

void RoomListModel::notifyRow(int row)
{
    if (row >= 0 && row < m_entries.size())
        emit dataChanged(index(row), index(row));
}

void RoomListModel::adjustUnread(Entry &entry, int unread)
{
    if (entry.unread == unread)
        return;
    m_totalUnread += unread - entry.unread;
    entry.unread = unread;
    emit totalUnreadChanged(m_totalUnread);
}

int RoomListModel::insertEntry(Entry entry)
{
    const auto it = std::upper_bound(m_entries.cbegin(), m_entries.cend(), entry, lessThan);
    const int row = int(it - m_entries.cbegin());
    beginInsertRows({}, row, row);
    m_entries.insert(row, std::move(entry));
    endInsertRows();
    return row;
}

bool RoomListModel::addConversation(const QString &name, Kind kind)
{
    if (name.isEmpty() || rowOf(name) >= 0)
        return false;
    Entry entry;
    entry.name = name;
    entry.kind = kind;
    insertEntry(std::move(entry));
    return true;
}

bool RoomListModel::removeConversation(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return false;
    const int unreadBefore = m_entries.at(row).unread;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    if (unreadBefore > 0) {
        m_totalUnread -= unreadBefore;
        emit totalUnreadChanged(m_totalUnread);
    }
    return true;
}

void RoomListModel::setRooms(const QList<RoomInfo> &rooms)
{
    QSet<QString> wanted;
    for (const RoomInfo &info : rooms)
        wanted.insert(info.name);
    // Backwards, so removing a row does not shift the ones still to visit.
    for (qsizetype row = m_entries.size() - 1; row >= 0; --row) {
        const QString name = m_entries.at(row).name; // a copy: the entry is about to go
        if (m_entries.at(row).kind == RoomKind && !wanted.contains(name))
            removeConversation(name);
    }
    for (const RoomInfo &info : rooms) {
        if (info.name.isEmpty())
            continue;
        int row = rowOf(info.name);
        if (row < 0) {
            Entry entry;
            entry.name = info.name;
            row = insertEntry(std::move(entry));
        }
        Entry &entry = m_entries[row];
        entry.members = info.members;
        entry.lastSeq = qMax(entry.lastSeq, info.lastSeq);
        notifyRow(row);
    }
}

void RoomListModel::setCurrent(const QString &name)
{
    if (name == m_current)
        return;
    const int oldRow = rowOf(m_current);
    m_current = name;
    notifyRow(oldRow);
    markRead(name); // what is open is read
}

void RoomListModel::clearUnread(Entry &entry)
{
    entry.mention = false;
    entry.unreadSeqs.clear();
    adjustUnread(entry, 0);
}

void RoomListModel::markRead(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    clearUnread(m_entries[row]);
    notifyRow(row);
}

void RoomListModel::setReadMarker(const QString &name, qint64 seq)
{
    if (name.isEmpty() || seq <= readMarker(name))
        return;
    m_readMarkers.insert(name, seq);
    const int row = rowOf(name);
    if (row < 0)
        return;
    Entry &entry = m_entries[row];
    const auto read = std::upper_bound(entry.unreadSeqs.cbegin(), entry.unreadSeqs.cend(), seq);
    entry.unreadSeqs.erase(entry.unreadSeqs.cbegin(), read);
    if (entry.mentionSeq <= seq)
        entry.mention = false;
    adjustUnread(entry, int(entry.unreadSeqs.size()));
    notifyRow(row);
}

void RoomListModel::setPeerReadSeq(const QString &name, qint64 seq)
{
    const int row = rowOf(name);
    if (row < 0 || seq <= m_entries.at(row).peerReadSeq)
        return;
    m_entries[row].peerReadSeq = seq;
    notifyRow(row);
}

void RoomListModel::setMuted(const QString &name, bool muted)
{
    if (name.isEmpty() || muted == m_muted.contains(name))
        return;
    if (muted)
        m_muted.insert(name);
    else
        m_muted.remove(name);
    if (muted)
        markRead(name); // also repaints the row
    else
        notifyRow(rowOf(name));
}

QStringList RoomListModel::mutedNames() const
{
    QStringList names(m_muted.cbegin(), m_muted.cend());
    names.sort();
    return names;
}

void RoomListModel::noteMessage(const client::ChatMessage &message, bool isOwn, bool isMention,
                                bool fromHistory)
{
    if (message.room.isEmpty())
        return;
    int row = rowOf(message.room);
    if (row < 0) {
        Entry entry;
        entry.name = message.room;
        entry.kind = client::ConversationId::isDirectKey(message.room) ? DirectKind : RoomKind;
        row = insertEntry(std::move(entry));
    }
    Entry &entry = m_entries[row];
    // A confirmed message is new only above every seq seen here; an own pending one (seq 0) is
    // new when it is not older than the last message shown.
    const bool isNew = message.seq > 0 ? message.seq > entry.notedSeq : message.ts >= entry.lastTs;
    if (!isNew)
        return;
    if (message.seq > 0) {
        entry.notedSeq = message.seq;
        entry.lastSeq = qMax(entry.lastSeq, message.seq);
    }
    entry.lastText = message.text;
    entry.lastAuthor = message.from;
    entry.lastTs = message.ts;
    const qint64 marker = readMarker(entry.name);
    const bool counts = message.seq > 0 && !isOwn && entry.name != m_current
        && !m_muted.contains(entry.name) && message.seq > marker && !(fromHistory && marker < 0);
    if (counts) {
        entry.unreadSeqs.append(message.seq);
        if (isMention) {
            entry.mention = true;
            entry.mentionSeq = message.seq;
        }
        adjustUnread(entry, entry.unread + 1);
    }
    notifyRow(row);
}

void RoomListModel::setMembers(const QString &name, int members)
{
    const int row = rowOf(name);
    if (row < 0 || m_entries.at(row).members == members)
        return;
    m_entries[row].members = members;
    notifyRow(row);
}

void RoomListModel::setPeerStatus(const QString &user, const QString &status)
{
    const int row = rowOf(client::ConversationId::direct(user).key());
    if (row < 0 || m_entries.at(row).kind != DirectKind || m_entries.at(row).peerStatus == status)
        return;
    m_entries[row].peerStatus = status;
    notifyRow(row);
}

} // namespace sb::models
