#pragma once

#include "HistoryTypes.h"

#include <optional>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct ServerContext;

// `search {query, room?, from?, before?, limit?}`: full-text search (SQLite FTS5) over what the
// asker may read: every room its token lets it enter (a private room stays private) and its own
// DMs (a guest's only since it took its name). Hits newest first, with a highlighted snippet.
class SearchHandler
{
public:
    explicit SearchHandler(ServerContext &context)
        : m_context(context)
    {
    }

    void search(ClientConnection *connection, const protocol::Envelope &request);

private:
    // The conversations the request may search; nullopt (error sent) when it names a room it
    // may not read or that does not exist.
    std::optional<SearchRequest> scope(ClientConnection *connection, const protocol::Envelope &request);

    ServerContext &m_context;
};

} // namespace sb::server
