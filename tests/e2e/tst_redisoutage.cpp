// The Redis engine when Redis itself fails: stopped under load (no acked message lost), down
// (sends get an error, connections stay, health and metrics say so, joins are retried), or hung
// (reads fail instead of stalling every request), or out of one instance's reach for a while
// (what the others published meanwhile reaches that instance's users and search index once it is
// back).
#include "ClientApp.h"
#include "FaultProxy.h"
#include "RedisSuite.h"
#include "TestHelpers.h"
#include "HttpGet.h"
#include "protocol/ErrorCode.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <functional>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

// A FaultProxy on a thread of its own: a server in this process talks to Redis through it with
// blocking calls too, which a proxy on this thread could not answer.
class ProxyThread
{
public:
    explicit ProxyThread(quint16 upstreamPort)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        run([this, upstreamPort](FaultProxy *&proxy) {
            proxy = new FaultProxy(upstreamPort);
            m_listening = proxy->listen();
        });
    }
    ~ProxyThread()
    {
        run([](FaultProxy *&proxy) { delete proxy; });
        QMetaObject::invokeMethod(&m_context, [this] { m_context.moveToThread(m_main); },
                                  Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    bool isListening() const { return m_listening; }
    quint16 port()
    {
        quint16 port = 0;
        run([&port](FaultProxy *&proxy) { port = proxy->port(); });
        return port;
    }
    void run(const std::function<void(FaultProxy *&)> &action)
    {
        QMetaObject::invokeMethod(&m_context, [&] { action(m_proxy); }, Qt::BlockingQueuedConnection);
    }

private:
    QThread m_thread;
    QThread *m_main = QThread::currentThread();
    QObject m_context;
    FaultProxy *m_proxy = nullptr;
    bool m_listening = false;
};

} // namespace

class RedisOutageTest : public RedisSuite
{
    Q_OBJECT

private slots:
    void sendsDuringAnOutageGetAnErrorAndConnectionsStay();
    void redisRestartUnderLoadLosesNoAckedMessage();
    void resumeRefusedDuringAnOutageIsRetried();
    void hungRedisFailsReadsInsteadOfHangingThem();
    void dmsPublishedWhileAnInstanceWasCutOffReachItsUsersAndItsIndex();
};

void RedisOutageTest::sendsDuringAnOutageGetAnErrorAndConnectionsStay()
{
    auto config = redisConfig(*m_redis);
    config.metricsPort = 0;
    TestServer a(config);
    QCOMPARE(httpGet(metricsUrl(a.server(), "/healthz")).status, 200);
    QVERIFY(httpGet(metricsUrl(a.server())).body.contains("\nswitchboard_redis_up 1\n"));
    auto alice = TestClient::connectAs(a.url(), "alice");
    alice->request(T::RoomJoin, inRoom("general"));
    alice->request(T::ChatSend, {{"room", "general"}, {"text", "before"}});
    m_redis->stop();
    QTRY_COMPARE(a.server().stats().redisState, 0);

    const Envelope refused = alice->request(T::ChatSend, {{"room", "general"}, {"text", "later"}}, "out-1");
    QCOMPARE(refused.type, QString(T::Error));
    QCOMPARE(refused.payload.value("code").toString(), QString(ErrorCode::Internal));
    QVERIFY(refused.payload.value("message").toString().contains("unreachable"));
    const Envelope history = alice->request(T::HistoryGet, inRoom("general"));
    QCOMPARE(history.payload.value("code").toString(), QString(ErrorCode::Internal));
    QVERIFY(alice->isOpen());
    // Operators see it too: the health check fails (a balancer sends new clients elsewhere).
    const HttpReply health = httpGet(metricsUrl(a.server(), "/healthz"));
    QCOMPARE(health.status, 503);
    QVERIFY(health.body.contains("Redis"));
    QVERIFY(httpGet(metricsUrl(a.server())).body.contains("\nswitchboard_redis_up 0\n"));

    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(a.server().stats().redisState, 1, 10000);
    QCOMPARE(httpGet(metricsUrl(a.server(), "/healthz")).status, 200);
    const Envelope retried = alice->request(T::ChatSend, {{"room", "general"}, {"text", "later"}}, "out-1");
    QCOMPARE(retried.type, QString(T::Ack));
    QVERIFY(!alice->waitFor([](const Envelope &e) { return isChatIn(e, "general", "later"); }).type.isEmpty());
    QVERIFY(alice->isOpen());
}

void RedisOutageTest::redisRestartUnderLoadLosesNoAckedMessage()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    ClientApp alice("alice", m_dir.filePath("load-alice"));
    ClientApp bob("bob", m_dir.filePath("load-bob"));
    QSignalSpy aliceJoined(alice.session.get(), &sb::client::Session::roomJoined);
    QSignalSpy bobJoined(bob.session.get(), &sb::client::Session::roomJoined);
    QVERIFY(alice.start(a.url()));
    QVERIFY(bob.start(b.url()));
    alice.session->joinRoom("general");
    bob.session->joinRoom("general");
    QVERIFY(aliceJoined.wait());
    QTRY_VERIFY(!bobJoined.isEmpty());

    // Both type steadily; Redis goes down and comes back in the middle of it.
    constexpr int PerUser = 60;
    int sent = 0;
    QTimer typing;
    typing.setInterval(15);
    connect(&typing, &QTimer::timeout, this, [&] {
        alice.session->sendChat("general", QString("alice %1").arg(sent));
        bob.session->sendChat("general", QString("bob %1").arg(sent));
        if (++sent == PerUser)
            typing.stop();
    });
    typing.start();
    QTRY_VERIFY(sent >= PerUser / 3);
    m_redis->stop();
    QTRY_COMPARE(a.server().stats().redisState, 0);
    QTest::qWait(300); // sends keep arriving while Redis is away
    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(sent, PerUser, 10000);

    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(bob.session->outbox().depth(), 0, 20000);
    const auto history = wholeHistory(a.url(), "general");
    QStringList texts;
    QList<qint64> seqs;
    for (const auto &[text, seq] : history) {
        texts.append(text);
        seqs.append(seq);
    }
    QCOMPARE(seqs, seqRange(1, 2 * PerUser)); // no gap, no repeat
    QCOMPARE(toSet(texts).size(), 2 * PerUser); // each once
    // Each sender's own messages keep their order.
    for (const QString &user : {QString("alice"), QString("bob")}) {
        int next = 0;
        for (const QString &text : texts) {
            if (text.startsWith(user + ' '))
                QCOMPARE(text, QString("%1 %2").arg(user).arg(next++));
        }
        QCOMPARE(next, PerUser);
    }
    // And every member saw every message once.
    QTRY_COMPARE_WITH_TIMEOUT(alice.receivedTexts("general").size(), 2 * PerUser, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(bob.receivedTexts("general").size(), 2 * PerUser, 10000);
}

void RedisOutageTest::resumeRefusedDuringAnOutageIsRetried()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    FaultProxy proxy(a.server().port());
    QVERIFY(proxy.listen());
    ClientApp alice("alice", m_dir.filePath("outage-resume"));
    QSignalSpy joined(alice.session.get(), &sb::client::Session::roomJoined);
    QSignalSpy left(alice.session.get(), &sb::client::Session::roomLeft);
    QVERIFY(alice.start(proxy.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());
    alice.session->sendChat("general", "before");
    QTRY_COMPARE(alice.session->outbox().depth(), 0);

    // Redis goes away and the client reconnects meanwhile, to an instance that must read the
    // room from Redis: its resume is refused (internal) …
    m_redis->stop();
    QTRY_COMPARE(b.server().stats().redisState, 0);
    proxy.setUpstreamPort(b.server().port());
    proxy.dropAll();
    QTRY_COMPARE_WITH_TIMEOUT(alice.connection->state(), sb::client::ConnectionState::Open, 10000);
    QTest::qWait(300);
    QCOMPARE(joined.size(), 1);
    // … but the room stays the user's, and the join goes through once Redis is back.
    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 2, 10000);
    QCOMPARE(left.size(), 0);
    alice.session->sendChat("general", "after");
    QTRY_COMPARE(alice.receivedTexts("general"), (QStringList{"before", "after"}));
}

void RedisOutageTest::hungRedisFailsReadsInsteadOfHangingThem()
{
    TestServer a(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    QVERIFY(alice);
    m_redis->pause();
    // Reads of rooms this instance never loaded must come from Redis: each is refused with an
    // error (bounded by the read timeout, then by the backoff), none is left unanswered.
    for (const char *room : {"one", "two", "three"}) {
        const Envelope reply = alice->request(T::HistoryGet, inRoom(room));
        QCOMPARE(reply.type, QString(T::Error));
        QCOMPARE(reply.payload.value("code").toString(), QString(ErrorCode::Internal));
    }
    QVERIFY(alice->isOpen());
    m_redis->resume();
    QTRY_COMPARE_WITH_TIMEOUT(alice->request(T::RoomJoin, inRoom("one")).type, QString(T::Ack), 15000);
}

void RedisOutageTest::dmsPublishedWhileAnInstanceWasCutOffReachItsUsersAndItsIndex()
{
    // Instance a reaches Redis through a proxy that can cut it off; b and Redis stay up.
    ProxyThread link(m_redis->port());
    QVERIFY(link.isListening());
    auto cutOff = redisConfig(*m_redis);
    cutOff.redisUrl = QStringLiteral("redis://127.0.0.1:%1").arg(link.port());
    TestServer a(cutOff);
    TestServer b(redisConfig(*m_redis));
    QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(a.error() + b.error()));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob");
    QVERIFY(alice && bob);
    QCOMPARE(bob->request(T::DmSend, {{"to", "alice"}, {"text", "before"}}).type, QString(T::Ack));
    QCOMPARE(alice->waitForType(T::DmMessage).payload.value("text").toString(), QStringLiteral("before"));

    link.run([](FaultProxy *&proxy) {
        proxy->setMode(FaultProxy::Mode::Refuse);
        proxy->dropAll();
    });
    QTRY_COMPARE(a.server().stats().redisState, 0);
    QCOMPARE(bob->request(T::DmSend, {{"to", "alice"}, {"text", "while a was cut off"}}).type,
             QString(T::Ack));
    QVERIFY(alice->sync());
    QCOMPARE(alice->count(T::DmMessage), 0); // published while a was not listening
    QVERIFY(alice->isOpen());

    link.run([](FaultProxy *&proxy) { proxy->setMode(FaultProxy::Mode::Pass); });
    // Sent again from the store once a is back (with, at most, DMs from just before the cut,
    // which the client drops by seq).
    const Envelope caughtUp = alice->waitFor(
        [](const Envelope &e) {
            return e.type == T::DmMessage && e.payload.value("text").toString() == "while a was cut off";
        },
        15000);
    QCOMPARE(caughtUp.payload.value("seq").toInteger(), 2);
    // a's own search index missed the publication too, and read it back from the stream.
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "cut off"}})), QStringList{"@bob:2"});
}

QTEST_MAIN(RedisOutageTest)
#include "tst_redisoutage.moc"
