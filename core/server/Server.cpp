#include "Server.h"

#include "ClientConnection.h"
#include "MetricsServer.h"
#include "ServerMetrics.h"
#include "market/TickerFeed.h"
#include "redis/RedisEngine.h"
#include "protocol/CloseCode.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/WireFormat.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcServer, "switchboard.server")

namespace sb::server {

using namespace sb::protocol;

Server::Server(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_context(m_config)
    , m_setup(m_config, m_context.stats)
    , m_presence(m_context)
    , m_rooms(m_context, m_presence)
    , m_chat(m_context, m_presence)
    , m_changes(m_context, m_chat)
    , m_directs(m_context)
    , m_readMarkers(m_context)
    , m_notify(m_context)
    , m_search(m_context)
    , m_sessions(m_context, m_rooms, m_directs, m_readMarkers)
    , m_ticker(m_context)
{
    registerHandlers();

    // One timer for every connection's heartbeat, one for every expiry: per-connection timers
    // would cost memory and wake-ups for each of thousands of idle sockets.
    m_heartbeatTimer.setInterval(m_config.heartbeatMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Server::heartbeat);
    m_expiryTimer.setInterval(qBound(50, m_config.typingTimeoutMs / 5, 1000));
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] {
        m_presence.expireTyping();
        for (ClientConnection *connection : std::as_const(m_connections))
            connection->checkBackpressure();
    });
    m_shutdownDeadline.setSingleShot(true);
    connect(&m_shutdownDeadline, &QTimer::timeout, this, &Server::finishShutdown);
}

Server::~Server()
{
    m_metrics.reset();
    stopListening();
    // Deliver what the store still owes while the connections it may write to are alive.
    if (m_context.store)
        m_context.store->flush();
    for (ClientConnection *connection : std::as_const(m_connections))
        connection->disconnect(this);
    qDeleteAll(m_connections);
    m_connections.clear();
    closeStore();
}

bool Server::attachStore(QString *error)
{
    if (!m_setup.openStore(error))
        return false;
    m_context.store = m_setup.store();
    m_context.backplane = m_setup.backplane();
    if (RedisEngine *redis = m_setup.redis()) {
        m_context.backplane->onEvent([this](const ClusterEvent &event) {
            if (event.kind == ClusterEvent::Kind::ToUser) // another instance's toUserEverywhere
                m_context.fanout.toOtherSessions(event.user, nullptr, Envelope::make(event.type, event.payload));
            else
                m_presence.remoteEvent(event);
        });
        m_context.backplane->onInstanceGone(
            [this](const QString &instance) { m_presence.instanceGone(instance); });
        // Pub/sub loses what is published while this instance is not subscribed: once the link
        // is back, deliver what the store gained meanwhile.
        connect(redis, &RedisEngine::resubscribed, this, [this](qint64 lostAtMs) {
            const QStringList rooms = m_context.registry.rooms().keys();
            for (const QString &name : rooms)
                m_context.delivery.catchUp(*m_context.registry.findRoom(name));
            m_directs.catchUp(lostAtMs);
        });
    }
    m_context.store->onStored([this](const StoredMessage &message) { m_context.delivery.stored(message); });
    return true;
}

void Server::closeStore()
{
    m_tickerHistory.setMarket(nullptr, nullptr);
    m_setup.closeMarket();
    m_setup.closeStore();
    m_context.store = nullptr;
    m_context.backplane = nullptr;
}

void Server::registerHandlers()
{
    namespace T = MessageType;
    const auto bind = [](auto *handler, auto method) -> Handler {
        return [handler, method](ClientConnection *c, const Envelope &e) { (handler->*method)(c, e); };
    };
    m_handlers = {
        {T::Hello, bind(&m_sessions, &SessionHandler::hello)},
        {T::Ping, bind(&m_sessions, &SessionHandler::ping)},
        {T::RoomJoin, bind(&m_rooms, &RoomHandler::join)},
        {T::RoomLeave, bind(&m_rooms, &RoomHandler::leave)},
        {T::RoomList, bind(&m_rooms, &RoomHandler::list)},
        {T::HistoryGet, bind(&m_rooms, &RoomHandler::history)},
        {T::ChatSend, bind(&m_chat, &ChatHandler::chatSend)},
        {T::DmSend, bind(&m_chat, &ChatHandler::dmSend)},
        {T::DmHistory, bind(&m_directs, &DirectHandler::history)},
        {T::ChatEdit, bind(&m_changes, &ChangeHandler::change)},
        {T::ChatDelete, bind(&m_changes, &ChangeHandler::change)},
        {T::ChatReact, bind(&m_changes, &ChangeHandler::change)},
        {T::DmEdit, bind(&m_changes, &ChangeHandler::change)},
        {T::DmDelete, bind(&m_changes, &ChangeHandler::change)},
        {T::DmReact, bind(&m_changes, &ChangeHandler::change)},
        {T::RoomRead, bind(&m_readMarkers, &ReadMarkerHandler::roomRead)},
        {T::DmRead, bind(&m_readMarkers, &ReadMarkerHandler::dmRead)},
        {T::RoomNotify, bind(&m_notify, &NotifyHandler::roomNotify)},
        {T::DmNotify, bind(&m_notify, &NotifyHandler::dmNotify)},
        {T::Search, bind(&m_search, &SearchHandler::search)},
        {T::Announce, bind(&m_chat, &ChatHandler::announce)},
        {T::Typing, bind(&m_presence, &PresenceHandler::typing)},
        {T::PresenceSet, bind(&m_presence, &PresenceHandler::setPresence)},
        {T::TickerSubscribe, bind(&m_ticker, &TickerHandler::subscribe)},
        {T::TickerUnsubscribe, bind(&m_ticker, &TickerHandler::unsubscribe)},
        {T::TickerHistory, bind(&m_tickerHistory, &TickerHistoryHandler::history)},
    };
}

bool Server::start(QString *error)
{
    if (!m_setup.prepareListening(error))
        return false;
    WsEngineOptions options;
    options.serverName = QStringLiteral("switchboard-server/" SB_VERSION);
    // A client that offers no subprotocol gets none back and speaks JSON (see WireFormat).
    options.subprotocols = {CborSubprotocol, JsonSubprotocol};
    options.allowedOrigins = m_config.allowedOrigins;
    options.handshakeTimeoutMs = m_config.handshakeTimeoutMs;
    options.maxMessageBytes = m_config.maxMessageBytes;
    options.tls = m_setup.tls();
    m_engine = WsEngine::create(m_config.wsEngine, std::move(options));
    if (!m_engine) {
        *error = QStringLiteral("unknown WebSocket engine \"%1\" (there are: %2)")
                     .arg(m_config.wsEngine, WsEngine::names().join(QStringLiteral(", ")));
        return false;
    }
    connect(m_engine.get(), &WsEngine::accepted, this, &Server::onAccepted);
    if (!attachStore(error))
        return false;
    if (!m_engine->listen(m_config.host, m_config.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_config.host.toString())
                     .arg(m_config.port)
                     .arg(m_engine->errorString());
        return false;
    }
    m_metrics = m_setup.startMetrics([this] { return ServerMetrics::render(m_context, connectionCount()); },
                                     [this] { return healthProblem(); }, error);
    if ((!m_metrics && m_config.metricsPort >= 0) || !startFeed(error)) {
        m_metrics.reset();
        stopListening();
        return false;
    }
    m_heartbeatTimer.start();
    m_expiryTimer.start();
    qCInfo(lcServer) << "listening on" << url().toString();
    if (m_config.demo) {
        m_demo = m_setup.startDemo(url(), listeningAddress(),
                                   [this](const QString &text, const QString &level) { announce(text, level); },
                                   m_context.wallNow, this);
    }
    return true;
}

bool Server::startFeed(QString *error)
{
    m_feed = m_setup.createFeed(m_context.wallNow, this, error);
    if (!m_feed)
        return !m_config.feedEnabled;
    m_ticker.setFeed(m_feed);
    m_tickerHistory.setMarket(m_feed, m_setup.bars());
    m_feed->start();
    return true;
}

quint16 Server::metricsPort() const
{
    return m_metrics ? m_metrics->port() : 0;
}

QUrl Server::metricsUrl() const
{
    return m_metrics ? m_metrics->url() : QUrl();
}

QString Server::healthProblem() const
{
    // Kept serving through shutdown and after stopped(), so orchestrators see the 503 and
    // route new clients elsewhere while the goodbyes go out.
    if (m_shuttingDown)
        return QStringLiteral("shutting down");
    if (!m_engine || !m_engine->isListening())
        return QStringLiteral("not listening for WebSocket connections");
    if (m_context.stats.redisState == 0)
        return QStringLiteral("Redis is unreachable: sends are refused until it is back");
    if (!m_context.store || !m_context.store->isAvailable())
        return QStringLiteral("the message store is closed or cannot be read");
    return {};
}

quint16 Server::port() const
{
    return m_engine ? m_engine->serverPort() : 0;
}

QHostAddress Server::listeningAddress() const
{
    return m_engine ? m_engine->serverAddress() : QHostAddress();
}

void Server::stopListening()
{
    if (m_engine)
        m_engine->close();
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(m_setup.tls() ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(listeningAddress().toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void Server::onAccepted(WsConnection *socket)
{
    if (m_shuttingDown) {
        socket->close(CloseCode::GoingAway, QStringLiteral("shutting down"));
        delete socket; // never attached: its socket goes once the close frame is out
        return;
    }
    const QString address = socket->peerAddress().toString();
    if (m_config.maxConnectionsPerIp > 0
        && m_connectionsPerIp.value(address) >= m_config.maxConnectionsPerIp) {
        // One address may not take the whole server.
        socket->close(CloseCode::Policy, QStringLiteral("too many connections from your address"));
        delete socket;
        return;
    }
    ++m_connectionsPerIp[address];
    ++m_context.stats.connectionsAccepted;
    auto *connection =
        new ClientConnection(socket, m_config, m_context.stats, m_context.steadyNow, this);
    m_connections.insert(connection);
    connect(connection, &ClientConnection::requestReceived, this, &Server::onRequest);
    connect(connection, &ClientConnection::disconnected, this, &Server::onDisconnected);
}

void Server::onRequest(ClientConnection *connection, const Envelope &request)
{
    if (!connection->isIdentified() && request.type != MessageType::Hello) {
        ++m_context.stats.authFailures.unauthenticated;
        connection->close(CloseCode::Unauthorized,
                          QStringLiteral("the first message must be hello"));
        return;
    }
    const auto handler = m_handlers.constFind(request.type);
    if (handler == m_handlers.cend()) {
        // Known to the protocol but not served here (the market feed is off).
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("%1 is not available on this server").arg(request.type));
        return;
    }
    (*handler)(connection, request);
}

void Server::onDisconnected(ClientConnection *connection)
{
    if (!m_connections.remove(connection))
        return;
    const QString address = connection->peerAddress().toString();
    if (--m_connectionsPerIp[address] <= 0)
        m_connectionsPerIp.remove(address);
    m_sessions.disconnected(connection);
    m_ticker.forget(connection);
    // Never delete a socket inside its own disconnected() signal.
    connection->deleteLater();
    if (m_shuttingDown && m_connections.isEmpty())
        finishShutdown();
}

void Server::heartbeat()
{
    for (ClientConnection *connection : std::as_const(m_connections))
        connection->heartbeatTick();
}

void Server::announce(const QString &text, const QString &level)
{
    m_presence.announce(text, level);
}

void Server::shutdown(int graceMs)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcServer) << "shutting down:" << m_connections.size() << "connections";
    stopListening();
    m_heartbeatTimer.stop();
    m_expiryTimer.stop();
    if (m_feed)
        m_feed->stop();
    // Every message already received is committed and acked before the goodbye.
    m_context.store->flush();
    const auto connections = m_connections;
    for (ClientConnection *connection : connections)
        connection->close(CloseCode::GoingAway, QStringLiteral("server shutting down"));
    if (m_connections.isEmpty()) {
        QMetaObject::invokeMethod(this, &Server::finishShutdown, Qt::QueuedConnection);
        return;
    }
    m_shutdownDeadline.start(graceMs);
}

void Server::finishShutdown()
{
    if (!m_shuttingDown || !m_context.store)
        return;
    m_shutdownDeadline.stop();
    const auto remaining = m_connections;
    for (ClientConnection *connection : remaining)
        connection->disconnect(this);
    qDeleteAll(remaining);
    m_connections.clear();
    closeStore();
    qCInfo(lcServer) << "stopped";
    emit stopped();
}

} // namespace sb::server
