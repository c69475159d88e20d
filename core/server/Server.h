#pragma once

#include "ChangeHandler.h"
#include "ChatHandler.h"
#include "DirectHandler.h"
#include "PresenceHandler.h"
#include "NotifyHandler.h"
#include "ReadMarkerHandler.h"
#include "RoomHandler.h"
#include "SearchHandler.h"
#include "ServerConfig.h"
#include "ServerContext.h"
#include "ServerSetup.h"
#include "SessionHandler.h"
#include "WsEngine.h"
#include "market/TickerHandler.h"
#include "market/TickerHistoryHandler.h"

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
class MetricsServer;
class TickerFeed;

// switchboard-server's engine: accepts WebSockets (through a WsEngine, `--ws-engine`), routes each request to its handler, runs the
// shared heartbeat and expiry timers, and shuts down without losing an acked message. What it
// needs before it serves (TLS, the store, the feed, metrics, the demo) comes from ServerSetup.
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
    // Opens the store (ServerSetup) and hands it, and the Redis engine's events, to the handlers.
    bool attachStore(QString *error);
    void closeStore();
    bool startFeed(QString *error);
    QHostAddress listeningAddress() const;
    void stopListening();

    ServerConfig m_config;
    ServerContext m_context;
    ServerSetup m_setup;
    PresenceHandler m_presence;
    RoomHandler m_rooms;
    ChatHandler m_chat;
    ChangeHandler m_changes;
    DirectHandler m_directs;
    ReadMarkerHandler m_readMarkers;
    NotifyHandler m_notify;
    SearchHandler m_search;
    SessionHandler m_sessions;
    TickerHandler m_ticker;
    TickerHistoryHandler m_tickerHistory;
    TickerFeed *m_feed = nullptr;
    DemoMode *m_demo = nullptr;
    QHash<QString, Handler> m_handlers;

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
