#pragma once

#include "HistoryTypes.h"

#include <QString>

#include <optional>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class PresenceHandler;
struct RoomState;
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

    // What the ack of a stored send names besides seq and ts: the room, or the DM's recipient.
    enum class AckNames { Room, Recipient };

    // The send budgets of the connection and its user; refuses the request when spent. Every
    // write to a stream (messages and changes) spends from them.
    bool admitSend(ClientConnection *connection, const protocol::Envelope &request);
    // Stores the message or change and acks the request (its envelope id is append.clientId)
    // once it is durable, or reports why it could not be stored (the rules of changes refuse
    // some: nothing is stored then); the sender may be gone by then.
    void storeAndAck(ClientConnection *connection, AppendRequest append, AckNames names);
    // The room a stream write goes to, when `connection` has joined it; null (error sent) if not.
    RoomState *joinedRoom(ClientConnection *connection, const protocol::Envelope &request);
    // A DM stream write to the user named `to`: the conversation's request with its epoch;
    // nullopt (error sent) when the store cannot be read.
    std::optional<AppendRequest> directAppend(ClientConnection *connection, const protocol::Envelope &request);

private:
    void reportStoreFailure(ClientConnection *sender, const QString &id, const AppendResult &result);

    ServerContext &m_context;
    PresenceHandler &m_presence;
};

} // namespace sb::server
