#pragma once

#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct RoomState;
struct ServerContext;

// Presence and typing: `presence.set`, `typing` with its expiry, and the `room.event` and
// `presence` notices when users come and go.
class PresenceHandler
{
public:
    explicit PresenceHandler(ServerContext &context)
        : m_context(context)
    {
    }

    void setPresence(ClientConnection *connection, const protocol::Envelope &request);
    void typing(ClientConnection *connection, const protocol::Envelope &request);

    // Sends `typing active:false` for every typing state past its deadline.
    void expireTyping();
    // The user sent a message in the room, so they are no longer typing there.
    void stopTyping(RoomState &room, const QString &user);

    // Tells the room's other members that `user` joined (room.event + presence).
    void announceJoin(RoomState &room, ClientConnection *joiner);
    // Tells the room that `user` left it.
    void announceLeave(RoomState &room, const QString &user);
    // Tells every room the user is in that their status is now `status`.
    void announceStatus(const QString &user, const QString &status);

private:
    void sendTyping(RoomState &room, const QString &user, bool active);

    ServerContext &m_context;
};

} // namespace sb::server
