#pragma once

#include <QTcpServer>
#include <QTcpSocket>

class QWebSocketServer;

namespace sb::server {

// A TCP socket that holds no buffer while it is idle. Qt keeps the first block of each of its
// buffers for good once it was used (16 KiB to read, ~32 KiB to write): most of what an idle
// QWebSocket costs (DESIGN.md, "Memory per idle connection").
// - Writes made in one pass of the event loop are gathered in a plain QByteArray (freed once
//   sent) and sent with one ::send() from the event loop, so a room's burst of frames still
//   costs one system call per member; only what the kernel does not take goes on through
//   QTcpSocket's buffer, behind which nothing may overtake.
// - Reads: QAbstractSocket reads every arrival into its buffer (it stays buffered whatever the
//   open mode given to setSocketDescriptor). Once the readers took it all, within readyRead,
//   the emptied buffers are dropped at once (releaseIdleBuffers), so a burst of arrivals on
//   many sockets never holds many blocks at the same time.
// Plain TCP only: never under TLS.
class DirectSocket : public QTcpSocket
{
    Q_OBJECT

public:
    explicit DirectSocket(QObject *parent = nullptr);

    // True once the 101 response of the WebSocket handshake went out.
    bool isUpgraded() const { return m_upgraded; }

    qint64 bytesToWrite() const override;
    // Gathered bytes go to Qt first, so a close never cuts them off.
    void disconnectFromHost() override;

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void sendGathered();
    void flushGathered(); // queued once per pass with writes: sends, then reports
    // Drops Qt's read and write buffers if both are empty.
    void releaseIdleBuffers();

    QByteArray m_gathered; // written during this pass of the event loop, not sent yet
    qint64 m_unreported = 0; // sent past Qt's buffer, bytesWritten not emitted yet
    bool m_upgraded = false;
};

// The ws:// listener: accepts TCP itself and hands each socket, as a DirectSocket with Nagle
// off, to QWebSocketServer::handleConnection() for the handshake. handleConnection() arms no
// handshake timeout, so this one does. wss:// keeps QWebSocketServer's own listener.
class PlainListener : public QTcpServer
{
    Q_OBJECT

public:
    PlainListener(QWebSocketServer &upgrader, int handshakeTimeoutMs, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QWebSocketServer &m_upgrader;
    int m_handshakeTimeoutMs;
};

} // namespace sb::server
