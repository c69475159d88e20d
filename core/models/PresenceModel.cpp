#include "models/PresenceModel.h"

#include <QSet>
#include <algorithm>

namespace sb::models {

namespace {

QString normalizedStatus(const QString &status)
{
    return status.isEmpty() ? QStringLiteral("online") : status;
}

} // namespace

PresenceModel::PresenceModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UserNameRole:
        return e.user;
    case StatusRole:
        return e.status;
    case IsTypingRole:
        return m_typing.contains(e.user);
    default:
        return {};
    }
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(UserNameRole, "user");
    names.insert(StatusRole, "status");
    names.insert(IsTypingRole, "isTyping");
    return names;
}

int PresenceModel::statusRank(const QString &status)
{
    if (status == u"online")
        return 0;
    if (status == u"busy")
        return 1;
    if (status == u"away")
        return 2;
    if (status == u"offline")
        return 4;
    return 3; // a status this client does not know yet: present, after the known ones
}

bool PresenceModel::lessThan(const Entry &a, const Entry &b)
{
    const int ra = statusRank(a.status);
    const int rb = statusRank(b.status);
    if (ra != rb)
        return ra < rb;
    const int folded = a.user.compare(b.user, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a.user < b.user;
}

int PresenceModel::sortedPosition(const Entry &entry, int ignoredRow) const
{
    // A binary search over the rows as they are without `ignoredRow` (the entry's own row, when
    // it moves): the result is its index once it has moved.
    int low = 0;
    int high = int(m_entries.size()) - (ignoredRow >= 0 ? 1 : 0);
    while (low < high) {
        const int mid = low + (high - low) / 2;
        const int actual = ignoredRow >= 0 && mid >= ignoredRow ? mid + 1 : mid;
        if (lessThan(m_entries.at(actual), entry))
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

int PresenceModel::rowOf(const QString &user) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).user == user)
            return row;
    }
    return -1;
}

QString PresenceModel::status(const QString &user) const
{
    const int row = rowOf(user);
    return row < 0 ? QString() : m_entries.at(row).status;
}

int PresenceModel::onlineCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(),
        [](const Entry &e) { return e.status != u"offline"; }));
}

void PresenceModel::setStatus(const QString &user, const QString &status)
{
    if (user.isEmpty())
        return;
    const Entry updated { user, normalizedStatus(status) };
    const int row = rowOf(user);
    if (row < 0) {
        const int position = m_orderHeld ? int(m_entries.size()) : sortedPosition(updated, -1);
        beginInsertRows({}, position, position);
        m_entries.insert(position, updated);
        endInsertRows();
        return;
    }
    if (m_entries.at(row).status == updated.status)
        return;
    const int position = m_orderHeld ? row : sortedPosition(updated, row);
    if (position != row) {
        // beginMoveRows names the destination in the list before the move.
        beginMoveRows({}, row, row, {}, position > row ? position + 1 : position);
        m_entries.move(row, position);
        m_entries[position] = updated;
        endMoveRows();
    } else {
        m_entries[position] = updated;
    }
    emit dataChanged(index(position), index(position), { StatusRole });
}

void PresenceModel::userJoined(const QString &user)
{
    if (rowOf(user) < 0)
        setStatus(user, QStringLiteral("online"));
}

void PresenceModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

void PresenceModel::userLeft(const QString &user)
{
    const int row = rowOf(user);
    if (row >= 0)
        removeRow(row);
    if (m_typing.removeAll(user) > 0)
        emit typingChanged();
}

void PresenceModel::setTyping(const QString &user, bool typing)
{
    if (user.isEmpty() || m_typing.contains(user) == typing)
        return;
    if (typing)
        m_typing.append(user);
    else
        m_typing.removeAll(user);
    const int row = rowOf(user);
    if (row >= 0)
        emit dataChanged(index(row), index(row), { IsTypingRole });
    emit typingChanged();
}

void PresenceModel::setSnapshot(const QString &room, const QList<client::PresenceEntry> &entries)
{
    if (room != m_room) {
        reset(room, entries);
        return;
    }
    QSet<QString> present;
    for (const client::PresenceEntry &entry : entries)
        present.insert(entry.user);
    for (qsizetype row = m_entries.size() - 1; row >= 0; --row) {
        if (!present.contains(m_entries.at(row).user))
            removeRow(int(row));
    }
    for (const client::PresenceEntry &entry : entries)
        setStatus(entry.user, entry.status);
    // Whoever is not in the room any more is not typing in it either.
    const qsizetype typingBefore = m_typing.size();
    m_typing.removeIf([&](const QString &user) { return !present.contains(user); });
    if (m_typing.size() != typingBefore)
        emit typingChanged();
}

void PresenceModel::reset(const QString &room, const QList<client::PresenceEntry> &entries)
{
    const bool wasTyping = !m_typing.isEmpty();
    beginResetModel();
    m_room = room;
    m_entries.clear();
    m_typing.clear();
    QSet<QString> seen;
    for (const client::PresenceEntry &entry : entries) {
        if (!entry.user.isEmpty() && !seen.contains(entry.user)) {
            seen.insert(entry.user);
            m_entries.append({ entry.user, normalizedStatus(entry.status) });
        }
    }
    std::sort(m_entries.begin(), m_entries.end(), lessThan);
    endResetModel();
    if (wasTyping)
        emit typingChanged();
}

void PresenceModel::setOrderHeld(bool held)
{
    if (held == m_orderHeld)
        return;
    m_orderHeld = held;
    if (!held)
        sortRows();
}

void PresenceModel::sortRows()
{
    if (std::is_sorted(m_entries.cbegin(), m_entries.cend(), lessThan))
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QStringList people;
    for (const QModelIndex &index : before)
        people.append(m_entries.at(index.row()).user);
    std::sort(m_entries.begin(), m_entries.end(), lessThan);
    QModelIndexList after;
    for (const QString &user : people)
        after.append(index(rowOf(user)));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void PresenceModel::clear()
{
    reset(QString(), {});
}

QString PresenceModel::typingText() const
{
    switch (m_typing.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(m_typing.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(m_typing.at(0), m_typing.at(1));
    default:
        return tr("%n people are typing…", nullptr, int(m_typing.size()));
    }
}

} // namespace sb::models
