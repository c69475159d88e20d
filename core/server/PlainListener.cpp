#include "PlainListener.h"

#include <QTimer>
#include <QWebSocketServer>

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace sb::server {

namespace {
// Connect storms (a server restart with thousands of clients) overflow Qt's default backlog
// of 50; dropped SYNs cost clients a second or more each.
constexpr int ListenBacklog = 1024;
constexpr qsizetype GatherLimit = 16 * 1024;
} // namespace

DirectSocket::DirectSocket(QObject *parent)
    : QTcpSocket(parent)
{
    // QAbstractSocket emits channelReadyRead once every readyRead slot returned: the handshake
    // and QWebSocket's frame reader (both read within readyRead) have taken what they could.
    // A write buffer that a slow reader filled is dropped at the next arrival once it drained:
    // the Pong of the next heartbeat at the latest.
    connect(this, &QIODevice::channelReadyRead, this, &DirectSocket::releaseIdleBuffers);
}

qint64 DirectSocket::writeData(const char *data, qint64 size)
{
    if (!m_upgraded && size >= 12 && std::memcmp(data, "HTTP/1.1 101", 12) == 0) {
        m_upgraded = true;
        // QWebSocketServer reads the request in a queued slot, after channelReadyRead: release
        // once it (and QWebSocket, for frames that came with the request) took everything.
        QMetaObject::invokeMethod(this, &DirectSocket::releaseIdleBuffers, Qt::QueuedConnection);
    }
    // Once Qt's buffer holds bytes, everything goes behind them, in order.
    if (m_gathered.isEmpty() && QTcpSocket::bytesToWrite() > 0)
        return QTcpSocket::writeData(data, size);
    if (m_gathered.isEmpty() && m_unreported == 0)
        QMetaObject::invokeMethod(this, &DirectSocket::flushGathered, Qt::QueuedConnection);
    m_gathered.append(data, size);
    // A big burst goes out at once: small buffers are reused by malloc, big ones cost page
    // faults each time (measured in the fan-out benchmark).
    if (m_gathered.size() >= GatherLimit)
        sendGathered();
    return size;
}

void DirectSocket::sendGathered()
{
    if (m_gathered.isEmpty())
        return;
    QByteArray bytes;
    bytes.swap(m_gathered); // released when sent: an idle socket keeps no buffer
    if (state() == QAbstractSocket::UnconnectedState)
        return; // aborted: Qt dropped its own unsent bytes too
    qint64 sent = 0;
    if (QTcpSocket::bytesToWrite() == 0 && state() == QAbstractSocket::ConnectedState) {
        const ssize_t n = ::send(int(socketDescriptor()), bytes.constData(), size_t(bytes.size()),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent = n;
        // Errors (EAGAIN, EPIPE) fall through to Qt, which reports them its own way.
    }
    if (sent < bytes.size())
        QTcpSocket::writeData(bytes.constData() + sent, bytes.size() - sent);
    m_unreported += sent;
}

void DirectSocket::flushGathered()
{
    sendGathered();
    // Qt reports only its own writes; the backpressure accounting (ClientConnection) counts on
    // bytesWritten for every byte. Emitted from the event loop, as Qt does, never in write().
    const qint64 sent = m_unreported;
    m_unreported = 0;
    if (sent > 0)
        emit bytesWritten(sent);
}

void DirectSocket::releaseIdleBuffers()
{
    // A partial frame or unsent bytes keep their block; the next arrival tries again. A read
    // transaction keeps what it read in the buffer, to roll back to.
    if (state() != QAbstractSocket::ConnectedState || QTcpSocket::bytesAvailable() > 0
        || QTcpSocket::bytesToWrite() > 0 || isTransactionStarted())
        return;
    // Qt 6.4 has no call that gives a buffer's block back (QRingBuffer keeps its last block up
    // to 16 KiB; setReadBufferSize caps the content, not the block). QIODevice::open() starts
    // the device's buffers over, empty and unallocated. With both empty nothing is lost: the
    // descriptor, state and notifiers are QAbstractSocket's and stay; only errorString() is
    // cleared, and a connected socket has none to report.
    QIODevice::open(openMode());
}

qint64 DirectSocket::bytesToWrite() const
{
    return QTcpSocket::bytesToWrite() + m_gathered.size();
}

void DirectSocket::disconnectFromHost()
{
    if (!m_gathered.isEmpty() && state() == QAbstractSocket::ConnectedState) {
        QTcpSocket::writeData(m_gathered.constData(), m_gathered.size());
        m_gathered.clear();
        m_gathered.squeeze();
    }
    QTcpSocket::disconnectFromHost();
}

PlainListener::PlainListener(QWebSocketServer &upgrader, int handshakeTimeoutMs, QObject *parent)
    : QTcpServer(parent)
    , m_upgrader(upgrader)
    , m_handshakeTimeoutMs(handshakeTimeoutMs)
{
    setListenBacklogSize(ListenBacklog);
}

void PlainListener::incomingConnection(qintptr descriptor)
{
    auto *socket = new DirectSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Acks and small messages must not wait for the peer's delayed ACK (Nagle): that alone
    // held chat acks back by up to 40 ms.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // A half-finished handshake holds a socket for nothing. QWebSocketServer deletes the
    // socket once it is disconnected.
    QTimer::singleShot(m_handshakeTimeoutMs, socket, [socket] {
        if (!socket->isUpgraded())
            socket->abort();
    });
    m_upgrader.handleConnection(socket);
}

} // namespace sb::server
