#include "FaultProxy.h"

#include <QUrl>

namespace {
constexpr int TickMs = 10;
// The throttle's burst: a tenth of a second's worth, so 2 KiB/s trickles instead of pausing.
constexpr double BurstSeconds = 0.1;
} // namespace

FaultProxy::FaultProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    m_clock.start();
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, &FaultProxy::pumpAll);
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
    if (mode == Mode::Pass || mode == Mode::OneWay) {
        // What was held while silent flows again, in order.
        const auto links = m_links;
        for (const auto &link : links) {
            read(link.get(), false);
            read(link.get(), true);
        }
        pumpAll();
    }
}

void FaultProxy::setThrottle(int bytesPerSecond)
{
    m_bytesPerSecond = qMax(0, bytesPerSecond);
    for (const auto &link : std::as_const(m_links))
        link->up.budget = link->down.budget = 0;
    pumpAll();
}

int FaultProxy::connectionCount() const
{
    int count = 0;
    for (const auto &link : m_links)
        count += link->client && link->client->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    return count;
}

qint64 FaultProxy::heldBytes() const
{
    qint64 bytes = 0;
    for (const auto &link : m_links) {
        for (const Pipe *pipe : {&link->up, &link->down}) {
            for (const Chunk &chunk : pipe->queue)
                bytes += chunk.data.size();
        }
    }
    return bytes;
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
        auto link = std::make_shared<Link>();
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        link->client = client;
        link->upstream = upstream;
        m_links.append(link);
        const std::weak_ptr<Link> weak = link;
        connect(client, &QTcpSocket::readyRead, this, [this, weak] {
            if (auto l = weak.lock())
                read(l.get(), false);
        });
        connect(upstream, &QTcpSocket::readyRead, this, [this, weak] {
            if (auto l = weak.lock())
                read(l.get(), true);
        });
        connect(upstream, &QTcpSocket::connected, this, [this, weak] {
            if (auto l = weak.lock())
                read(l.get(), false);
        });
        // A side going away closes the other once what it sent before has been delivered, as
        // TCP's FIN follows the data. A ghost (Silent) holds the FIN too.
        connect(client, &QTcpSocket::disconnected, this, [this, weak] {
            if (auto l = weak.lock()) {
                read(l.get(), false);
                l->up.eof = true;
                pumpAll();
            }
        });
        connect(upstream, &QTcpSocket::disconnected, this, [this, weak] {
            if (auto l = weak.lock()) {
                read(l.get(), true);
                l->down.eof = true;
                pumpAll();
            }
        });
        // The server is down: refuse the client at once, as a real network would (RST), instead
        // of leaving it waiting for its connect timeout.
        connect(upstream, &QTcpSocket::errorOccurred, this, [this, weak] {
            auto l = weak.lock();
            if (l && l->upstream && l->upstream->state() != QAbstractSocket::ConnectedState
                && !l->down.eof) {
                l->down.eof = true;
                l->up.queue.clear();
                pumpAll();
            }
        });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void FaultProxy::read(Link *link, bool upstreamSide)
{
    // Silent: bytes stay in the sockets' buffers; the link looks alive and carries nothing, like
    // a NAT box that lost its mapping. OneWay: replies stay there (an ack lost on the way).
    if (m_mode == Mode::Silent || (m_mode == Mode::OneWay && upstreamSide))
        return;
    QTcpSocket *from = upstreamSide ? link->upstream.data() : link->client.data();
    if (!from || !from->isOpen())
        return; // closed: its last bytes came with the readyRead before `disconnected`
    if (!upstreamSide
        && (!link->upstream || link->upstream->state() != QAbstractSocket::ConnectedState))
        return; // held until the upstream connection is up
    const QByteArray data = from->readAll();
    if (!data.isEmpty()) {
        Pipe &pipe = upstreamSide ? link->down : link->up;
        // Due no earlier than the chunk before it: a shorter delay never overtakes.
        const qint64 due = qMax(now() + m_delayMs,
                                pipe.queue.isEmpty() ? 0 : pipe.queue.constLast().dueMs);
        pipe.queue.append({due, data});
    }
    pumpAll();
}

void FaultProxy::pumpAll()
{
    const qint64 t = now();
    const double elapsed = double(t - m_lastPumpMs) / 1000.0;
    m_lastPumpMs = t;
    bool waiting = false;
    const auto links = m_links; // pump() may cut a link
    for (const auto &link : links) {
        for (Pipe *pipe : {&link->up, &link->down}) {
            if (m_bytesPerSecond > 0) {
                pipe->budget = qMin(pipe->budget + elapsed * m_bytesPerSecond,
                                    qMax(1.0, BurstSeconds * m_bytesPerSecond));
            }
            QTcpSocket *to = pipe == &link->up ? link->upstream.data() : link->client.data();
            if (!pump(link.get(), *pipe, to))
                break;
            waiting = waiting || !pipe->queue.isEmpty();
        }
    }
    prune();
    if (waiting && !m_tick.isActive())
        m_tick.start();
    else if (!waiting)
        m_tick.stop();
}

bool FaultProxy::pump(Link *link, Pipe &pipe, QTcpSocket *to)
{
    if (m_mode == Mode::Silent)
        return true;
    if (!to || to->state() != QAbstractSocket::ConnectedState) {
        if (pipe.eof && to)
            to->abort();
        return true;
    }
    while (!pipe.queue.isEmpty() && pipe.queue.constFirst().dueMs <= now()) {
        Chunk &chunk = pipe.queue.first();
        if (m_cutArmed) {
            // Half of it, then the link is gone: the receiver holds a frame cut in two.
            m_cutArmed = false;
            to->write(chunk.data.left(qMax<qsizetype>(1, chunk.data.size() / 2)));
            to->flush();
            close(link);
            return false;
        }
        qsizetype n = chunk.data.size();
        if (m_bytesPerSecond > 0) {
            n = qMin(n, qsizetype(pipe.budget));
            if (n <= 0)
                break;
            pipe.budget -= double(n);
        }
        to->write(chunk.data.left(n));
        if (n == chunk.data.size())
            pipe.queue.removeFirst();
        else
            chunk.data.remove(0, n);
    }
    if (pipe.queue.isEmpty() && pipe.eof)
        to->disconnectFromHost();
    return true;
}

void FaultProxy::close(Link *link)
{
    for (QTcpSocket *socket : {link->client.data(), link->upstream.data()}) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
    link->up.queue.clear();
    link->down.queue.clear();
}

void FaultProxy::prune()
{
    const auto gone = [](const QTcpSocket *socket) {
        return !socket || socket->state() == QAbstractSocket::UnconnectedState;
    };
    m_links.removeIf([&](const std::shared_ptr<Link> &link) {
        const bool closed = gone(link->client) && gone(link->upstream);
        if (closed) {
            for (QTcpSocket *socket : {link->client.data(), link->upstream.data()}) {
                if (socket)
                    socket->deleteLater();
            }
        }
        return closed;
    });
}

void FaultProxy::dropAll()
{
    const auto links = m_links;
    for (const auto &link : links)
        close(link.get());
    m_links.clear();
    m_tick.stop();
}
