#pragma once

#include "ConnectionState.h"
#include "HeartbeatMonitor.h"
#include "ReachabilityProbe.h"
#include "ReconnectPolicy.h"
#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QSslCertificate;
class QSslError;
class QWebSocket;

namespace sb::client {

class NetworkWatcher;

// Who the client says it is in `hello`.
struct Identity
{
    QString name;     // wished-for name (guests)
    QString token;    // signed token, when the server wants one
    QString instance; // this install's id: a reconnecting guest keeps its name
    QString appVersion;
};

// The client's one door to the server: a QWebSocket wrapped in an explicit state machine
// (ConnectionState), with `hello`/`welcome`, a heartbeat that finds ghost connections, reconnect
// with backoff and jitter, and a send queue with a high-water mark (QWebSocket itself buffers
// without limit). It knows nothing of rooms or messages; Session builds on it.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int connectTimeoutMs = 10000;             // TCP + handshake + welcome
        qint64 sendHighWaterBytes = 1024 * 1024;  // above: send() queues, congestion signalled
        bool preferCbor = true;
        int heartbeatMs = 15000;                  // at most; the server's welcome may ask for less
        ReconnectPolicy::Settings reconnect;
        ReachabilityProbe::Settings probe; // knocks during long waits after a refusal
    };

    explicit ConnectionManager(QObject *parent = nullptr);
    ConnectionManager(Options options, ReconnectPolicy::Random random, QObject *parent = nullptr);
    ~ConnectionManager() override;

    void setIdentity(const Identity &identity) { m_identity = identity; }
    // SHA-256 fingerprints (hex) of certificates the user chose to trust although they do not
    // verify (self-signed servers). Anything else that fails verification is refused.
    void setPinnedCertificates(const QStringList &sha256) { m_pinned = sha256; }
    static QString fingerprint(const QSslCertificate &certificate);
    const Identity &identity() const { return m_identity; }

    // Connects, and keeps reconnecting until close() or a final refusal.
    void open(const QUrl &url);
    // The user's disconnect: close 1000, no reconnect.
    void close();
    // Try now, with the backoff schedule reset (the user asked, the network came back).
    void reconnectNow();

    // Sends when open; false otherwise (durable messages wait in the Outbox meanwhile).
    bool send(const protocol::Envelope &envelope);

    ConnectionState state() const { return m_state; }
    StateReason lastReason() const { return m_reason; }
    QUrl url() const { return m_url; }
    protocol::WireFormat format() const { return m_format; }
    int rttMs() const { return m_heartbeat.rttMs(); }
    // While WaitingToReconnect: ms until the next attempt.
    int msUntilReconnect() const;
    bool isCongested() const { return m_congested; }
    qint64 queuedBytes() const;
    // The server's welcome payload of the current connection ({user, session, …}).
    const QJsonObject &welcome() const { return m_welcome; }
    QString user() const;
    int attempts() const { return m_policy.attempts(); }

    // The network came back or the machine woke up: check the connection at once.
    void checkNow();

signals:
    void stateChanged(sb::client::ConnectionState state, const sb::client::StateReason &reason);
    void opened(const QJsonObject &welcome);
    void envelopeReceived(const sb::protocol::Envelope &envelope);
    void rttChanged(int ms);
    void congestionChanged(bool congested);
    void reconnectScheduled(int delayMs);
    // The server's certificate did not verify and is not pinned: the connection stops (no
    // retry would fix it) until the user decides; pin it and reconnect to trust it.
    void certificateRejected(const QSslCertificate &certificate, const QString &errors);
    // While waiting after a refusal, a knock on the server's port was answered: the wait is
    // cut short (and the backoff starts over) with an attempt right now.
    void serverReachable();

private:
    void startAttempt();
    void onSocketConnected();
    void onSocketError();
    void onSslErrors(const QList<QSslError> &errors);
    void onSocketDisconnected();
    void onFrame(const QByteArray &frame, bool binary);
    void lost(int closeCode, const QString &message);
    QString dropReason() const; // why the socket closed, when the server gave no reason
    void setState(ConnectionState state, StateReason reason = {});
    void write(const QByteArray &frame);
    void transmit(const QByteArray &frame);
    void pump();
    void onBytesWritten(qint64 bytes);
    void updateCongestion();
    void heartbeatTick();
    void discardSocket();
    // The attempt failed before any server answered (refused, no such host, no route): then a
    // knock on the port tells when one is back. Not when a server took the connection and
    // dropped it: its port answers all along, and knocks would defeat the backoff.
    bool serverUnreachable() const;
    void onServerReachable();
    qint64 now() const { return m_clock.elapsed(); }

    Options m_options;
    ReconnectPolicy m_policy;
    HeartbeatMonitor m_heartbeat;
    Identity m_identity;
    QStringList m_pinned;
    QUrl m_url;
    QPointer<QWebSocket> m_socket; // a fresh one per attempt, so a late signal of an old one
                                   // can never be taken for the new connection's
    ConnectionState m_state = ConnectionState::Disconnected;
    StateReason m_reason;
    protocol::WireFormat m_format = protocol::WireFormat::Json;
    QJsonObject m_welcome;
    bool m_userClosed = false;
    qint64 m_openedAtMs = -1;

    QList<QByteArray> m_queue; // frames waiting for the socket to drain
    qint64 m_unwritten = 0;    // bytes handed to the socket and not yet written
    bool m_congested = false;

    QElapsedTimer m_clock;
    QTimer m_connectTimer;
    QTimer m_reconnectTimer;
    QTimer m_heartbeatTimer;
    QTimer m_closeTimer;
    ReachabilityProbe m_probe;
    NetworkWatcher *m_network = nullptr;
    quint64 m_pingSerial = 0;
};

} // namespace sb::client
