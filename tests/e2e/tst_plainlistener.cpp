// PlainListener and DirectSocket, the ws:// accept path, under QWebSocketServer: the handshake
// and frames survive arriving in pieces (DirectSocket drops Qt's read buffer whenever it is
// empty, also between the pieces of one frame), and an idle connection keeps no read buffer.
// The client is a BareClient (a plain POSIX socket), so that it allocates nothing in this process.
#include "BareClient.h"
#include "WsFrame.h"
#include "server/PlainListener.h"

#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <malloc.h>
#include <memory>
#include <vector>

using sb::server::DirectSocket;
using sb::server::PlainListener;

namespace {

const QByteArray UpgradeRequest = "GET /chat HTTP/1.1\r\n"
                                  "Host: 127.0.0.1\r\n"
                                  "Upgrade: websocket\r\n"
                                  "Connection: Upgrade\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "Sec-WebSocket-Version: 13\r\n\r\n";
// RFC 6455 section 1.3's example key and its answer.
const QByteArray ExpectedAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

} // namespace

using namespace sb::test::ws;

class PlainListenerTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void handshakeArrivingByteByByte();
    void framesArrivingByteByByte();
    void idleConnectionKeepsNoReadBuffer();

private:
    // Connects `client` and waits for the server's DirectSocket.
    DirectSocket *accept(BareClient &client);
    // Sends one byte per segment and waits until the server read each on its own.
    void sendByteByByte(BareClient &client, DirectSocket *socket, const QByteArray &bytes);
    bool upgraded(BareClient &client)
    {
        const QByteArray &response = client.received();
        return response.startsWith("HTTP/1.1 101") && response.contains("\r\n\r\n");
    }

    std::unique_ptr<QWebSocketServer> m_upgrader;
    std::unique_ptr<PlainListener> m_listener;
    std::vector<QWebSocket *> m_sockets;
    QStringList m_messages;
    int m_pongs = 0;
};

void PlainListenerTest::init()
{
    m_upgrader =
        std::make_unique<QWebSocketServer>(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
    m_listener = std::make_unique<PlainListener>(*m_upgrader, 10000);
    QVERIFY(m_listener->listen(QHostAddress::LocalHost, 0));
    connect(m_upgrader.get(), &QWebSocketServer::newConnection, this, [this] {
        while (m_upgrader->hasPendingConnections()) {
            QWebSocket *socket = m_upgrader->nextPendingConnection();
            m_sockets.push_back(socket);
            connect(socket, &QWebSocket::textMessageReceived, this,
                    [this](const QString &text) { m_messages << text; });
            connect(socket, &QWebSocket::pong, this, [this] { ++m_pongs; });
        }
    });
}

void PlainListenerTest::cleanup()
{
    for (QWebSocket *socket : m_sockets)
        delete socket;
    m_sockets.clear();
    m_messages.clear();
    m_pongs = 0;
    m_listener.reset();
    m_upgrader.reset();
}

DirectSocket *PlainListenerTest::accept(BareClient &client)
{
    const qsizetype before = m_listener->findChildren<DirectSocket *>().size();
    if (!client.connectTo(m_listener->serverPort()))
        return nullptr;
    if (!QTest::qWaitFor(
            [&] { return m_listener->findChildren<DirectSocket *>().size() > before; }))
        return nullptr;
    return m_listener->findChildren<DirectSocket *>().last();
}

void PlainListenerTest::sendByteByByte(BareClient &client, DirectSocket *socket,
                                       const QByteArray &bytes)
{
    // QAbstractSocket emits channelReadyRead once per read from the kernel.
    QSignalSpy reads(socket, &QIODevice::channelReadyRead);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        QVERIFY(client.send(bytes.mid(i, 1)));
        QTRY_COMPARE(reads.size(), i + 1);
    }
}

void PlainListenerTest::handshakeArrivingByteByByte()
{
    BareClient client;
    DirectSocket *socket = accept(client);
    QVERIFY(socket);
    sendByteByByte(client, socket, UpgradeRequest);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY(upgraded(client));
    QVERIFY(client.received().contains(QByteArray("Sec-WebSocket-Accept: " + ExpectedAccept)));
    QVERIFY(socket->isUpgraded());

    QVERIFY(client.send(clientFrame(Text, "hello")));
    QTRY_COMPARE(m_messages, QStringList { QStringLiteral("hello") });
}

void PlainListenerTest::framesArrivingByteByByte()
{
    BareClient client;
    DirectSocket *socket = accept(client);
    QVERIFY(socket);
    QVERIFY(client.send(UpgradeRequest));
    QTRY_VERIFY(upgraded(client));
    const qsizetype handshakeBytes = client.received().size();

    // A frame with a 16-bit length, then a message in two fragments with a Ping between them:
    // the reader keeps its place in the frame while the socket's buffer starts over.
    const QByteArray longText(300, 'x');
    sendByteByByte(client, socket, clientFrame(Text, longText));
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(m_messages, QStringList { QString::fromLatin1(longText) });

    sendByteByByte(client, socket,
        clientFrame(Text, "Hel", {.fin = false}) + clientFrame(Ping, "p1")
            + clientFrame(Continuation, "lo, wörld"));
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE(m_messages.size(), 2);
    QCOMPARE(m_messages.last(), QStringLiteral("Hello, wörld"));
    // Answered with a Pong carrying the Ping's payload (server frames are unmasked).
    QTRY_VERIFY(client.received().size() >= handshakeBytes + 4);
    QCOMPARE(client.received().mid(handshakeBytes, 4), QByteArray("\x8a\x02p1", 4));
}

void PlainListenerTest::idleConnectionKeepsNoReadBuffer()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("the sanitizer's allocator does not show in mallinfo2()");
#endif
    // Qt keeps a 16 KiB block for good in every socket that read something, unless
    // DirectSocket drops it. (A read that takes all that is buffered as one QByteArray takes
    // the block along, so a text frame alone leaves none; the empty Pong of a heartbeat, read
    // in pieces, does.) Measured over many connections, after one that warms up Qt's lazily
    // built state, so that the objects each connection needs (QWebSocket, its QTcpSocket,
    // their connections: about 9 KiB) are what is left besides the block.
    constexpr int Connections = 20;
    constexpr size_t ReadBlock = 16 * 1024;
    auto openIdle = [this](BareClient &client) {
        const qsizetype messages = m_messages.size();
        const int pongs = m_pongs;
        QVERIFY(accept(client));
        QVERIFY(client.send(UpgradeRequest));
        QTRY_VERIFY(upgraded(client));
        QVERIFY(client.send(clientFrame(Text, "hello")));
        QTRY_COMPARE(m_messages.size(), messages + 1);
        const qsizetype received = client.received().size();
        m_sockets.back()->ping();
        QTRY_COMPARE(client.received().mid(received), QByteArray("\x89\x00", 2)); // the Ping
        QVERIFY(client.send(clientFrame(Pong, {})));
        QTRY_COMPARE(m_pongs, pongs + 1);
    };
    BareClient warmUp;
    openIdle(warmUp);
    if (QTest::currentTestFailed())
        return;

    std::vector<BareClient> clients(Connections);
    const size_t before = mallinfo2().uordblks;
    for (BareClient &client : clients) {
        openIdle(client);
        if (QTest::currentTestFailed())
            return;
    }
    const size_t perConnection = (mallinfo2().uordblks - before) / Connections;
    qInfo("heap per idle connection: %zu bytes", perConnection);
    QVERIFY2(perConnection < ReadBlock, qPrintable(QString::number(perConnection)));
}

QTEST_GUILESS_MAIN(PlainListenerTest)
#include "tst_plainlistener.moc"
