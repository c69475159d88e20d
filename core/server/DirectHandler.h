#pragma once

#include <QJsonArray>

#include <optional>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct ServerContext;
struct UserState;

// Direct conversations beyond live delivery: `dm.history`, and the welcome's list of the user's
// conversations with their last seqs, so a session that was away catches up on DMs the way it
// resumes rooms. A guest reads only what was exchanged since it took its name
// (ClientConnection::directHistorySince).
class DirectHandler
{
public:
    explicit DirectHandler(ServerContext &context)
        : m_context(context)
    {
    }

    void history(ClientConnection *connection, const protocol::Envelope &request);
    // welcome.dms: [{with, last_seq, epoch}]; nothing when the store cannot be read just now.
    std::optional<QJsonArray> conversationsOf(const ClientConnection &connection);
    // This instance was not subscribed to the other instances' messages since `lostAtMs`
    // (Redis): sends this instance's sessions the DMs stored since then, again. Clients drop
    // the seqs they already have; a session whose hole is deeper than one page fills the rest
    // itself.
    void catchUp(qint64 lostAtMs);

private:
    void catchUp(const UserState &user, qint64 sinceMs);

    ServerContext &m_context;
};

} // namespace sb::server
