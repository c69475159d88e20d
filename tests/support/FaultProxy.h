#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

// A TCP proxy between a client and the real server that injects real network faults: drop
// every connection, go silent (a ghost: TCP stays up, nothing flows), delay every chunk, or
// refuse new connections. Tests point the client at proxy.port().
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
    // Holds each chunk this long before forwarding it (order kept).
    void setDelay(int ms) { m_delayMs = ms; }
    // Closes every current connection (both sides), as a dropped Wi-Fi would.
    void dropAll();
    int connectionCount() const;
    int acceptedCount() const { return m_accepted; }
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }

private:
    struct Link
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
    };

    void onNewConnection();
    void forward(QTcpSocket *from, QTcpSocket *to);
    void flushHeld();
    bool isUpstream(const QTcpSocket *socket) const;
    void close(Link &link);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    Mode m_mode = Mode::Pass;
    int m_delayMs = 0;
    int m_accepted = 0;
    QList<Link> m_links;
};
