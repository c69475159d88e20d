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
    // Qt's defaults (~2 GiB, buffered whole) would let one client exhaust memory.
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
}

QtWsConnection::~QtWsConnection()
{
    // Attached, the socket is the owner's child and goes with it. Never delete a socket
    // directly: this may run inside one of its signals.
    if (!m_attached)
        m_socket->deleteLater();
}

void QtWsConnection::attach(QObject *owner, Handler *handler)
{
    m_attached = true;
    m_socket->setParent(owner);
    // The owner is the context of every connection: its destruction disconnects them before
    // its children (the socket) are deleted.
    QWebSocket *socket = m_socket;
    QObject::connect(socket, &QWebSocket::textMessageReceived, owner,
                     [handler](const QString &text) { handler->wsMessage(text.toUtf8(), false); });
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, owner,
                     [handler](const QByteArray &bytes) { handler->wsMessage(bytes, true); });
    QObject::connect(socket, &QWebSocket::pong, owner, [handler] { handler->wsPong(); });
    QObject::connect(socket, &QWebSocket::bytesWritten, owner, [this, handler](qint64 bytes) {
        m_unsent = qMax<qint64>(0, m_unsent - bytes);
        handler->wsBytesWritten();
    });
    // No errorOccurred before Qt 6.5.
    QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), owner,
                     [socket, handler] { handler->wsError(socket->errorString()); });
    QObject::connect(socket, &QWebSocket::disconnected, owner, [handler] { handler->wsClosed(); });
}

QHostAddress QtWsConnection::peerAddress() const
{
    return m_socket->peerAddress();
}

QString QtWsConnection::subprotocol() const
{
    return m_socket->subprotocol();
}

void QtWsConnection::send(const WsMessage &message)
{
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
    m_socket->ping();
}

void QtWsConnection::close(quint16 code, const QString &reason)
{
    // Qt cuts reasons at 123 bytes, mid-character if unlucky (the peer then closes 1007).
    m_socket->close(QWebSocketProtocol::CloseCode(code),
            QString::fromUtf8(protocol::truncateUtf8(reason, 123)));
}

void QtWsConnection::abort()
{
    m_socket->abort();
}

} // namespace sb::server
