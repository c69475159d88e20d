#include "Fanout.h"

#include "ClientConnection.h"
#include "Registry.h"
#include "SharedFrame.h"

#include <QStringList>

namespace sb::server {

void Fanout::toRoom(const RoomState &room, const protocol::Envelope &envelope,
                    const ClientConnection *except)
{
    const SharedFrame frame(envelope);
    for (ClientConnection *connection : room.connections) {
        if (connection != except)
            connection->send(frame);
    }
}

void Fanout::toUser(const UserState &user, const protocol::Envelope &envelope)
{
    const SharedFrame frame(envelope);
    for (ClientConnection *connection : user.sessions)
        connection->send(frame);
}

void Fanout::toOtherSessions(const QString &user, const ClientConnection *except,
                             const protocol::Envelope &envelope)
{
    const UserState *state = m_registry.findUser(user);
    if (!state)
        return;
    const SharedFrame frame(envelope);
    for (ClientConnection *connection : state->sessions) {
        if (connection != except)
            connection->send(frame);
    }
}

void Fanout::toUsers(const QStringList &users, const protocol::Envelope &envelope)
{
    const SharedFrame frame(envelope);
    QStringList seen;
    for (const QString &name : users) {
        if (seen.contains(name))
            continue;
        seen.append(name);
        if (const UserState *user = m_registry.findUser(name)) {
            for (ClientConnection *connection : user->sessions)
                connection->send(frame);
        }
    }
}

void Fanout::toAll(const protocol::Envelope &envelope)
{
    const SharedFrame frame(envelope);
    for (const UserState &user : m_registry.users()) {
        for (ClientConnection *connection : user.sessions)
            connection->send(frame);
    }
}

} // namespace sb::server
