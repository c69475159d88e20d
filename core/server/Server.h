#pragma once

#include "ChatHandler.h"
#include "DirectHandler.h"
#include "PresenceHandler.h"
#include "RoomHandler.h"
#include "ServerConfig.h"
#include "ServerContext.h"
#include "SessionHandler.h"
#include "WsEngine.h"
#include "market/TickerHandler.h"
#include "redis/RedisEngine.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace sb::server {

class ClientConnection;
class DemoMode;
class HistoryStore;
class MetricsServer;
class TickerFeed;

// switchboard-server's engine: accepts WebSockets (through a WsEngine, `--ws-engine`), routes each request to its handler, runs the
// shared heartbeat and expiry timers, and shuts down without losing an acked message.
class Server : public QObject
{
    Q_OBJECT

public:
    explicit Server(ServerConfig config, QObject *parent = nullptr);
    ~Server() override;

    // Opens history and starts listening. False with `error` set when either fails.
    bool start(QString *error);
    quint16 port() const;
    QUrl url() const;
    // The port of /metrics and /healthz; 0 when they are not served (no --metrics-port).
    quint16 metricsPort() const;
    QUrl metricsUrl() const;
    // Why /healthz says 503 (shutting down, not listening, store closed, Redis down); empty
    // while the server can serve.
    QString healthProblem() const;
    int connectionCount() const { return int(m_connections.size()); }
    const ServerConfig &config() const { return m_config; }
    const ServerStats &stats() const { return m_context.stats; }

    // Stops accepting, commits and acks what is queued, closes every client with 1001, then
    // emits stopped(). Connections still open after `graceMs` are aborted.
    void shutdown(int graceMs = 2000);

    // An `announce` from the server itself (demo mode, operators).
    void announce(const QString &text, const QString &level = QStringLiteral("info"));

signals:
    void stopped();

private:
    using Handler = std::function<void(ClientConnection *, const protocol::Envelope &)>;

    void registerHandlers();
    void onAccepted(WsConnection *socket);
    void onRequest(ClientConnection *connection, const protocol::Envelope &request);
    void onDisconnected(ClientConnection *connection);
    void heartbeat();
    void finishShutdown();
    // SQLite in the data dir, or Redis shared with other instances (--redis).
    bool openStore(QString *error);
    void closeStore();
    bool startFeed(QString *error);
    bool startMetrics(QString *error);
    bool checkExposure(QString *error) const;
    bool configureTls(QString *error);
    void startDemo();
    QHostAddress listeningAddress() const;
    void stopListening();

    ServerConfig m_config;
    ServerContext m_context;
    std::unique_ptr<HistoryStore> m_sqlite;
    std::unique_ptr<RedisEngine> m_redis;
    PresenceHandler m_presence;
    RoomHandler m_rooms;
    ChatHandler m_chat;
    DirectHandler m_directs;
    SessionHandler m_sessions;
    TickerHandler m_ticker;
    TickerFeed *m_feed = nullptr;
    DemoMode *m_demo = nullptr;
    QHash<QString, Handler> m_handlers;

    std::optional<QSslConfiguration> m_tls; // from --tls-cert and --tls-key
    std::unique_ptr<WsEngine> m_engine;  // listens and does the handshakes, once started
    QSet<ClientConnection *> m_connections; // every accepted socket, identified or not
    QHash<QString, int> m_connectionsPerIp;
    QTimer m_heartbeatTimer;
    QTimer m_expiryTimer;
    QTimer m_shutdownDeadline;
    bool m_shuttingDown = false;
    // Last, so it goes first: its callbacks read everything above.
    std::unique_ptr<MetricsServer> m_metrics;
};

} // namespace sb::server
