#include "ServerContext.h"

#include "Payloads.h"

#include <QMap>

namespace sb::server {

RoomState &ServerContext::room(const QString &name)
{
    if (RoomState *known = registry.findRoom(name))
        return *known;
    const ConversationInfo info = store.conversation(name);
    return registry.addRoom(name, info.epoch, info.lastSeq);
}

QJsonArray ServerContext::roomSummaries()
{
    // Rooms this process loaded are authoritative; the store adds those nobody joined yet.
    QMap<QString, QJsonObject> byName;
    for (const ConversationInfo &stored : store.rooms())
        byName.insert(stored.name, Payloads::roomSummary(stored.name, 0, stored.lastSeq));
    for (const RoomState &live : registry.rooms())
        byName.insert(live.name, Payloads::roomSummary(live.name, int(live.members.size()), live.lastSeq));
    QJsonArray rooms;
    for (const QJsonObject &summary : std::as_const(byName))
        rooms.append(summary);
    return rooms;
}

} // namespace sb::server
