#include "QtWsEngine.h"

#include "PlainListener.h"
#include "protocol/Utf8.h"

#include <QLoggingCategory>
#include <QWebSocket>
#include <QWebSocketCorsAuthenticator>

Q_LOGGING_CATEGORY(lcQtWsEngine, "switchboard.server.ws")

namespace sb::server {

QtWsEngine::QtWsEngine(WsEngineOptions options)
    : m_options(std::move(options))
    , m_server(m_options.serverName,
          m_options.tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode)
{
    // With no match the handshake still succeeds, with no subprotocol (the server then speaks
    // its default, JSON).
    m_server.setSupportedSubprotocols(m_options.subprotocols);
    m_server.setHandshakeTimeout(m_options.handshakeTimeoutMs);
    if (m_options.tls)
        m_server.setSslConfiguration(*m_options.tls);
    connect(&m_server, &QWebSocketServer::newConnection, this, &QtWsEngine::acceptPending);
    connect(&m_server, &QWebSocketServer::originAuthenticationRequired, this,
        [this](QWebSocketCorsAuthenticator *authenticator) {
            // Browsers send Origin and must come from a page we serve; native clients send
            // none and are let through (they authenticate with hello like everyone).
            const QString origin = authenticator->origin();
            authenticator->setAllowed(m_options.allowedOrigins.isEmpty() || origin.isEmpty()
                || m_options.allowedOrigins.contains(origin));
            if (!authenticator->allowed())
                qCInfo(lcQtWsEngine) << "refused a browser from origin" << origin;
        });
}

QtWsEngine::~QtWsEngine() = default;

bool QtWsEngine::listen(const QHostAddress &address, quint16 port)
{
    if (m_options.tls)
        return m_server.listen(address, port);
    // ws:// is accepted by PlainListener: ~6 KiB less per idle connection and Nagle off.
    if (!m_plainListener)
        m_plainListener = new PlainListener(m_server, m_options.handshakeTimeoutMs, this);
    return m_plainListener->listen(address, port);
}

void QtWsEngine::close()
{
    if (m_plainListener)
        m_plainListener->close();
    m_server.close();
}

bool QtWsEngine::isListening() const
{
    return m_plainListener ? m_plainListener->isListening() : m_server.isListening();
}

QHostAddress QtWsEngine::serverAddress() const
{
    return m_plainListener ? m_plainListener->serverAddress() : m_server.serverAddress();
}

quint16 QtWsEngine::serverPort() const
{
    return m_plainListener ? m_plainListener->serverPort() : m_server.serverPort();
}

QString QtWsEngine::errorString() const
{
    return m_plainListener ? m_plainListener->errorString() : m_server.errorString();
}

void QtWsEngine::acceptPending()
{
    // QWebSocketServer holds at most 30 unaccepted sockets and refuses the rest: take them all.
    while (m_server.hasPendingConnections())
        emit accepted(
            new QtWsConnection(m_server.nextPendingConnection(), m_options.maxMessageBytes));
}

QtWsConnection::QtWsConnection(QWebSocket *socket, qint64 maxMessageBytes)
    : m_socket(socket)
{
    socket->setParent(this);
    // Qt's defaults (~2 GiB, buffered whole) would let one client exhaust memory.
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));

    connect(socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &text) { emit messageReceived(text.toUtf8(), false); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
        [this](const QByteArray &bytes) { emit messageReceived(bytes, true); });
    connect(socket, &QWebSocket::pong, this, &WsConnection::pong);
    connect(socket, &QWebSocket::bytesWritten, this, [this](qint64 bytes) {
        m_unsent = qMax<qint64>(0, m_unsent - bytes);
        emit bytesWritten();
    });
    // No errorOccurred before Qt 6.5.
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this] { emit error(m_socket ? m_socket->errorString() : QString()); });
    connect(socket, &QWebSocket::disconnected, this, &WsConnection::closed);
}

QtWsConnection::~QtWsConnection() = default;

QHostAddress QtWsConnection::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

QString QtWsConnection::subprotocol() const
{
    return m_socket ? m_socket->subprotocol() : QString();
}

void QtWsConnection::send(const WsMessage &message)
{
    if (!m_socket)
        return;
    // Server frames are unmasked: a 2, 4 or 10 byte header before the payload.
    const qint64 n = message.bytes().size();
    m_unsent += n + (n < 126 ? 2 : n < 65536 ? 4 : 10);
    if (message.isBinary())
        m_socket->sendBinaryMessage(message.bytes());
    else
        m_socket->sendTextMessage(message.string());
}

void QtWsConnection::ping()
{
    if (m_socket)
        m_socket->ping();
}

void QtWsConnection::close(quint16 code, const QString &reason)
{
    // Qt cuts reasons at 123 bytes, mid-character if unlucky (the peer then closes 1007).
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCode(code),
            QString::fromUtf8(protocol::truncateUtf8(reason, 123)));
}

void QtWsConnection::abort()
{
    if (m_socket)
        m_socket->abort();
}

} // namespace sb::server
