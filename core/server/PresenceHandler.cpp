#include "PresenceHandler.h"

#include "Backplane.h"
#include "ClientConnection.h"
#include "ServerContext.h"
#include "SharedFrame.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

namespace sb::server {

using namespace sb::protocol;
using Kind = ClusterEvent::Kind;

void PresenceHandler::setPresence(ClientConnection *connection, const Envelope &request)
{
    UserState *user = m_context.registry.findUser(connection->user());
    const QString status = request.payload.value(QLatin1String("status")).toString();
    if (!user || user->status == status)
        return;
    user->status = status;
    QSet<QString> rooms;
    for (const ClientConnection *session : user->sessions)
        rooms.unite(session->rooms());
    for (const QString &name : rooms) {
        if (RoomState *room = m_context.registry.findRoom(name)) {
            tellStatus(*room, user->name, status);
            publish({Kind::Status, {}, name, user->name, status, false, {}, {}});
        }
    }
}

void PresenceHandler::typing(ClientConnection *connection, const Envelope &request)
{
    const QString roomName = request.payload.value(QLatin1String("room")).toString();
    RoomState *room = m_context.registry.findRoom(roomName);
    if (!room || !room->connections.contains(connection)) {
        connection->sendError(request.id, ErrorCode::Forbidden,
                              QStringLiteral("join #%1 before typing in it").arg(roomName));
        return;
    }
    const QString &user = connection->user();
    const bool active = request.payload.value(QLatin1String("active")).toBool();
    const bool wasTyping = room->typingUntil.contains(user);
    if (active) {
        // Clients repeat `typing` while the user types; only the change is worth a broadcast.
        room->typingUntil.insert(user, m_context.steadyNow() + m_context.config.typingTimeoutMs);
        if (!wasTyping) {
            sendTyping(*room, user, true);
            publish({Kind::Typing, {}, room->name, user, {}, true, {}, {}});
        }
    } else if (wasTyping) {
        stopTyping(*room, user);
    }
}

void PresenceHandler::expireTyping()
{
    const qint64 now = m_context.steadyNow();
    for (auto roomIt = m_context.registry.rooms().cbegin();
         roomIt != m_context.registry.rooms().cend(); ++roomIt) {
        if (roomIt->typingUntil.isEmpty())
            continue;
        RoomState &room = *m_context.registry.findRoom(roomIt.key());
        QStringList expired;
        for (auto it = room.typingUntil.cbegin(); it != room.typingUntil.cend(); ++it) {
            if (it.value() <= now)
                expired.append(it.key());
        }
        for (const QString &user : expired)
            stopTyping(room, user);
    }
}

void PresenceHandler::stopTyping(RoomState &room, const QString &user)
{
    if (!room.typingUntil.remove(user))
        return;
    sendTyping(room, user, false);
    publish({Kind::Typing, {}, room.name, user, {}, false, {}, {}});
}

void PresenceHandler::sendTyping(RoomState &room, const QString &user, bool active)
{
    const Envelope notice = Envelope::make(
        MessageType::Typing, {{QLatin1String("room"), room.name},
                              {QLatin1String("user"), user},
                              {QLatin1String("active"), active}});
    // The typist's own sessions need not hear it.
    const UserState *typist = m_context.registry.findUser(user);
    const SharedFrame frame(notice);
    for (ClientConnection *member : room.connections) {
        if (!typist || !typist->sessions.contains(member))
            member->send(frame);
    }
}

void PresenceHandler::announceJoin(RoomState &room, ClientConnection *joiner)
{
    const QString &user = joiner->user();
    const UserState *state = m_context.registry.findUser(user);
    const QString status = state ? state->status : QStringLiteral("online");
    // Already in the room through another instance: nobody here needs to hear it again.
    if (!room.remoteMembers.contains(user))
        tellJoined(room, user, status, joiner);
    publish({Kind::Join, {}, room.name, user, status, false, {}, {}});
}

void PresenceHandler::announceLeave(RoomState &room, const QString &user)
{
    if (!room.remoteMembers.contains(user))
        tellLeft(room, user);
    publish({Kind::Leave, {}, room.name, user, {}, false, {}, {}});
}

void PresenceHandler::announce(const QString &text, const QString &level)
{
    m_context.fanout.toAll(Envelope::make(MessageType::Announce, {{QLatin1String("text"), text},
                                                                  {QLatin1String("level"), level}}));
    publish({Kind::Announce, {}, {}, {}, {}, false, text, level});
}

void PresenceHandler::remoteEvent(const ClusterEvent &event)
{
    if (event.kind == Kind::Announce) {
        m_context.fanout.toAll(Envelope::make(MessageType::Announce,
                                              {{QLatin1String("text"), event.text},
                                               {QLatin1String("level"), event.level}}));
        return;
    }
    // Rooms this instance never loaded have nobody here to tell; they read the shared
    // membership when they are loaded.
    RoomState *room = m_context.registry.findRoom(event.room);
    if (!room)
        return;
    switch (event.kind) {
    case Kind::Join: {
        const bool wasMember = room->hasMember(event.user);
        room->remoteMembers[event.user].insert(event.instance, event.status);
        if (!wasMember)
            tellJoined(*room, event.user, event.status, nullptr);
        break;
    }
    case Kind::Leave:
        dropRemoteMember(*room, event.user, event.instance);
        break;
    case Kind::Status: {
        auto member = room->remoteMembers.find(event.user);
        if (member == room->remoteMembers.end())
            break;
        member->insert(event.instance, event.status);
        tellStatus(*room, event.user, event.status);
        break;
    }
    case Kind::Typing:
        sendTyping(*room, event.user, event.active);
        break;
    case Kind::Announce:
    case Kind::ToUser: // not presence (Server routes it to the user's sessions)
        break;
    }
}

void PresenceHandler::instanceGone(const QString &instance)
{
    const QStringList rooms = m_context.registry.rooms().keys();
    for (const QString &name : rooms) {
        RoomState *room = m_context.registry.findRoom(name);
        QStringList users;
        for (auto it = room->remoteMembers.cbegin(); it != room->remoteMembers.cend(); ++it) {
            if (it->contains(instance))
                users.append(it.key());
        }
        for (const QString &user : users) {
            // A typist on the dead instance will never send `active:false` itself.
            sendTyping(*room, user, false);
            dropRemoteMember(*room, user, instance);
        }
    }
}

void PresenceHandler::dropRemoteMember(RoomState &room, const QString &user, const QString &instance)
{
    auto member = room.remoteMembers.find(user);
    if (member == room.remoteMembers.end() || !member->remove(instance))
        return;
    if (member->isEmpty())
        room.remoteMembers.erase(member);
    if (!room.hasMember(user))
        tellLeft(room, user);
}

void PresenceHandler::tellJoined(RoomState &room, const QString &user, const QString &status,
                                 const ClientConnection *except)
{
    m_context.fanout.toRoom(room,
                            Envelope::make(MessageType::RoomEvent,
                                           {{QLatin1String("room"), room.name},
                                            {QLatin1String("user"), user},
                                            {QLatin1String("event"), QStringLiteral("join")}}),
                            except);
    m_context.fanout.toRoom(room,
                            Envelope::make(MessageType::Presence,
                                           {{QLatin1String("room"), room.name},
                                            {QLatin1String("user"), user},
                                            {QLatin1String("status"), status}}),
                            except);
}

void PresenceHandler::tellLeft(RoomState &room, const QString &user)
{
    m_context.fanout.toRoom(room, Envelope::make(MessageType::RoomEvent,
                                                 {{QLatin1String("room"), room.name},
                                                  {QLatin1String("user"), user},
                                                  {QLatin1String("event"), QStringLiteral("leave")}}));
}

void PresenceHandler::tellStatus(RoomState &room, const QString &user, const QString &status)
{
    m_context.fanout.toRoom(room, Envelope::make(MessageType::Presence,
                                                 {{QLatin1String("room"), room.name},
                                                  {QLatin1String("user"), user},
                                                  {QLatin1String("status"), status}}));
}

void PresenceHandler::publish(const ClusterEvent &event)
{
    if (m_context.backplane)
        m_context.backplane->publish(event);
}

} // namespace sb::server
