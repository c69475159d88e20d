#include "Registry.h"

#include "ClientConnection.h"
#include "protocol/Validator.h"

namespace sb::server {

int RoomState::memberCount() const
{
    int count = int(members.size());
    for (auto it = remoteMembers.cbegin(); it != remoteMembers.cend(); ++it) {
        if (!members.contains(it.key()))
            ++count;
    }
    return count;
}

RoomState *Registry::findRoom(const QString &name)
{
    const auto it = m_rooms.find(name);
    return it == m_rooms.end() ? nullptr : &*it;
}

RoomState &Registry::addRoom(const QString &name, const QString &epoch, qint64 lastSeq)
{
    RoomState &room = m_rooms[name];
    room.name = name;
    room.epoch = epoch;
    room.lastSeq = lastSeq;
    return room;
}

bool Registry::join(RoomState &room, ClientConnection *connection)
{
    if (room.connections.contains(connection))
        return false;
    room.connections.insert(connection);
    connection->rooms().insert(room.name);
    return ++room.members[connection->user()] == 1;
}

bool Registry::leave(RoomState &room, ClientConnection *connection)
{
    if (!room.connections.remove(connection))
        return false;
    connection->rooms().remove(room.name);
    auto it = room.members.find(connection->user());
    if (it == room.members.end() || --*it > 0)
        return false;
    room.members.erase(it);
    // The typing state stays: the caller ends it with PresenceHandler::stopTyping, which tells
    // the others (`typing active:false`). Dropping it here silently left "… is typing" on their
    // screens for good when a typist left or disconnected.
    return true;
}

UserState *Registry::findUser(const QString &name)
{
    const auto it = m_users.find(name);
    return it == m_users.end() ? nullptr : &*it;
}

void Registry::addSession(ClientConnection *connection, const QString &instance)
{
    UserState &user = m_users[connection->user()];
    if (user.sessions.isEmpty()) {
        user.name = connection->user();
        user.instance = instance;
    }
    user.sessions.append(connection);
}

bool Registry::removeSession(ClientConnection *connection)
{
    auto it = m_users.find(connection->user());
    if (it == m_users.end() || !it->sessions.removeOne(connection))
        return false;
    if (!it->sessions.isEmpty())
        return false;
    m_users.erase(it);
    return true;
}

int Registry::sessionCount() const
{
    int count = 0;
    for (const UserState &user : m_users)
        count += int(user.sessions.size());
    return count;
}

QString Registry::claimGuestName(const QString &wanted, const QString &instance,
                                 const std::function<bool(const QString &)> &claimElsewhere) const
{
    const auto isFreeFor = [&](const QString &name) {
        const auto it = m_users.constFind(name);
        const bool freeHere = it == m_users.cend() || (!instance.isEmpty() && it->instance == instance);
        return freeHere && (!claimElsewhere || claimElsewhere(name));
    };
    if (isFreeFor(wanted))
        return wanted;
    // Keep room for the suffix within the user-name limit.
    const QString stem = wanted.left(protocol::Validator::MaxUserNameLength - 6);
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(stem).arg(n);
        if (isFreeFor(candidate))
            return candidate;
    }
}

} // namespace sb::server
