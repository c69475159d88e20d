#include "FaultProxy.h"

#include <QTimer>
#include <QUrl>

FaultProxy::FaultProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    dropAll();
}

bool FaultProxy::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

QUrl FaultProxy::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port()));
}

void FaultProxy::setMode(Mode mode)
{
    m_mode = mode;
    if (mode == Mode::Pass)
        flushHeld();
}

int FaultProxy::connectionCount() const
{
    int count = 0;
    for (const Link &link : m_links)
        count += link.client ? 1 : 0;
    return count;
}

void FaultProxy::onNewConnection()
{
    while (m_server.hasPendingConnections()) {
        QTcpSocket *client = m_server.nextPendingConnection();
        ++m_accepted;
        if (m_mode == Mode::Refuse) {
            client->abort();
            client->deleteLater();
            continue;
        }
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        m_links.append(Link{client, upstream});
        connect(client, &QTcpSocket::readyRead, this, [this, client, upstream] { forward(client, upstream); });
        connect(upstream, &QTcpSocket::readyRead, this, [this, client, upstream] { forward(upstream, client); });
        // Either side going away takes the other with it.
        connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(upstream, &QTcpSocket::connected, this, [this, client, upstream] { forward(client, upstream); });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void FaultProxy::forward(QTcpSocket *from, QTcpSocket *to)
{
    // In Silent mode bytes stay in the sockets' buffers: the link looks alive and carries
    // nothing, like a NAT box that lost its mapping.
    if (m_mode == Mode::Silent || !from || !to || to->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_mode == Mode::OneWay && isUpstream(from))
        return;
    const QByteArray chunk = from->readAll();
    if (chunk.isEmpty())
        return;
    if (m_delayMs <= 0) {
        to->write(chunk);
        return;
    }
    QPointer<QTcpSocket> target(to);
    QTimer::singleShot(m_delayMs, this, [target, chunk] {
        if (target)
            target->write(chunk);
    });
}

bool FaultProxy::isUpstream(const QTcpSocket *socket) const
{
    return std::any_of(m_links.cbegin(), m_links.cend(),
                       [socket](const Link &link) { return link.upstream == socket; });
}

void FaultProxy::flushHeld()
{
    for (const Link &link : std::as_const(m_links)) {
        forward(link.client, link.upstream);
        forward(link.upstream, link.client);
    }
}

void FaultProxy::close(Link &link)
{
    for (QTcpSocket *socket : {link.client.data(), link.upstream.data()}) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
}

void FaultProxy::dropAll()
{
    for (Link &link : m_links)
        close(link);
    m_links.clear();
}
