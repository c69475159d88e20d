#pragma once

#include "HistoryTypes.h"

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ChatHandler;
class ClientConnection;
struct ServerContext;

// Edits, deletes and reactions of room messages (chat.edit, chat.delete, chat.react) and DMs
// (dm.edit, dm.delete, dm.react). Each is a write to the conversation's stream like a send: the
// same budgets, the same dedupe by id, acked once durable, delivered in seq order as chat.change
// or dm.change. Whether it may be stored (author, target, reaction limits) is decided where the
// stream is written (ChangeWriter), so nothing is stored or broadcast when it is refused.
class ChangeHandler
{
public:
    ChangeHandler(ServerContext &context, ChatHandler &chat)
        : m_context(context)
        , m_chat(chat)
    {
    }

    // Any of the six types: the type says where (chat. or dm.) and what (edit, delete, react).
    void change(ClientConnection *connection, const protocol::Envelope &request);

private:
    void inRoom(ClientConnection *connection, const protocol::Envelope &request, ChangeKind kind);
    void inDirect(ClientConnection *connection, const protocol::Envelope &request, ChangeKind kind);
    static ChangeKind kindOf(const protocol::Envelope &request);
    static void describe(AppendRequest &append, const protocol::Envelope &request, ChangeKind kind);

    ServerContext &m_context;
    ChatHandler &m_chat;
};

} // namespace sb::server
