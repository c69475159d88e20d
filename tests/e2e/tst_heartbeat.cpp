// The server's side of liveness, seen from the wire: Ping frames every heartbeat_ms, close 4000
// for a peer that never answers them, and no close for one that does; a TCP peer that never
// finishes the WebSocket handshake is dropped. QWebSocket answers pings by itself and shows
// neither pings nor its pongs, so these tests speak RFC 6455 by hand over a QTcpSocket.
#include "RawWebSocket.h"
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/CloseCode.h"
#include "protocol/MessageType.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

using Frame = RawWebSocket::Frame;
constexpr auto Text = RawWebSocket::Text;
constexpr auto Close = RawWebSocket::Close;
constexpr auto Ping = RawWebSocket::Ping;
constexpr auto Pong = RawWebSocket::Pong;

constexpr int HeartbeatMs = 200;

} // namespace

class HeartbeatTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void unansweredPingsCloseWith4000();
    void answeredPingsKeepTheConnection();
    void unfinishedHandshakeIsDropped_data();
    void unfinishedHandshakeIsDropped();

private:
    // Connects, upgrades, says hello and waits for the welcome.
    static void openSession(RawWebSocket &raw, const QUrl &url);

    std::unique_ptr<TestServer> m_server;
};

void HeartbeatTest::init()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.heartbeatMs = HeartbeatMs;
    config.handshakeTimeoutMs = 300;
    m_server = std::make_unique<TestServer>(config);
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
}

void HeartbeatTest::cleanup()
{
    m_server.reset();
}

void HeartbeatTest::openSession(RawWebSocket &raw, const QUrl &url)
{
    QVERIFY(raw.connectTcp(url));
    QVERIFY(raw.handshake(url));
    raw.sendFrame(Text, R"({"type":"hello","id":"h1","payload":{"name":"raw"}})");
    QTRY_VERIFY(raw.first(Text));
    const QByteArray welcome = raw.first(Text)->payload;
    QVERIFY2(welcome.contains(R"("type":"welcome")"), welcome.constData());
}

void HeartbeatTest::unansweredPingsCloseWith4000()
{
    RawWebSocket raw(false);
    openSession(raw, m_server->url());
    if (QTest::currentTestFailed())
        return;

    QTRY_VERIFY_WITH_TIMEOUT(raw.first(Close), 30 * HeartbeatMs);
    const Frame close = *raw.first(Close);
    QVERIFY(close.payload.size() >= 2);
    QCOMPARE(qFromBigEndian<quint16>(close.payload.constData()), CloseCode::HeartbeatTimeout);
    QVERIFY(close.payload.size() > 2); // with a reason

    // Pings came first, one an interval, and the close after the second one went unanswered:
    // two to three intervals after the connection opened (the shared timer's phase is arbitrary).
    QVERIFY2(raw.count(Ping) >= 2, qPrintable(QString::number(raw.count(Ping))));
    QCOMPARE(raw.frames().constLast().opcode, quint8(Close));
    QVERIFY2(close.atMs >= 2 * HeartbeatMs - 50, qPrintable(QString::number(close.atMs)));
    QVERIFY2(close.atMs <= 15 * HeartbeatMs, qPrintable(QString::number(close.atMs)));

    // A peer that ignores pings will not answer the close either: the server drops the TCP too.
    if (raw.tcp().state() != QAbstractSocket::UnconnectedState) {
        QSignalSpy disconnected(&raw.tcp(), &QTcpSocket::disconnected);
        QVERIFY(disconnected.wait(5000));
    }
    QTRY_COMPARE(m_server->server().connectionCount(), 0);
}

void HeartbeatTest::answeredPingsKeepTheConnection()
{
    RawWebSocket raw(true);
    openSession(raw, m_server->url());
    if (QTest::currentTestFailed())
        return;
    TestClient client;
    QVERIFY(client.open(m_server->url()));
    QCOMPARE(client.hello(QStringLiteral("qt")).type, T::Welcome);

    // Ten intervals, counted on the wire: far past the two-miss limit.
    constexpr int pings = 10;
    QTRY_VERIFY_WITH_TIMEOUT(raw.count(Ping) >= pings, 30 * HeartbeatMs);
    QCOMPARE(raw.count(Close), 0);
    QCOMPARE(raw.tcp().state(), QAbstractSocket::ConnectedState);
    // The pings are spread over time, not a burst.
    const Frame *firstPing = raw.first(Ping);
    QVERIFY(raw.frames().constLast().atMs - firstPing->atMs >= (pings - 1) * HeartbeatMs * 3 / 4);

    // QWebSocket answers by itself and is still there too.
    QVERIFY(client.isOpen());
    QVERIFY(client.sync());
    QCOMPARE(m_server->server().connectionCount(), 2);
}

void HeartbeatTest::unfinishedHandshakeIsDropped_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("half a request")
        << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
}

void HeartbeatTest::unfinishedHandshakeIsDropped()
{
    QFETCH(QByteArray, sent);
    QElapsedTimer elapsed;
    elapsed.start();
    RawWebSocket raw(false);
    QSignalSpy disconnected(&raw.tcp(), &QTcpSocket::disconnected);
    QVERIFY(raw.connectTcp(m_server->url()));
    if (!sent.isEmpty())
        raw.tcp().write(sent);
    QVERIFY(disconnected.wait(5000));
    QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));

    // The timeout is for handshakes only: a client that finishes it is served as usual.
    TestClient client;
    QVERIFY(client.open(m_server->url()));
    QCOMPARE(client.hello(QStringLiteral("late")).type, T::Welcome);
}

QTEST_GUILESS_MAIN(HeartbeatTest)
#include "tst_heartbeat.moc"
