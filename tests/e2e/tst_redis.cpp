// The Redis engine (--redis) against a real redis-server on a free port: two server instances
// on one Redis behave as one server (rooms, seqs, history, resume, DMs, presence, typing, dedupe
// and guest names across instances), a crashed instance's users go offline, and a client whose
// instance dies carries on at the other without losing anything; ticker.history on either
// instance, from that instance's own feed. Outages of Redis itself: tst_redisoutage.
#include "ClientApp.h"
#include "FaultProxy.h"
#include "RedisSuite.h"
#include "TestHelpers.h"
#include "ServerProcess.h"
#include "protocol/ErrorCode.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

class RedisTest : public RedisSuite
{
    Q_OBJECT

private slots:
    void roomsSeqsAndHistoryAreShared();
    void dmsReachUsersOnTheOtherInstance();
    void dmsSentWhileAwayAreReadOnEitherInstance();
    void presenceAndTypingCrossInstances();
    void resumeWorksOnTheOtherInstance();
    void retryIsDedupedAcrossInstances();
    void guestNamesAreUniqueAcrossInstances();
    void crashedInstanceUsersGoOffline();
    void clientMovesToTheOtherInstanceAndLosesNothing();
    void changesAndSearchAreRefusedUntilTheEngineHasThem();
    void tickerHistoryIsAnsweredByEachInstanceFromItsOwnFeed();
};

void RedisTest::roomsSeqsAndHistoryAreShared()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(a.error() + b.error()));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob");
    QVERIFY(alice && bob);
    const Envelope aliceJoin = alice->request(T::RoomJoin, inRoom("general"));
    const Envelope bobJoin = bob->request(T::RoomJoin, inRoom("general"));
    QCOMPARE(aliceJoin.type, QString(T::Ack));
    // One room, one history: both instances name it by the same epoch.
    QCOMPARE(bobJoin.payload.value("epoch"), aliceJoin.payload.value("epoch"));

    for (int i = 0; i < 5; ++i) {
        TestClient *sender = i % 2 ? bob.get() : alice.get();
        const Envelope ack = sender->request(T::ChatSend, {{"room", "general"}, {"text", QString("m%1").arg(i)}});
        QCOMPARE(ack.type, QString(T::Ack));
        QCOMPARE(qint64(ack.payload.value("seq").toDouble()), qint64(i + 1));
    }
    for (TestClient *member : {alice.get(), bob.get()}) {
        for (int i = 0; i < 5; ++i)
            QVERIFY(!member->waitFor([&](const Envelope &e) { return isChatIn(e, "general", QString("m%1").arg(i)); }).type.isEmpty());
    }
    QCOMPARE(historyTexts(b.url(), "general"), (QStringList{"m0", "m1", "m2", "m3", "m4"}));
    QCOMPARE(historyTexts(a.url(), "general"), (QStringList{"m0", "m1", "m2", "m3", "m4"}));

    // room.list on either instance counts members on both.
    const Envelope list = alice->request(T::RoomList);
    bool found = false;
    for (const QJsonValue &r : list.payload.value("rooms").toArray()) {
        if (r.toObject().value("room").toString() == "general") {
            found = true;
            QCOMPARE(r.toObject().value("members").toInt(), 2);
            QCOMPARE(r.toObject().value("last_seq").toInt(), 5);
        }
    }
    QVERIFY(found);
}

void RedisTest::dmsReachUsersOnTheOtherInstance()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob", WireFormat::Json, clientInstance("bob-app"));
    // bob's second window of the same app, connected to the other instance
    auto bobElsewhere = TestClient::connectAs(a.url(), "bob", WireFormat::Json, clientInstance("bob-app"));
    QVERIFY(alice && bob && bobElsewhere);
    const Envelope ack = alice->request(T::DmSend, {{"to", "bob"}, {"text", "psst"}});
    QCOMPARE(ack.type, QString(T::Ack));
    for (TestClient *device : {bob.get(), bobElsewhere.get()}) {
        const Envelope dm = device->waitForType(T::DmMessage);
        QCOMPARE(dm.payload.value("from").toString(), QString("alice"));
        QCOMPARE(dm.payload.value("text").toString(), QString("psst"));
    }
    const Envelope reply = bob->request(T::DmSend, {{"to", "alice"}, {"text", "hi"}});
    QCOMPARE(qint64(reply.payload.value("seq").toDouble()), qint64(2)); // one conversation
    const Envelope answer = alice->waitFor([](const Envelope &e) {
        return e.type == T::DmMessage && e.payload.value("from").toString() == "bob";
    });
    QCOMPARE(answer.payload.value("text").toString(), QString("hi"));
}

void RedisTest::dmsSentWhileAwayAreReadOnEitherInstance()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(a.error() + b.error()));
    auto alice = TestClient::connectAs(a.url(), "alice");
    QVERIFY(alice);
    {
        auto bob = TestClient::connectAs(b.url(), "bob", WireFormat::Json, clientInstance("bob-app"));
        QVERIFY(bob);
    }
    QTRY_COMPARE(b.server().connectionCount(), 0);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(alice->request(T::DmSend, {{"to", "bob"}, {"text", QString("away %1").arg(i)}}).type,
                 QString(T::Ack));

    // Back on the other instance: the welcome names the conversation, dm.history has it.
    TestClient bob;
    QVERIFY(bob.open(a.url()));
    const Envelope welcome = bob.hello("bob", clientInstance("bob-app"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("bob"));
    QCOMPARE(directsOf(welcome).value("alice").value("last_seq").toInteger(), 3);
    QCOMPARE(seqsOf(bob.request(T::DmHistory, {{"with", "alice"}})), seqRange(1, 3));
    bob.socket().close();
    QTRY_COMPARE(a.server().connectionCount(), 1);

    // Someone else's install takes the freed name on instance b: bob's DMs stay bob's.
    TestClient stranger;
    QVERIFY(stranger.open(b.url()));
    const Envelope strangers = stranger.hello("bob", clientInstance("someone-else"));
    QCOMPARE(strangers.payload.value("user").toString(), QStringLiteral("bob"));
    QVERIFY(!directsOf(strangers).contains("alice"));
    QVERIFY(seqsOf(stranger.request(T::DmHistory, {{"with", "alice"}})).isEmpty());
}

void RedisTest::presenceAndTypingCrossInstances()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    QVERIFY(alice);
    alice->request(T::RoomJoin, inRoom("general"));
    alice->request(T::PresenceSet, {{"status", "away"}});

    auto bob = TestClient::connectAs(b.url(), "bob");
    QVERIFY(bob);
    bob->request(T::RoomJoin, inRoom("general"));
    const Envelope snapshot = bob->waitForType(T::PresenceSnapshot);
    QCOMPARE(snapshotUsers(snapshot), (QStringList{"alice", "bob"}));
    QCOMPARE(snapshot.payload.value("users").toArray().at(0).toObject().value("status").toString(),
             QString("away"));

    const Envelope joined = alice->waitFor([](const Envelope &e) {
        return e.type == T::RoomEvent && e.payload.value("user").toString() == "bob";
    });
    QCOMPARE(joined.payload.value("event").toString(), QString("join"));

    bob->send(T::PresenceSet, {{"status", "busy"}});
    const Envelope status = alice->waitFor([](const Envelope &e) {
        return e.type == T::Presence && e.payload.value("status").toString() == "busy";
    });
    QCOMPARE(status.payload.value("user").toString(), QString("bob"));

    bob->send(T::Typing, {{"room", "general"}, {"active", true}});
    const Envelope typing = alice->waitForType(T::Typing);
    QCOMPARE(typing.payload.value("user").toString(), QString("bob"));
    QVERIFY(typing.payload.value("active").toBool());

    bob->request(T::RoomLeave, inRoom("general"));
    const Envelope left = alice->waitFor([](const Envelope &e) {
        return e.type == T::RoomEvent && e.payload.value("event").toString() == "leave";
    });
    QCOMPARE(left.payload.value("user").toString(), QString("bob"));
}

void RedisTest::resumeWorksOnTheOtherInstance()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob");
    const Envelope join = alice->request(T::RoomJoin, inRoom("general"));
    bob->request(T::RoomJoin, inRoom("general"));
    bob->request(T::ChatSend, {{"room", "general"}, {"text", "seen"}});
    QVERIFY(!alice->waitFor([](const Envelope &e) { return isChatIn(e, "general", "seen"); }).type.isEmpty());
    alice.reset();
    for (const char *text : {"missed 1", "missed 2"})
        bob->request(T::ChatSend, {{"room", "general"}, {"text", text}});

    // Back, but on the other instance: it replays from the shared history.
    auto again = TestClient::connectAs(b.url(), "alice");
    const Envelope resumed = again->request(
        T::RoomJoin, {{"room", "general"}, {"since", 1}, {"epoch", join.payload.value("epoch")}});
    QCOMPARE(qint64(resumed.payload.value("last_seq").toDouble()), qint64(3));
    QVERIFY(!resumed.payload.value("gap").toBool());
    QVERIFY(again->sync());
    const QList<Envelope> replay = again->takeAll(T::ChatMessage);
    QCOMPARE(seqsOf(replay), (QList<qint64>{2, 3}));
}

void RedisTest::retryIsDedupedAcrossInstances()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto onA = TestClient::connectAs(a.url(), "alice", WireFormat::Json, clientInstance("test-alice"));
    auto onB = TestClient::connectAs(b.url(), "alice", WireFormat::Json, clientInstance("test-alice"));
    onA->request(T::RoomJoin, inRoom("general"));
    onB->request(T::RoomJoin, inRoom("general"));
    const Envelope first = onA->request(T::ChatSend, {{"room", "general"}, {"text", "once"}}, "send-1");
    // The ack was lost and the client reconnected to the other instance: same id again.
    const Envelope retry = onB->request(T::ChatSend, {{"room", "general"}, {"text", "once"}}, "send-1");
    QCOMPARE(retry.type, QString(T::Ack));
    QVERIFY(retry.payload.value("duplicate").toBool());
    QCOMPARE(retry.payload.value("seq"), first.payload.value("seq"));
    QCOMPARE(historyTexts(a.url(), "general"), QStringList{"once"});
    // The same id for another room names another message: refused, not acked as a duplicate.
    onB->request(T::RoomJoin, inRoom("random"));
    const Envelope reused = onB->request(T::ChatSend, {{"room", "random"}, {"text", "x"}}, "send-1");
    QCOMPARE(reused.payload.value("code").toString(), QString(ErrorCode::InvalidArgument));
}

void RedisTest::guestNamesAreUniqueAcrossInstances()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto first = TestClient::connectAs(a.url(), "alice", WireFormat::Json, clientInstance("laptop"));
    QVERIFY(first);
    TestClient other;
    QVERIFY(other.open(b.url()));
    // Another install asking for the name on the other instance gets another name …
    QCOMPARE(other.hello("alice", clientInstance("phone")).payload.value("user").toString(),
             QString("alice-2"));
    // … while the same install gets its own name back there (a reconnect to another instance).
    auto again = TestClient::connectAs(b.url(), "alice", WireFormat::Json, clientInstance("laptop"));
    QVERIFY(again);
    // Once every session of the name is gone, it is free again, for anyone.
    first.reset();
    again.reset();
    QTRY_VERIFY(TestClient::connectAs(a.url(), "alice", WireFormat::Json, clientInstance("tablet")));
}

void RedisTest::crashedInstanceUsersGoOffline()
{
    QTemporaryDir dataDir;
    ServerProcess a;
    QVERIFY(a.start(dataDir.path(), {"--redis", m_redis->url(), "--instance-ttl-ms", "600", "--no-feed"}));
    TestServer b(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    alice->request(T::RoomJoin, inRoom("general"));
    auto bob = TestClient::connectAs(b.url(), "bob");
    bob->request(T::RoomJoin, inRoom("general"));
    QCOMPARE(snapshotUsers(bob->waitForType(T::PresenceSnapshot)), (QStringList{"alice", "bob"}));

    a.kill(); // no goodbye: only the expired liveness key tells
    const Envelope left = bob->waitFor(
        [](const Envelope &e) {
            return e.type == T::RoomEvent && e.payload.value("event").toString() == "leave";
        },
        10000);
    QCOMPARE(left.payload.value("user").toString(), QString("alice"));
    auto carol = TestClient::connectAs(b.url(), "carol");
    carol->request(T::RoomJoin, inRoom("general"));
    QCOMPARE(snapshotUsers(carol->waitForType(T::PresenceSnapshot)), (QStringList{"bob", "carol"}));
}

void RedisTest::clientMovesToTheOtherInstanceAndLosesNothing()
{
    QTemporaryDir dataDir;
    ServerProcess a;
    QVERIFY(a.start(dataDir.path(), {"--redis", m_redis->url(), "--no-feed", "--rate-limit", "0"}));
    TestServer b(redisConfig(*m_redis));
    // The proxy stands for a load balancer: it sends new connections to whichever instance lives.
    FaultProxy balancer(a.port());
    QVERIFY(balancer.listen());
    ClientApp alice("alice", m_dir.filePath("moves"));
    QSignalSpy joined(alice.session.get(), &sb::client::Session::roomJoined);
    QVERIFY(alice.start(balancer.url()));
    alice.session->joinRoom("general");
    QVERIFY(joined.wait());
    auto bob = TestClient::connectAs(b.url(), "bob");
    bob->request(T::RoomJoin, inRoom("general"));

    alice.session->sendChat("general", "a1");
    QTRY_COMPARE(alice.session->outbox().depth(), 0);
    bob->request(T::ChatSend, {{"room", "general"}, {"text", "b1"}});
    QTRY_COMPARE(alice.receivedTexts("general"), (QStringList{"a1", "b1"}));

    a.kill();
    balancer.setUpstreamPort(b.server().port());
    // Written while her instance is gone, and bob goes on talking meanwhile.
    alice.session->sendChat("general", "a2");
    alice.session->sendChat("general", "a3");
    bob->request(T::ChatSend, {{"room", "general"}, {"text", "b2"}});

    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 15000);
    const QStringList expected{"a1", "b1", "b2", "a2", "a3"};
    QTRY_COMPARE_WITH_TIMEOUT(alice.receivedTexts("general").size(), expected.size(), 10000);
    QCOMPARE(toSet(alice.receivedTexts("general")), toSet(expected));
    const auto history = wholeHistory(b.url(), "general");
    QStringList texts;
    QList<qint64> seqs;
    for (const auto &[text, seq] : history) {
        texts.append(text);
        seqs.append(seq);
    }
    QCOMPARE(seqs, seqRange(1, 5));
    QCOMPARE(toSet(texts), toSet(expected));
    QCOMPARE(texts.size(), 5); // nothing twice
}

void RedisTest::changesAndSearchAreRefusedUntilTheEngineHasThem()
{
    // Replies, edits, deletes, reactions and search are SQLite-only so far (operations.md, 4a):
    // on Redis each is refused with not_found, nothing is stored or broadcast, and the room's
    // seqs go on as before.
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(a.error() + b.error()));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob");
    QVERIFY(alice && bob);
    for (TestClient *c : {alice.get(), bob.get()})
        QCOMPARE(c->request(T::RoomJoin, inRoom("changes")).type, QString(T::Ack));
    const qint64 seq = qint64(alice->request(T::ChatSend, {{"room", "changes"}, {"text", "hi"}}).payload.value("seq").toDouble());
    QVERIFY(!bob->waitFor([](const Envelope &e) { return isChatIn(e, "changes", "hi"); }).type.isEmpty());
    const QList<std::pair<QString, QJsonObject>> refused{
        {T::ChatEdit, {{"room", "changes"}, {"seq", seq}, {"text", "hello"}}},
        {T::ChatDelete, {{"room", "changes"}, {"seq", seq}}},
        {T::ChatReact, {{"room", "changes"}, {"seq", seq}, {"emoji", "👍"}}},
        {T::ChatSend, {{"room", "changes"}, {"text", "re"}, {"reply_to", seq}}},
        {T::DmReact, {{"to", "bob"}, {"seq", 1}, {"emoji", "👍"}}},
        {T::Search, {{"query", "hi"}}},
    };
    for (const auto &[type, payload] : refused) {
        const Envelope reply = alice->request(type, payload);
        QCOMPARE(reply.type, QString(T::Error));
        QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("not_found"));
    }
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::ChatChange), 0);
    QCOMPARE(bob->count(T::ChatMessage), 0);
    const Envelope next = bob->request(T::ChatSend, {{"room", "changes"}, {"text", "next"}});
    QCOMPARE(qint64(next.payload.value("seq").toDouble()), seq + 1);
}

void RedisTest::tickerHistoryIsAnsweredByEachInstanceFromItsOwnFeed()
{
    // Each instance runs its own feed (its own prices), so each answers with its own bars: the
    // ones its ticks came from. Bars and ticks agree on whichever instance a client lands on.
    auto config = redisConfig(*m_redis);
    config.feedEnabled = true;
    config.tickers = 3;
    TestServer a(config);
    TestServer b(config);
    QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(a.error() + b.error()));
    for (TestServer *instance : {&a, &b}) {
        auto trader = TestClient::connectAs(instance->url(), "trader");
        QVERIFY(trader);
        QCOMPARE(trader->request(T::TickerSubscribe, {{"symbols", QJsonArray{"MSFT"}}}).type, QString(T::Ack));
        QJsonObject tick;
        QElapsedTimer watching;
        watching.start();
        while (watching.elapsed() < 1500) {
            const Envelope batch = trader->waitForType(T::TickerBatch);
            QVERIFY(batch.isValid());
            tick = batch.payload.value("ticks").toArray().last().toObject();
        }
        const Envelope reply = trader->request(T::TickerHistory, {{"symbol", "MSFT"}, {"interval", "1s"}, {"limit", 5000}});
        QCOMPARE(reply.type, QString(T::TickerHistory));
        qint64 volume = 0;
        QJsonObject barOfTick;
        for (const QJsonValue &bar : reply.payload.value("bars").toArray()) {
            volume += bar.toObject().value("v").toInteger();
            if (bar.toObject().value("t").toInteger() == tick.value("t").toInteger() / 1000 * 1000)
                barOfTick = bar.toObject();
        }
        QCOMPARE(volume, reply.payload.value("q").toInteger()); // this instance's trades, all of them
        QVERIFY(!barOfTick.isEmpty());
        QVERIFY(barOfTick.value("l").toDouble() <= tick.value("p").toDouble());
        QVERIFY(tick.value("p").toDouble() <= barOfTick.value("h").toDouble());
    }
}

QTEST_MAIN(RedisTest)
#include "tst_redis.moc"
