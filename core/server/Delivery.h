#pragma once

#include "HistoryTypes.h"

namespace sb::server {

struct RoomState;
struct ServerContext;

// Hands stored messages to this process's members, whichever instance stored them. A room's
// messages go out strictly in seq order: a seq already delivered is dropped (a repeat), and a
// seq beyond the next one is preceded by the missing ones, read back from the store (with Redis,
// pub/sub loses what was published while this instance was not subscribed).
class Delivery
{
public:
    explicit Delivery(ServerContext &context)
        : m_context(context)
    {
    }

    void stored(const StoredMessage &message);
    // Delivers whatever the store holds beyond what this process delivered in the room: after
    // the link to a shared store came back.
    void catchUp(RoomState &room);

private:
    void fillUpTo(RoomState &room, qint64 seq);
    void deliverToRoom(RoomState &room, const StoredMessage &message);

    ServerContext &m_context;
};

} // namespace sb::server
