#pragma once

#include <QJsonObject>
#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct NotifySetting;
struct ServerContext;

// Notification settings: `room.notify {room, level?, muted?}` and `dm.notify {with, level?,
// muted?}` say how the user wants to hear of a conversation. Kept per user by the store beside
// the read markers, acked with the setting kept, pushed as `notify.settings` to the user's other
// sessions and listed in every `welcome`, so every device of the user agrees. The server only
// keeps them: notifying is the client's.
class NotifyHandler
{
public:
    explicit NotifyHandler(ServerContext &context)
        : m_context(context)
    {
    }

    void roomNotify(ClientConnection *connection, const protocol::Envelope &request);
    void dmNotify(ClientConnection *connection, const protocol::Envelope &request);
    // welcome.notify_settings: {conversation key: {level, muted}} of the connection's user (only
    // the conversations the user set, and no private room its token no longer names).
    static QJsonObject settingsOf(ServerContext &context, const ClientConnection &connection);

private:
    // Applies the request's fields over the kept setting, stores it, acks and tells the user's
    // other sessions. `where` is {room} or {with}.
    void record(ClientConnection *connection, const protocol::Envelope &request, const QString &key,
                QJsonObject where);

    ServerContext &m_context;
};

} // namespace sb::server
