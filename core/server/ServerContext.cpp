#include "ServerContext.h"

#include "ClientConnection.h"
#include "Payloads.h"
#include "protocol/ErrorCode.h"

#include <QMap>

namespace sb::server {

RoomState *ServerContext::room(const QString &name)
{
    if (RoomState *known = registry.findRoom(name))
        return known;
    const ConversationInfo info = store->conversation(name);
    if (!info.ok)
        return nullptr;
    RoomState &room = registry.addRoom(name, info.epoch, info.lastSeq);
    if (backplane)
        room.remoteMembers = backplane->remoteMembers(name);
    return &room;
}

RoomState *ServerContext::readableRoom(ClientConnection *connection, const QString &requestId,
                                      const QString &name)
{
    if (!connection->mayEnter(name, config.privateRooms)) {
        connection->sendError(requestId, protocol::ErrorCode::Forbidden,
                              QStringLiteral("#%1 is private; your token does not include it").arg(name));
        return nullptr;
    }
    if (!registry.findRoom(name) && !store->exists(name)) {
        connection->sendError(requestId, protocol::ErrorCode::NotFound, QStringLiteral("no room #%1").arg(name));
        return nullptr;
    }
    RoomState *found = room(name);
    if (!found) {
        connection->sendError(requestId, protocol::ErrorCode::Internal,
                              QStringLiteral("the message store is unreachable; retry in a moment"));
    }
    return found;
}

void ServerContext::toUserEverywhere(const QString &user, const ClientConnection *except,
                                     const protocol::Envelope &envelope)
{
    fanout.toOtherSessions(user, except, envelope);
    if (!backplane)
        return;
    ClusterEvent event;
    event.kind = ClusterEvent::Kind::ToUser;
    event.user = user;
    event.type = envelope.type;
    event.payload = envelope.payload;
    backplane->publish(event);
}

QJsonArray ServerContext::roomSummaries(const ClientConnection &viewer)
{
    // Rooms this process loaded are authoritative; the store adds those nobody joined yet.
    QMap<QString, QJsonObject> byName;
    for (const ConversationInfo &stored : store->rooms())
        byName.insert(stored.name, Payloads::roomSummary(stored.name, 0, stored.lastSeq));
    for (const RoomState &live : registry.rooms())
        byName.insert(live.name, Payloads::roomSummary(live.name, live.memberCount(), live.lastSeq));
    QJsonArray rooms;
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        if (viewer.mayEnter(it.key(), config.privateRooms)) // a private room stays unseen
            rooms.append(it.value());
    }
    return rooms;
}

} // namespace sb::server
