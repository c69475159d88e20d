// The client core against the real server, with real faults from a TCP proxy: every state
// signalled, exact backoff, ghosts abandoned, no retry after 4001, and nothing typed is ever
// lost or doubled across server restarts, dropped acks, gaps and app restarts.
#include "ClientApp.h"
#include "FaultProxy.h"
#include "TestClient.h"
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

using App = ClientApp;

QList<ConnectionState> statesOf(const QSignalSpy &spy)
{
    QList<ConnectionState> states;
    for (const QList<QVariant> &args : spy)
        states.append(args.at(0).value<ConnectionState>());
    return states;
}

std::unique_ptr<ConnectionManager> makeConnection(const QString &name)
{
    return makeClientConnection(name);
}

ConnectionManager::Options fastOptions()
{
    return fastClientOptions();
}

} // namespace

class ClientTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<QList<ChatMessage>>(); }
    void connectsThroughEveryState();
    void backoffScheduleIsExact();
    void ghostServerIsAbandonedAndReconnected();
    void unauthorizedIsNotRetried();
    void userDisconnectDoesNotReconnect();
    void messagesTypedWhileServerIsDownArriveOnceInOrder();
    void lostAckIsResentAndDeduped();
    void outboxSurvivesAnAppRestart();
    void gapAfterResumeIsFilledFromHistory();
    void frameCutInHalfIsResentOnce();
    void failedSendCanBeRetried();
    void networkBackReconnectsAtOnce();
    void serverBackDuringALongWaitIsFoundByAKnock();
    void sendQueueSignalsCongestionAndDrains();
    void liveFromTheWelcomeUntilTheConnectionIsLost();

private:
    QTemporaryDir m_dir;
};

void ClientTest::connectsThroughEveryState()
{
    TestServer server;
    auto connection = makeConnection("alice");
    QSignalSpy states(connection.get(), &ConnectionManager::stateChanged);
    QSignalSpy opened(connection.get(), &ConnectionManager::opened);
    connection->open(server.url());
    QVERIFY(opened.wait());
    QCOMPARE(statesOf(states), (QList<ConnectionState>{ConnectionState::Connecting,
                                                       ConnectionState::Handshaking,
                                                       ConnectionState::Open}));
    QCOMPARE(connection->user(), QStringLiteral("alice"));
    QCOMPARE(connection->format(), WireFormat::Cbor); // preferred, and the server speaks it
    QTRY_VERIFY(connection->rttMs() >= 0 || connection->state() == ConnectionState::Open);
}

void ClientTest::backoffScheduleIsExact()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    proxy.setMode(FaultProxy::Mode::Refuse);
    auto connection = makeConnection("alice");
    QSignalSpy scheduled(connection.get(), &ConnectionManager::reconnectScheduled);
    connection->open(proxy.url());
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 5, 5000);
    QList<int> delays;
    for (int i = 0; i < 5; ++i)
        delays.append(scheduled.at(i).at(0).toInt());
    QCOMPARE(delays, (QList<int>{50, 100, 200, 200, 200}));
    QCOMPARE(connection->lastReason().closeCode, 1006);
    QVERIFY(!connection->lastReason().message.isEmpty());

    proxy.setMode(FaultProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(connection->state(), ConnectionState::Open, 5000);
}

void ClientTest::ghostServerIsAbandonedAndReconnected()
{
    // The server's own heartbeat is slow here, so only the client can notice the ghost: it
    // pings every 200 ms and gives up after 600 ms of silence.
    auto config = TestServer::defaultConfig();
    config.heartbeatMs = 60000;
    TestServer server(config);
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    auto options = fastOptions();
    options.heartbeatMs = 200;
    auto connection = std::make_unique<ConnectionManager>(options, [] { return 0.0; });
    connection->setIdentity({"alice", {}, "test-alice", "test"});
    QSignalSpy states(connection.get(), &ConnectionManager::stateChanged);
    connection->open(proxy.url());
    QTRY_COMPARE(connection->state(), ConnectionState::Open);

    proxy.setMode(FaultProxy::Mode::Silent); // TCP stays up; nothing flows
    QTRY_VERIFY_WITH_TIMEOUT(statesOf(states).contains(ConnectionState::WaitingToReconnect), 5000);
    // The first loss is the heartbeat's. Read from the signal, not lastReason(): on a loaded
    // machine (ASan) the next attempt into the silent proxy may already have failed with 1006.
    const int lostAt = int(statesOf(states).indexOf(ConnectionState::WaitingToReconnect));
    QCOMPARE(states.at(lostAt).at(1).value<StateReason>().closeCode, 4000);

    proxy.dropAll();
    proxy.setMode(FaultProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(connection->state(), ConnectionState::Open, 5000);
    QVERIFY(statesOf(states).count(ConnectionState::Open) == 2);
}

void ClientTest::unauthorizedIsNotRetried()
{
    auto config = TestServer::defaultConfig();
    config.allowGuests = false;
    config.authSecret = "a-secret-of-at-least-16-bytes";
    TestServer server(config);
    auto connection = makeConnection("mallory");
    QSignalSpy scheduled(connection.get(), &ConnectionManager::reconnectScheduled);
    connection->open(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(connection->state(), ConnectionState::Disconnected, 5000);
    QCOMPARE(connection->lastReason().closeCode, 4001);
    QVERIFY(connection->lastReason().message.contains("token"));
    QCOMPARE(scheduled.size(), 0);

    // With a valid token the same client gets in.
    const QByteArray token = sb::server::Jwt::sign(
        {{"sub", "mallory"}, {"exp", QDateTime::currentSecsSinceEpoch() + 60}}, config.authSecret);
    connection->setIdentity({"mallory", QString::fromLatin1(token), "x", "test"});
    connection->reconnectNow();
    QTRY_COMPARE(connection->state(), ConnectionState::Open);
}

void ClientTest::userDisconnectDoesNotReconnect()
{
    TestServer server;
    auto connection = makeConnection("alice");
    QSignalSpy scheduled(connection.get(), &ConnectionManager::reconnectScheduled);
    connection->open(server.url());
    QTRY_COMPARE(connection->state(), ConnectionState::Open);
    QSignalSpy states(connection.get(), &ConnectionManager::stateChanged);
    connection->close();
    QTRY_COMPARE(connection->state(), ConnectionState::Disconnected);
    QCOMPARE(statesOf(states),
             (QList<ConnectionState>{ConnectionState::Closing, ConnectionState::Disconnected}));
    QTest::qWait(300); // longer than the first two reconnect delays
    QCOMPARE(scheduled.size(), 0);
    QCOMPARE(connection->state(), ConnectionState::Disconnected);
}

void ClientTest::messagesTypedWhileServerIsDownArriveOnceInOrder()
{
    TestServer server;
    App alice("alice", m_dir.filePath("restart"));
    QSignalSpy states(alice.connection.get(), &ConnectionManager::stateChanged);
    QSignalSpy joined(alice.session.get(), &Session::roomJoined);
    QVERIFY(alice.start(server.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());

    server.stop();
    QTRY_COMPARE(alice.connection->state(), ConnectionState::WaitingToReconnect);
    for (const char *text : {"one", "two", "three"})
        alice.session->sendChat("general", text);
    QCOMPARE(alice.session->outbox().depth(), 3);
    QVERIFY(server.start());

    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 10000);
    QCOMPARE(historyTexts(server.url(), "general"), (QStringList{"one", "two", "three"}));
    QTRY_COMPARE(alice.receivedTexts("general"), (QStringList{"one", "two", "three"}));
    const QList<ConnectionState> seen = statesOf(states);
    for (ConnectionState state : {ConnectionState::Connecting, ConnectionState::Handshaking,
                                  ConnectionState::Open, ConnectionState::WaitingToReconnect})
        QVERIFY2(seen.contains(state), qPrintable(stateName(state)));
    QCOMPARE(seen.constLast(), ConnectionState::Open);
}

void ClientTest::liveFromTheWelcomeUntilTheConnectionIsLost()
{
    TestServer server;
    App alice("alice", m_dir.filePath("live"));
    QSignalSpy live(alice.session.get(), &Session::liveChanged);
    QVERIFY(!alice.session->isLive());
    QCOMPARE(alice.session->lastLiveMs(), 0);
    QVERIFY(alice.start(server.url()));
    QTRY_VERIFY(alice.session->isLive());
    QCOMPARE(live.count(), 1);

    const qint64 beforeLoss = QDateTime::currentMSecsSinceEpoch();
    server.stop();
    QTRY_VERIFY(!alice.session->isLive());
    QCOMPARE(live.count(), 2);
    QCOMPARE(live.at(1).at(0).toBool(), false);
    // "Last update" is when the connection was lost, not when the app started.
    QVERIFY(alice.session->lastLiveMs() >= beforeLoss);
    QVERIFY(alice.session->lastLiveMs() <= QDateTime::currentMSecsSinceEpoch());

    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(alice.session->isLive(), 10000);
    QCOMPARE(live.count(), 3);
}

void ClientTest::lostAckIsResentAndDeduped()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    App alice("alice", m_dir.filePath("lostack"));
    QSignalSpy joined(alice.session.get(), &Session::roomJoined);
    QVERIFY(alice.start(proxy.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());

    proxy.setMode(FaultProxy::Mode::OneWay); // the server gets the send; its ack never returns
    alice.session->sendChat("general", "exactly once");
    QTRY_COMPARE(historyTexts(server.url(), "general"), QStringList{"exactly once"});
    QCOMPARE(alice.session->outbox().depth(), 1); // no ack yet
    proxy.dropAll();
    proxy.setMode(FaultProxy::Mode::Pass);

    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 10000);
    QCOMPARE(historyTexts(server.url(), "general"), QStringList{"exactly once"});
}

void ClientTest::outboxSurvivesAnAppRestart()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    const QString dir = m_dir.filePath("apprestart");
    {
        App first("alice", dir);
        QSignalSpy joined(first.session.get(), &Session::roomJoined);
        QVERIFY(first.start(proxy.url()));
        first.session->joinRoom("general");
        QVERIFY(joined.wait());
        proxy.setMode(FaultProxy::Mode::Refuse);
        proxy.dropAll();
        QTRY_COMPARE(first.connection->state(), ConnectionState::WaitingToReconnect);
        first.session->sendChat("general", "written offline");
        first.session->sendChat("general", "and quit");
    } // the app quits with two messages unsent

    proxy.setMode(FaultProxy::Mode::Pass);
    App second("alice", dir);
    QVERIFY(second.start(proxy.url()));
    QCOMPARE(second.session->outbox().depth(), 2);
    QCOMPARE(second.session->rooms(), QStringList{"general"});
    QTRY_COMPARE_WITH_TIMEOUT(second.session->outbox().depth(), 0, 10000);
    QCOMPARE(historyTexts(server.url(), "general"), (QStringList{"written offline", "and quit"}));
}

void ClientTest::gapAfterResumeIsFilledFromHistory()
{
    auto config = TestServer::defaultConfig();
    config.replayLimit = 5;
    TestServer server(config);
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    App alice("alice", m_dir.filePath("gap"));
    QSignalSpy joined(alice.session.get(), &Session::roomJoined);
    QVERIFY(alice.start(proxy.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());

    proxy.setMode(FaultProxy::Mode::Refuse);
    proxy.dropAll();
    TestClient bob;
    QVERIFY(bob.open(server.url()));
    bob.hello("bob");
    bob.request(T::RoomJoin, {{"room", "general"}});
    QStringList sent;
    for (int i = 1; i <= 12; ++i) {
        sent.append(QStringLiteral("missed %1").arg(i));
        QCOMPARE(bob.request(T::ChatSend, {{"room", "general"}, {"text", sent.constLast()}}).type, T::Ack);
    }
    proxy.setMode(FaultProxy::Mode::Pass);

    QTRY_COMPARE_WITH_TIMEOUT(alice.session->watermark("general"), 12, 10000);
    // All twelve, each once, and in seq order: the replayed newest five wait for the seven the
    // fill brings (they used to be handed out first; found by the chaos soak).
    QCOMPARE(alice.receivedTexts("general"), sent);
    QCOMPARE(alice.session->cachedMessages("general", 100).size(), 12);
}

void ClientTest::frameCutInHalfIsResentOnce()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    App alice("alice", m_dir.filePath("cut"));
    QSignalSpy joined(alice.session.get(), &Session::roomJoined);
    QVERIFY(alice.start(proxy.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());

    proxy.cutNextChunk(); // the server gets half of the chat.send frame, then the link drops
    alice.session->sendChat("general", "cut in two");
    QTRY_VERIFY(!proxy.isCutArmed());
    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 10000);
    QCOMPARE(historyTexts(server.url(), "general"), QStringList{"cut in two"});
    QTRY_COMPARE(alice.receivedTexts("general"), QStringList{"cut in two"});
}

void ClientTest::failedSendCanBeRetried()
{
    auto config = TestServer::defaultConfig();
    TestServer server(config);
    App alice("alice", m_dir.filePath("retry"));
    QSignalSpy joined(alice.session.get(), &Session::roomJoined);
    QSignalSpy own(alice.session.get(), &Session::ownMessageUpdated);
    QVERIFY(alice.start(server.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());
    // A text the server refuses for good (over 8 KiB) fails and waits for the user.
    const QString id = alice.session->sendChat("general", QString(9000, 'x'));
    QTRY_COMPARE(alice.session->outbox().find(id)->state, DeliveryState::Failed);
    QVERIFY(!alice.session->outbox().find(id)->error.isEmpty());
    alice.session->sendChat("general", "after the failed one");
    QTRY_COMPARE(historyTexts(server.url(), "general"), QStringList{"after the failed one"});
    alice.session->discard(id);
    QCOMPARE(alice.session->outbox().depth(), 0);
    QVERIFY(own.size() >= 4);
}

void ClientTest::networkBackReconnectsAtOnce()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    auto options = fastOptions();
    options.reconnect.initialMs = 60000; // the schedule alone would wait half a minute or more
    options.reconnect.maxMs = 60000;
    ConnectionManager connection(options, [] { return 0.0; });
    connection.setIdentity({"alice", {}, "test-alice", "test"});
    connection.open(proxy.url());
    QTRY_COMPARE(connection.state(), ConnectionState::Open);
    proxy.dropAll();
    QTRY_COMPARE(connection.state(), ConnectionState::WaitingToReconnect);
    QVERIFY(connection.msUntilReconnect() > 20000);
    // What NetworkWatcher triggers when the network comes back or the machine wakes up.
    connection.checkNow();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Open, 5000);
}

void ClientTest::serverBackDuringALongWaitIsFoundByAKnock()
{
    // The schedule without jitter: 500, 2000, 8000, 32000 ms. A server back during the 8 s or
    // 32 s wait is found by a knock (every 2 s), not at the end of the wait.
    TestServer server;
    ConnectionManager connection(slowBackoffOptions(), [] { return 0.0; });
    connection.setIdentity({"alice", {}, "test-alice", "test"});
    QSignalSpy scheduled(&connection, &ConnectionManager::reconnectScheduled);
    QSignalSpy reachable(&connection, &ConnectionManager::serverReachable);
    connection.open(server.url());
    QTRY_COMPARE(connection.state(), ConnectionState::Open);

    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!scheduled.isEmpty() && scheduled.constLast().at(0).toInt() >= 8000,
                             15000);
    QCOMPARE(connection.state(), ConnectionState::WaitingToReconnect);
    QVERIFY(connection.attempts() > 0);
    QVERIFY(connection.msUntilReconnect() > 5000);

    QSignalSpy states(&connection, &ConnectionManager::stateChanged);
    QVERIFY(server.start());
    // The bound is the knock interval with room to spare, well under what is left of the wait.
    QVERIFY(reachable.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Open, 5000);
    QCOMPARE(statesOf(states), (QList<ConnectionState>{ConnectionState::Connecting,
                                                       ConnectionState::Handshaking,
                                                       ConnectionState::Open}));
    QCOMPARE(reachable.count(), 1);
    // The sign of life reset the schedule: the next outage starts from the first step again.
    QCOMPARE(connection.attempts(), 0);
    QCOMPARE(connection.lastReason().message, QStringLiteral("Connected as alice."));
}

void ClientTest::sendQueueSignalsCongestionAndDrains()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    auto options = fastOptions();
    options.sendHighWaterBytes = 64 * 1024;
    ConnectionManager connection(options, [] { return 0.0; });
    connection.setIdentity({"alice", {}, "test-alice", "test"});
    QSignalSpy congestion(&connection, &ConnectionManager::congestionChanged);
    connection.open(proxy.url());
    QTRY_COMPARE(connection.state(), ConnectionState::Open);

    // The proxy stops reading: the kernel's buffers fill, then our own queue holds the rest.
    proxy.setMode(FaultProxy::Mode::Silent);
    const QString padding(4000, QLatin1Char('x'));
    for (int i = 0; i < 4000 && !connection.isCongested(); ++i) {
        QVERIFY(connection.send(Envelope::make(T::Ping, {{"t", i}, {"pad", padding}})));
        if (i % 50 == 0)
            QCoreApplication::processEvents();
    }
    QVERIFY(connection.isCongested());
    QVERIFY(connection.queuedBytes() >= options.sendHighWaterBytes);
    QCOMPARE(congestion.constLast().at(0).toBool(), true);

    proxy.setMode(FaultProxy::Mode::Pass); // the link recovers: the queue drains in order
    QTRY_VERIFY_WITH_TIMEOUT(!connection.isCongested(), 10000);
    QCOMPARE(congestion.constLast().at(0).toBool(), false);
    QCOMPARE(connection.state(), ConnectionState::Open);
}

QTEST_GUILESS_MAIN(ClientTest)
#include "tst_client.moc"
