#include "RoomHandler.h"

#include "ClientConnection.h"
#include "HistoryQuery.h"
#include "Payloads.h"
#include "PresenceHandler.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

namespace sb::server {

using namespace sb::protocol;

namespace {
QString roomOf(const Envelope &request)
{
    return request.payload.value(QLatin1String("room")).toString();
}
} // namespace

bool RoomHandler::admit(ClientConnection *connection, const Envelope &request, const QString &room)
{
    if (connection->mayEnter(room, m_context.config.privateRooms))
        return true;
    connection->sendError(request.id, ErrorCode::Forbidden,
                          QStringLiteral("#%1 is private; your token does not include it").arg(room));
    return false;
}

void RoomHandler::reportUnreadable(ClientConnection *connection, const Envelope &request)
{
    connection->sendError(request.id, ErrorCode::Internal,
                          QStringLiteral("the message store is unreachable; retry in a moment"));
}

void RoomHandler::join(ClientConnection *connection, const Envelope &request)
{
    const QString name = roomOf(request);
    if (!admit(connection, request, name))
        return;
    if (!connection->rooms().contains(name)
        && connection->rooms().size() >= m_context.config.maxRoomsPerConnection) {
        connection->sendError(request.id, ErrorCode::InvalidArgument,
                              QStringLiteral("a connection may be in at most %1 rooms; leave one first")
                                  .arg(m_context.config.maxRoomsPerConnection));
        return;
    }
    RoomState *loaded = m_context.room(name);
    if (!loaded) {
        reportUnreadable(connection, request);
        return;
    }
    RoomState &room = *loaded;

    // Resume: replay what the client missed since its last seq, bounded. Only seqs already
    // broadcast are replayed, so nothing still on its way from the store arrives twice.
    QList<StoredMessage> missed;
    bool gap = false;
    const QJsonValue since = request.payload.value(QLatin1String("since"));
    if (!since.isUndefined()) {
        const QJsonValue epoch = request.payload.value(QLatin1String("epoch"));
        const bool sameHistory = epoch.isUndefined() || epoch.toString() == room.epoch;
        // With another epoch the client's seqs name other messages: start from the beginning.
        const qint64 from = sameHistory ? qint64(since.toDouble()) : 0;
        const HistoryPage page =
            m_context.store->after(name, from, room.lastSeq, m_context.config.replayLimit);
        if (!page.ok) {
            reportUnreadable(connection, request);
            return;
        }
        missed = page.messages;
        gap = page.hasMore || !sameHistory;
    }
    const bool newMember = m_context.registry.join(room, connection);

    QJsonObject ack{{QLatin1String("room"), name},
                    {QLatin1String("last_seq"), room.lastSeq},
                    {QLatin1String("epoch"), room.epoch}};
    if (gap)
        ack.insert(QLatin1String("gap"), true);
    connection->send(Envelope::ack(request.id, ack));
    for (const StoredMessage &message : missed)
        connection->send(Payloads::roomEvent(message));
    connection->send(Envelope::make(MessageType::PresenceSnapshot,
                                    Payloads::presenceSnapshot(room, m_context.registry)));
    if (newMember)
        m_presence.announceJoin(room, connection);
}

void RoomHandler::leave(ClientConnection *connection, const Envelope &request)
{
    const QString name = roomOf(request);
    RoomState *room = m_context.registry.findRoom(name);
    if (!room || !room->connections.contains(connection)) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("you are not in #%1").arg(name));
        return;
    }
    depart(*room, connection);
    connection->send(Envelope::ack(request.id, {{QLatin1String("room"), name}}));
}

void RoomHandler::leaveAll(ClientConnection *connection)
{
    const QSet<QString> rooms = connection->rooms();
    for (const QString &name : rooms) {
        if (RoomState *room = m_context.registry.findRoom(name))
            depart(*room, connection);
    }
}

void RoomHandler::depart(RoomState &room, ClientConnection *connection)
{
    if (!m_context.registry.leave(room, connection))
        return;
    // The user's typing there ends with them; the others must hear it, or "… is typing" stayed
    // on their screens for good when a typist left the room or disconnected.
    m_presence.stopTyping(room, connection->user());
    m_presence.announceLeave(room, connection->user());
}

void RoomHandler::list(ClientConnection *connection, const Envelope &request)
{
    const QJsonArray rooms = m_context.roomSummaries(*connection);
    connection->send(Envelope::make(MessageType::RoomList, {{QLatin1String("rooms"), rooms}},
                                    request.id));
}

void RoomHandler::history(ClientConnection *connection, const Envelope &request)
{
    const QString name = roomOf(request);
    if (!admit(connection, request, name))
        return;
    if (!m_context.registry.findRoom(name) && !m_context.store->exists(name)) {
        if (!m_context.store->isAvailable())
            reportUnreadable(connection, request);
        else
            connection->sendError(request.id, ErrorCode::NotFound,
                                  QStringLiteral("no room #%1").arg(name));
        return;
    }
    const RoomState *loaded = m_context.room(name);
    if (!loaded) {
        reportUnreadable(connection, request);
        return;
    }
    const RoomState &room = *loaded;
    const HistoryQuery query(request.payload);
    if (const std::optional<QString> problem = query.problem()) {
        connection->sendError(request.id, ErrorCode::InvalidArgument, *problem);
        return;
    }
    // Messages only, their changes folded in: an old client pages through them as before.
    const HistoryPage page = query.read(*m_context.store, name, room.lastSeq + 1);
    if (!page.ok) {
        reportUnreadable(connection, request);
        return;
    }
    QJsonObject reply = query.reply(page, Payloads::chatMessage);
    reply.insert(QLatin1String("room"), name);
    connection->send(Envelope::make(MessageType::History, reply, request.id));
}

} // namespace sb::server
