#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace sb::server {

// A message as it goes out, shared by every connection it is sent to: a room's broadcast
// builds it once (SharedFrame) and each member's send only references it (implicit sharing,
// never a copy per member).
class WsMessage {
public:
    static WsMessage text(QByteArray utf8) { return WsMessage(std::move(utf8), false); }
    static WsMessage binary(QByteArray bytes) { return WsMessage(std::move(bytes), true); }

    bool isBinary() const { return m_binary; }
    const QByteArray &bytes() const { return m_bytes; }
    // The text as a QString, which QWebSocket takes: converted once, however many connections
    // send it (measured in the fan-out benchmark).
    const QString &string() const;

private:
    WsMessage(QByteArray bytes, bool binary)
        : m_bytes(std::move(bytes))
        , m_binary(binary)
    {
    }

    QByteArray m_bytes;
    bool m_binary;
    mutable QString m_string;
};

// One accepted, upgraded WebSocket, whichever engine runs it. Deliberately not a QObject: a
// QObject and its signal connections per connection cost ~1.3 KiB of the idle memory issue #20
// wants down to 3 KiB (measured with switchboard-bench --scenario connections). Its events go
// to one Handler instead, the connection's owner.
class WsConnection
{
public:
    // What the connection tells its owner. Never delete the connection inside a call.
    class Handler
    {
    public:
        virtual void wsMessage(const QByteArray &payload, bool binary) = 0;
        virtual void wsPong() = 0;
        // Some of unsentBytes() went to the kernel.
        virtual void wsBytesWritten() = 0;
        // Socket-level trouble (a reset, a protocol error); wsClosed() follows if it ends the link.
        virtual void wsError(const QString &what) = 0;
        // Gone, however it ended; called once.
        virtual void wsClosed() = 0;

    protected:
        ~Handler() = default;
    };

    virtual ~WsConnection() = default;

    // From now on events go to `handler`, and the engine's Qt objects for this connection live
    // as long as `owner` (they become its children; its destruction stops the events). Before
    // attach() nothing is reported; a connection never attached is simply deleted.
    virtual void attach(QObject *owner, Handler *handler) = 0;

    virtual QHostAddress peerAddress() const = 0;
    // What the handshake agreed on; empty: none.
    virtual QString subprotocol() const = 0;

    virtual void send(const WsMessage &message) = 0;
    virtual void ping() = 0;
    // Starts the closing handshake. A reason over 123 bytes is cut on a character boundary.
    virtual void close(quint16 code, const QString &reason) = 0;
    // Drops the connection at once: for a peer that does not read.
    virtual void abort() = 0;
    // Backpressure: bytes of frames sent (headers included) that the kernel has not taken yet.
    // The engine never refuses a send; the slow-consumer rules (ClientConnection) act on this.
    virtual qint64 unsentBytes() const = 0;
};

// How the server wants its WebSockets accepted: the same for every engine.
struct WsEngineOptions {
    QString serverName;
    QStringList subprotocols; // those the server speaks; the client's first match is chosen
    QStringList allowedOrigins; // a browser (it sends Origin) from elsewhere gets 403; empty: any
    int handshakeTimeoutMs = 10000;
    qint64 maxMessageBytes = 64 * 1024; // larger frames or messages are closed with 1009
    std::optional<QSslConfiguration> tls; // set: wss:// only
};

// Accepts WebSockets and hands each over upgraded (`--ws-engine`). The server and its
// connections see only this and WsConnection, so an engine can be swapped without them.
class WsEngine : public QObject {
    Q_OBJECT

public:
    // Every engine there is, the default first; tst_wsconformance runs on each.
    static QStringList names();
    // Null when `name` is not one of names().
    static std::unique_ptr<WsEngine> create(const QString &name, WsEngineOptions options);

    virtual bool listen(const QHostAddress &address, quint16 port) = 0;
    // Stops accepting; accepted connections stay open.
    virtual void close() = 0;
    virtual bool isListening() const = 0;
    virtual QHostAddress serverAddress() const = 0;
    virtual quint16 serverPort() const = 0;
    virtual QString errorString() const = 0;

signals:
    // A handshake succeeded. The receiver owns `connection` (and deletes it, or attach()es it).
    void accepted(sb::server::WsConnection *connection);

protected:
    WsEngine() = default;
};

} // namespace sb::server
