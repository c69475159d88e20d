#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

// A TCP proxy between a client and the real server that injects real network faults: drop
// every connection, go silent (a ghost: TCP stays up, nothing flows), delay every chunk,
// throttle to a byte rate, cut a frame in half, or refuse new connections. Tests and the chaos
// soak point the client at proxy.port(). Whatever the faults, the bytes of a connection are
// never reordered: each direction is one queue.
class FaultProxy : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        Pass,   // forward both ways
        Silent, // keep connections open but forward nothing (bytes are held, not lost)
        Refuse, // close new connections at once
        OneWay, // forward client → server only; replies are held (an ack "lost" on the way)
    };

    explicit FaultProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    bool listen(quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // Holds each chunk this long before forwarding it (order kept, also when the delay changes).
    void setDelay(int ms) { m_delayMs = qMax(0, ms); }
    int delay() const { return m_delayMs; }
    // At most this many bytes per second in each direction of each connection; 0: no limit.
    void setThrottle(int bytesPerSecond);
    int throttle() const { return m_bytesPerSecond; }
    // The next chunk to be forwarded (either direction) goes through only half-way, then the
    // connection is dropped: the peer holds a frame cut in the middle.
    void cutNextChunk() { m_cutArmed = true; }
    bool isCutArmed() const { return m_cutArmed; }
    // Closes every current connection (both sides), as a dropped Wi-Fi would.
    void dropAll();
    int connectionCount() const;
    // Bytes read from one side and waiting in the proxy (delay, throttle, silence).
    qint64 heldBytes() const;
    int acceptedCount() const { return m_accepted; }
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }

private:
    struct Chunk
    {
        qint64 dueMs;
        QByteArray data;
    };
    // One direction of a connection: what was read from `from` and is not yet written to `to`.
    struct Pipe
    {
        QList<Chunk> queue;
        double budget = 0; // bytes the throttle lets through now
        bool eof = false;  // `from` closed: close `to` once the queue is empty
    };
    struct Link
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        Pipe up;   // client → server
        Pipe down; // server → client
    };

    void onNewConnection();
    void read(Link *link, bool upstreamSide);
    void pumpAll();
    // False when the link was cut (and must not be touched again).
    bool pump(Link *link, Pipe &pipe, QTcpSocket *to);
    void close(Link *link);
    void prune();
    qint64 now() const { return m_clock.elapsed(); }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    Mode m_mode = Mode::Pass;
    int m_delayMs = 0;
    int m_bytesPerSecond = 0;
    bool m_cutArmed = false;
    int m_accepted = 0;
    QList<std::shared_ptr<Link>> m_links;
    QElapsedTimer m_clock;
    qint64 m_lastPumpMs = 0;
    QTimer m_tick; // runs while some chunk waits for its time or for throttle budget
};
