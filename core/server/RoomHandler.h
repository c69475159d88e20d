#pragma once

#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class PresenceHandler;
struct RoomState;
struct ServerContext;

// Rooms: `room.join` (with resume from `since`), `room.leave`, `room.list`, `history.get`.
class RoomHandler
{
public:
    RoomHandler(ServerContext &context, PresenceHandler &presence)
        : m_context(context)
        , m_presence(presence)
    {
    }

    void join(ClientConnection *connection, const protocol::Envelope &request);
    void leave(ClientConnection *connection, const protocol::Envelope &request);
    void list(ClientConnection *connection, const protocol::Envelope &request);
    void history(ClientConnection *connection, const protocol::Envelope &request);

    // The connection is gone: take it out of every room, telling the others.
    void leaveAll(ClientConnection *connection);

private:
    // The store (Redis) could not be read: the request failed and may be retried.
    static void reportUnreadable(ClientConnection *connection, const protocol::Envelope &request);
    // Takes the connection out of the room; the others hear of it when it was the user's last
    // session there (typing stopped, then room.event leave).
    void depart(RoomState &room, ClientConnection *connection);
    // Private rooms only for the token holders they are granted to; `forbidden` otherwise.
    bool admit(ClientConnection *connection, const protocol::Envelope &request, const QString &room);

    ServerContext &m_context;
    PresenceHandler &m_presence;
};

} // namespace sb::server
