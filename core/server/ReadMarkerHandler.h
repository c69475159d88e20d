#pragma once

#include <QJsonObject>
#include <QString>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
struct ServerContext;

// Read markers: `room.read {room, seq}` and `dm.read {with, seq}` say how far the user has read.
// Kept per user by the store (only ever forward), acked with the marker, and pushed as
// `read.marker` to the user's other sessions (unread counts agree on every device) and, for a
// DM, to the other user's sessions ("Seen"). Not an event of the stream: no seq of its own.
class ReadMarkerHandler
{
public:
    explicit ReadMarkerHandler(ServerContext &context)
        : m_context(context)
    {
    }

    void roomRead(ClientConnection *connection, const protocol::Envelope &request);
    void dmRead(ClientConnection *connection, const protocol::Envelope &request);
    // welcome.read_markers: {conversation key: seq} of the connection's user.
    QJsonObject markersOf(const ClientConnection &connection);

private:
    // Refuses a seq beyond the conversation's last (the client names one it cannot have seen).
    bool withinStream(ClientConnection *connection, const protocol::Envelope &request, qint64 seq,
                      qint64 lastSeq);
    // Acks with the kept marker and tells the user's other sessions when it moved.
    qint64 record(ClientConnection *connection, const protocol::Envelope &request,
                  const QString &key, qint64 seq, QJsonObject marker);

    ServerContext &m_context;
};

} // namespace sb::server
