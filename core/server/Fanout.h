#pragma once

#include <QStringList>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class Registry;
struct RoomState;
struct UserState;
class SharedFrame;

// Outbound fan-out: broadcast to a room or to everyone, unicast to every session of a user, multicast to
// several users. Each envelope is encoded once per wire format however many receive it.
class Fanout
{
public:
    explicit Fanout(Registry &registry)
        : m_registry(registry)
    {
    }

    void toRoom(const RoomState &room, const protocol::Envelope &envelope,
                const ClientConnection *except = nullptr);
    void toUser(const UserState &user, const protocol::Envelope &envelope);
    // Every session of `user` but `except` (the one whose request it answers: it has the ack).
    void toOtherSessions(const QString &user, const ClientConnection *except,
                         const protocol::Envelope &envelope);
    // Each session of each named user that is online, once even if a name repeats.
    void toUsers(const QStringList &users, const protocol::Envelope &envelope);
    void toAll(const protocol::Envelope &envelope);

private:
    Registry &m_registry;
};

} // namespace sb::server
