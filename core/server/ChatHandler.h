#pragma once

#include "HistoryTypes.h"

#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class PresenceHandler;
struct ServerContext;

// Messages: `chat.send` and `dm.send` (durable first, acked after the commit, delivered in seq
// order, retries deduped by (user, id)) and `announce`.
class ChatHandler
{
public:
    ChatHandler(ServerContext &context, PresenceHandler &presence)
        : m_context(context)
        , m_presence(presence)
    {
    }

    void chatSend(ClientConnection *connection, const protocol::Envelope &request);
    void dmSend(ClientConnection *connection, const protocol::Envelope &request);
    void announce(ClientConnection *connection, const protocol::Envelope &request);

private:
    // What the ack of a stored send names besides seq and ts: the room, or the DM's recipient.
    enum class AckNames { Room, Recipient };

    bool admitSend(ClientConnection *connection, const protocol::Envelope &request);
    void reportStoreFailure(ClientConnection *sender, const QString &id, const AppendResult &result);
    // Stores the message and acks the send (its envelope id is append.clientId) once it is
    // durable, or reports why it could not be stored; the sender may be gone by then.
    void storeAndAck(ClientConnection *connection, AppendRequest append, AckNames names);

    ServerContext &m_context;
    PresenceHandler &m_presence;
};

} // namespace sb::server
