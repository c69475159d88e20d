#pragma once

#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct ClusterEvent;
struct RoomState;
struct ServerContext;

// Presence and typing: `presence.set`, `typing` with its expiry, and the `room.event` and
// `presence` notices when users come and go. With a backplane (--redis) every change made here
// is also published, and changes from other instances reach this one's members (remoteEvent).
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

    // The joiner's user is now in the room on this instance (room.event + presence to the others).
    void announceJoin(RoomState &room, ClientConnection *joiner);
    // The user's last session on this instance left the room.
    void announceLeave(RoomState &room, const QString &user);
    // An `announce` to every connection of every instance.
    void announce(const QString &text, const QString &level);

    // What another instance published.
    void remoteEvent(const ClusterEvent &event);
    // Another instance died: its users leave every room they were in.
    void instanceGone(const QString &instance);

private:
    void sendTyping(RoomState &room, const QString &user, bool active);
    void tellJoined(RoomState &room, const QString &user, const QString &status,
                    const ClientConnection *except);
    void tellLeft(RoomState &room, const QString &user);
    void tellStatus(RoomState &room, const QString &user, const QString &status);
    void dropRemoteMember(RoomState &room, const QString &user, const QString &instance);
    void publish(const ClusterEvent &event);

    ServerContext &m_context;
};

} // namespace sb::server
