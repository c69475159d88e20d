#pragma once

#include <functional>

#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class DirectHandler;
class ReadMarkerHandler;
class RoomHandler;
struct ServerContext;

// A connection's life as a session: `hello` (guest or token), `ping`, and the goodbye when the
// socket goes.
class SessionHandler
{
public:
    SessionHandler(ServerContext &context, RoomHandler &rooms, DirectHandler &directs,
                   ReadMarkerHandler &readMarkers)
        : m_context(context)
        , m_rooms(rooms)
        , m_directs(directs)
        , m_readMarkers(readMarkers)
    {
    }

    void hello(ClientConnection *connection, const protocol::Envelope &request);
    void ping(ClientConnection *connection, const protocol::Envelope &request);
    void disconnected(ClientConnection *connection);

private:
    // Since when the connection's user has held its name (MessageStore::holdName): the start of
    // the DM history it may read.
    qint64 holdName(const ClientConnection &connection, const QString &install);
    // Ends the sessions of guests that hold a name its signed-in owner now claims.
    void evictGuests(const QString &user);
    // With several instances: a check that takes a guest name across all of them for `install`.
    std::function<bool(const QString &)> claimElsewhere(const QString &install) const;

    ServerContext &m_context;
    RoomHandler &m_rooms;
    DirectHandler &m_directs;
    ReadMarkerHandler &m_readMarkers;
};

} // namespace sb::server
