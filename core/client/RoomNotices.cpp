#include "RoomNotices.h"

#include "Parse.h"
#include "protocol/MessageType.h"

namespace sb::client {

namespace T = sb::protocol::MessageType;

bool RoomNotices::handle(const protocol::Envelope &e)
{
    const QJsonObject &p = e.payload;
    const auto text = [&p](const char *key) { return p.value(QLatin1String(key)).toString(); };
    if (e.type == T::Typing)
        emit typingChanged(text("room"), text("user"), p.value(QLatin1String("active")).toBool());
    else if (e.type == T::Presence)
        emit presenceChanged(text("room"), text("user"), text("status"));
    else if (e.type == T::PresenceSnapshot)
        emit presenceSnapshot(text("room"), Parse::presenceSnapshot(p));
    else if (e.type == T::RoomEvent)
        emit memberChanged(text("room"), text("user"), text("event") == QLatin1String("join"));
    else if (e.type == T::RoomList)
        emit roomsListed(p.value(QLatin1String("rooms")).toArray());
    else if (e.type == T::Announce)
        emit announced(text("text"), text("level"));
    else
        return false;
    return true;
}

} // namespace sb::client
