#include "PresenceHandler.h"

#include "ClientConnection.h"
#include "ServerContext.h"
#include "SharedFrame.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

namespace sb::server {

using namespace sb::protocol;

void PresenceHandler::setPresence(ClientConnection *connection, const Envelope &request)
{
    UserState *user = m_context.registry.findUser(connection->user());
    const QString status = request.payload.value(QLatin1String("status")).toString();
    if (!user || user->status == status)
        return;
    user->status = status;
    announceStatus(user->name, status);
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
        if (!wasTyping)
            sendTyping(*room, user, true);
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
    if (room.typingUntil.remove(user))
        sendTyping(room, user, false);
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
    m_context.router.toRoom(room,
                            Envelope::make(MessageType::RoomEvent,
                                           {{QLatin1String("room"), room.name},
                                            {QLatin1String("user"), user},
                                            {QLatin1String("event"), QStringLiteral("join")}}),
                            joiner);
    const UserState *state = m_context.registry.findUser(user);
    m_context.router.toRoom(room,
                            Envelope::make(MessageType::Presence,
                                           {{QLatin1String("room"), room.name},
                                            {QLatin1String("user"), user},
                                            {QLatin1String("status"),
                                             state ? state->status : QStringLiteral("online")}}),
                            joiner);
}

void PresenceHandler::announceLeave(RoomState &room, const QString &user)
{
    m_context.router.toRoom(room, Envelope::make(MessageType::RoomEvent,
                                                 {{QLatin1String("room"), room.name},
                                                  {QLatin1String("user"), user},
                                                  {QLatin1String("event"), QStringLiteral("leave")}}));
}

void PresenceHandler::announceStatus(const QString &user, const QString &status)
{
    const UserState *state = m_context.registry.findUser(user);
    if (!state)
        return;
    QSet<QString> rooms;
    for (const ClientConnection *session : state->sessions)
        rooms.unite(session->rooms());
    for (const QString &name : rooms) {
        if (RoomState *room = m_context.registry.findRoom(name)) {
            m_context.router.toRoom(*room, Envelope::make(MessageType::Presence,
                                                          {{QLatin1String("room"), name},
                                                           {QLatin1String("user"), user},
                                                           {QLatin1String("status"), status}}));
        }
    }
}

} // namespace sb::server
