#pragma once

#include "Clock.h"
#include "TokenBucket.h"
#include "WsEngine.h"
#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <chrono>
#include <memory>

namespace sb::server {

class SharedFrame;
struct ServerConfig;
struct ServerStats;

enum class Role { Guest, User, Admin };

// One accepted WebSocket (a WsConnection of the server's engine): decodes its frames into
// envelopes, encodes what is sent to it in the format it negotiated, guards against floods, and
// answers the server's heartbeat. It knows who the peer is once `hello` succeeded, and which
// rooms it is in; what the envelopes mean is the handlers' business (requestReceived goes to
// Server::onRequest, which hands each type to its handler).
class ClientConnection : public QObject, private WsConnection::Handler
{
    Q_OBJECT

public:
    ClientConnection(WsConnection *socket, const ServerConfig &config, ServerStats &stats,
                     Clock clock, QObject *parent = nullptr);
    ~ClientConnection() override;

    quint64 serial() const { return m_serial; }
    protocol::WireFormat format() const { return m_format; }
    QHostAddress peerAddress() const;

    // Identity, set by `hello`.
    bool isIdentified() const { return !m_user.isEmpty(); }
    const QString &user() const { return m_user; }
    Role role() const { return m_role; }
    const QString &sessionId() const { return m_sessionId; }
    void identify(const QString &user, Role role, const QString &sessionId);

    // DMs of the user stored up to this ms (ts ≤ it) belong to someone who went by the same
    // guest name before (MessageStore::holdName): dm.history leaves them out. 0: none do
    // (signed-in users, and the first holder of a name).
    void setDirectHistorySince(qint64 ts) { m_directHistorySince = ts; }
    qint64 directHistorySince() const { return m_directHistorySince; }

    // Private rooms this connection's token lets it enter.
    void setPrivateRoomsAllowed(const QStringList &rooms) { m_privateRoomsAllowed = rooms; }
    bool mayEnter(const QString &room, const QStringList &privateRooms) const
    {
        return !privateRooms.contains(room) || m_privateRoomsAllowed.contains(room);
    }

    QSet<QString> &rooms() { return m_rooms; }
    const QSet<QString> &rooms() const { return m_rooms; }

    void send(const protocol::Envelope &envelope);
    void send(const SharedFrame &frame);
    void sendError(const QString &requestId, QLatin1String code, const QString &message);
    // Closes with a code and a reason (cut to 123 bytes on a character boundary).
    void close(quint16 code, const QString &reason);
    bool isClosing() const { return m_closing; }

    // Chat sends have their own, tighter bucket (`--rate-limit`). False: refused and counted.
    bool tryChatSend();
    // A refused or malformed frame: counts towards closing a connection that keeps at it (1008).
    void addStrike(const QString &why);

    // Called by the server's shared heartbeat timer: pings, and closes with 4000 after two
    // intervals without a Pong.
    void heartbeatTick();

    // Backpressure. The engine buffers without limit and counts what the kernel has not taken
    // yet: over the high-water mark, ticker data is held back (conflated); over the hard limit
    // for too long, the client is closed with 4008.
    qint64 unsentBytes() const;
    bool isCongested() const;
    // Called by the server's expiry timer too: a stalled client that is sent nothing new
    // must still be closed once its grace is over.
    void checkBackpressure();

signals:
    void requestReceived(sb::server::ClientConnection *connection,
                         const sb::protocol::Envelope &request);
    void disconnected(sb::server::ClientConnection *connection);

private:
    // WsConnection::Handler
    void wsMessage(const QByteArray &frame, bool binary) override;
    void wsPong() override;
    void wsBytesWritten() override;
    void wsError(const QString &what) override;
    void wsClosed() override;

    void write(const WsMessage &message);
    // Closes a peer that does not read (no pongs, a full queue) and aborts if it stays silent.
    void closeUnresponsive(quint16 code, const QString &reason);

    std::unique_ptr<WsConnection> m_socket;
    qint64 m_directHistorySince = 0;
    const ServerConfig &m_config;
    ServerStats &m_stats;
    Clock m_clock;
    quint64 m_serial;
    protocol::WireFormat m_format;
    QString m_user;
    Role m_role = Role::Guest;
    QString m_sessionId;
    QSet<QString> m_rooms;
    QStringList m_privateRoomsAllowed;
    TokenBucket m_frameBucket;
    TokenBucket m_chatBucket;
    TokenBucket m_strikeBucket; // empties only under sustained abuse
    int m_missedPongs = 0;
    bool m_pingOutstanding = false;
    bool m_closing = false;
    qint64 m_overLimitSince = -1; // steady ms when unsentBytes() went over the hard limit
    // chat.send/dm.send id → arrival, for the ack latency histogram. Not the injected Clock:
    // acks take about a millisecond, its resolution.
    QHash<QString, std::chrono::steady_clock::time_point> m_sendsAwaitingAck;
};

} // namespace sb::server
