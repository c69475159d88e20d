// The Redis engine (--redis) against a real redis-server on a free port: two server instances
// on one Redis behave as one server (rooms, seqs, history, resume, DMs, presence, typing, dedupe
// and guest names across instances; replies, edits, deletes and reactions live and folded into
// history, decided once when they race), a crashed instance's users go offline, and a client
// whose instance dies carries on at the other without losing anything; ticker.history on
// either instance, from that instance's own feed. Outages of Redis itself: tst_redisoutage.
#include "ClientApp.h"
#include "FaultProxy.h"
#include "RedisSuite.h"
#include "TestHelpers.h"
#include "ServerProcess.h"
#include "protocol/ErrorCode.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
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
    void changesCrossInstancesLiveAndInHistory();
    void historyAroundSkipsChangesOnRedis();
    void aRetriedChangeIsStoredOnceAcrossInstances();
    void badChangesAreRefusedWithNothingStored();
    void racingChangesAreDecidedOnce();
    void dmChangesCrossInstances();
    void readMarkersCrossInstancesAndOutliveThem();
    void notifySettingsCrossInstancesAndOutliveThem();
    void searchFindsWhatAnyInstanceStoredAndKeepsPrivateRoomsPrivate();
    void searchIndexCatchesUpAtStartAndAfterARestart();
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

namespace {
QJsonObject at(const QString &room, qint64 seq, QJsonObject payload = {})
{
    payload.insert("room", room);
    payload.insert("seq", seq);
    return payload;
}

// The history entry of `seq` (its state folded in) as `client` reads it; empty when absent.
QJsonObject entryOf(TestClient &client, const QString &room, qint64 seq)
{
    const Envelope page = client.request(T::HistoryGet, {{"room", room}, {"limit", 200}});
    for (const QJsonValue &m : page.payload.value("messages").toArray()) {
        if (m.toObject().value("seq").toInteger() == seq)
            return m.toObject();
    }
    return {};
}

// Two users on two instances in one room: alice on a, bob on b.
struct TwoInstances
{
    explicit TwoInstances(const RedisProcess &redis, const QString &roomName = "general")
        : a(redisConfig(redis))
        , b(redisConfig(redis))
        , room(roomName)
    {
        alice = TestClient::connectAs(a.url(), "alice", WireFormat::Json, clientInstance("alice-app"));
        bob = TestClient::connectAs(b.url(), "bob");
        if (!alice || !bob)
            return;
        for (TestClient *c : {alice.get(), bob.get()})
            joined &= c->request(T::RoomJoin, inRoom(room)).type == T::Ack;
    }
    bool ready() const { return a.isRunning() && b.isRunning() && alice && bob && joined; }
    // alice's second window of her app, on b, in the room too.
    std::unique_ptr<TestClient> aliceOnB()
    {
        auto window = TestClient::connectAs(b.url(), "alice", WireFormat::Json, clientInstance("alice-app"));
        if (window && window->request(T::RoomJoin, inRoom(room)).type != T::Ack)
            window.reset();
        return window;
    }
    // Sends and waits until both have it live.
    qint64 send(TestClient &from, const QString &text, QJsonObject extra = {})
    {
        extra.insert("room", room);
        extra.insert("text", text);
        const Envelope ack = from.request(T::ChatSend, extra);
        if (ack.type != T::Ack)
            return -1;
        const qint64 seq = ack.payload.value("seq").toInteger();
        for (TestClient *c : {alice.get(), bob.get()})
            c->waitFor([seq](const Envelope &e) { return e.type == T::ChatMessage && e.payload.value("seq").toInteger() == seq; });
        return seq;
    }
    // Nothing reached `client` since the last look (after a round trip, so anything sent arrived).
    static bool heardNothing(TestClient &client)
    {
        if (!client.sync())
            return false;
        const bool quiet = client.count(T::ChatMessage) == 0 && client.count(T::ChatChange) == 0;
        return drain(client) && quiet;
    }
    // Forgets what reached `client` so far (after a round trip).
    static bool drain(TestClient &client)
    {
        if (!client.sync())
            return false;
        client.takeAll(T::ChatMessage);
        client.takeAll(T::ChatChange);
        return true;
    }

    TestServer a, b;
    QString room;
    std::unique_ptr<TestClient> alice, bob;
    bool joined = true;
};

const QByteArray Secret = "e2e-redis-secret-0123456789abcdef";

// A signed-in user on `url`, with `rooms` as the token's private-room claim, in those rooms and
// #general.
std::unique_ptr<TestClient> signIn(const QUrl &url, const QString &user, const QStringList &rooms = {})
{
    QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}};
    if (!rooms.isEmpty())
        claims.insert("rooms", QJsonArray::fromStringList(rooms));
    auto client = std::make_unique<TestClient>();
    if (!client->open(url)
        || client->hello({}, {{"token", QString::fromLatin1(sb::server::Jwt::sign(claims, Secret))}}).type != T::Welcome)
        return nullptr;
    for (const QString &room : QStringList{"general"} + rooms) {
        if (client->request(T::RoomJoin, inRoom(room)).type != T::Ack)
            return nullptr;
    }
    return client;
}

QStringList searched(TestClient &client, const QString &query)
{
    return placesOf(client.request(T::Search, {{"query", query}}));
}

// Waits until `client` has the event `seq` of `room` live (its instance has stored it in its index).
bool hears(TestClient &client, const QString &room, qint64 seq)
{
    return !client.waitFor([&](const Envelope &e) {
                       return e.payload.value("room").toString() == room && e.payload.value("seq").toInteger() == seq;
                   }).type.isEmpty();
}
} // namespace

void RedisTest::changesCrossInstancesLiveAndInHistory()
{
    TwoInstances two(*m_redis);
    QVERIFY(two.ready());
    TestClient &alice = *two.alice, &bob = *two.bob;
    const qint64 original = two.send(alice, "the secret plan");
    QVERIFY(original > 0);

    // A reply on b reaches a with the quote as b's instance resolved it.
    QCOMPARE(bob.request(T::ChatSend, {{"room", "general"}, {"text", "tell me"}, {"reply_to", original}}).type, T::Ack);
    const Envelope reply = alice.waitFor([](const Envelope &e) { return e.type == T::ChatMessage; });
    QCOMPARE(reply.payload.value("reply_to").toObject().value("from").toString(), QStringLiteral("alice"));
    QCOMPARE(reply.payload.value("reply_to").toObject().value("text").toString(), QStringLiteral("the secret plan"));
    const qint64 replySeq = reply.payload.value("seq").toInteger();
    QCOMPARE(replySeq, original + 1);

    // An edit on a and a reaction on b, each with a seq of its own, live on the other instance.
    const Envelope edit = alice.request(T::ChatEdit, at("general", original, {{"text", "the secret plan, v2"}}));
    QCOMPARE(edit.type, T::Ack);
    QCOMPARE(edit.payload.value("seq").toInteger(), replySeq + 1);
    const Envelope editLive = bob.waitFor([](const Envelope &e) { return e.type == T::ChatChange; });
    QCOMPARE(editLive.payload.value("change").toString(), QStringLiteral("edit"));
    QCOMPARE(editLive.payload.value("target").toInteger(), original);
    QCOMPARE(editLive.payload.value("text").toString(), QStringLiteral("the secret plan, v2"));
    QCOMPARE(bob.request(T::ChatReact, at("general", original, {{"emoji", "👍"}})).type, T::Ack);
    QCOMPARE(alice.request(T::ChatReact, at("general", original, {{"emoji", "👍"}})).type, T::Ack);
    const Envelope reactLive = alice.waitFor([](const Envelope &e) { return e.type == T::ChatChange && e.payload.value("change") == "react"; });
    QCOMPARE(reactLive.payload.value("from").toString(), QStringLiteral("bob"));
    QCOMPARE(reactLive.payload.value("emoji").toString(), QStringLiteral("👍"));

    // History from either instance folds the state in; the page holds messages only.
    for (TestClient *reader : {&alice, &bob}) {
        const QJsonObject folded = entryOf(*reader, "general", original);
        QCOMPARE(folded.value("text").toString(), QStringLiteral("the secret plan, v2"));
        QCOMPARE(folded.value("edited_ts").toInteger(), edit.payload.value("ts").toInteger());
        const QJsonArray reactions = folded.value("reactions").toArray();
        QCOMPARE(reactions.size(), 1);
        QCOMPARE(reactions.at(0).toObject().value("users").toArray(), QJsonArray({"bob", "alice"}));
        QCOMPARE(entryOf(*reader, "general", replySeq).value("reply_to").toObject().value("text").toString(),
                 QStringLiteral("the secret plan"));
        QCOMPARE(seqsOf(reader->request(T::HistoryGet, inRoom("general"))), (QList<qint64>{original, replySeq}));
    }

    // A delete on b's side by its author's other instance: a tombstone everywhere, and the
    // words leave Redis (the message's text, its edit's, the reply's quote).
    QVERIFY(!keysHolding(*m_redis, "secret").isEmpty());
    const Envelope deleted = alice.request(T::ChatDelete, at("general", original));
    QCOMPARE(deleted.type, T::Ack);
    const Envelope deleteLive = bob.waitFor([](const Envelope &e) { return e.type == T::ChatChange && e.payload.value("change") == "delete"; });
    QCOMPARE(deleteLive.payload.value("target").toInteger(), original);
    const QJsonObject tombstone = entryOf(bob, "general", original);
    QCOMPARE(tombstone.value("deleted").toBool(), true);
    QCOMPARE(tombstone.value("text").toString(), QString());
    QVERIFY(!tombstone.contains("reactions"));
    QCOMPARE(entryOf(bob, "general", replySeq).value("reply_to").toObject().value("text").toString(), QString());
    QCOMPARE(keysHolding(*m_redis, "secret"), QStringList());

    // Resume on b from before the first message replays messages and changes in seq order.
    auto carol = TestClient::connectAs(two.b.url(), "carol");
    QVERIFY(carol);
    const QString id = carol->send(T::RoomJoin, {{"room", "general"}, {"since", 0}});
    QCOMPARE(carol->waitForReply(id).type, T::Ack);
    QVERIFY(carol->sync());
    QList<qint64> seqs;
    QStringList changes;
    for (const Envelope &e : carol->inbox()) {
        if (e.type != T::ChatMessage && e.type != T::ChatChange)
            continue;
        seqs.append(e.payload.value("seq").toInteger());
        changes.append(e.type == T::ChatMessage ? QStringLiteral("message") : e.payload.value("change").toString());
    }
    QCOMPARE(seqs, seqRange(original, deleted.payload.value("seq").toInteger()));
    QCOMPARE(changes, (QStringList{"message", "message", "edit", "react", "react", "delete"}));
}

void RedisTest::historyAroundSkipsChangesOnRedis()
{
    TwoInstances two(*m_redis);
    QVERIFY(two.ready());
    QList<qint64> seqs;
    for (int i = 0; i < 10; ++i) {
        seqs.append(two.send(*two.alice, QStringLiteral("m%1").arg(i)));
        if (i == 4) // a change in the middle: pages count messages, not seqs
            QCOMPARE(two.bob->request(T::ChatReact, at("general", seqs.last(), {{"emoji", "⭐"}})).type, T::Ack);
    }
    const Envelope page = two.bob->request(T::HistoryGet, {{"room", "general"}, {"around", seqs.at(5)}, {"limit", 4}});
    QCOMPARE(seqsOf(page), (QList<qint64>{seqs.at(4), seqs.at(5), seqs.at(6), seqs.at(7)}));
    QCOMPARE(page.payload.value("has_more").toBool(), true);
    QCOMPARE(page.payload.value("has_newer").toBool(), true);
    const Envelope older = two.alice->request(T::HistoryGet, {{"room", "general"}, {"before", seqs.at(5)}, {"limit", 5}});
    QCOMPARE(seqsOf(older), seqs.mid(0, 5));
    QCOMPARE(older.payload.value("has_more").toBool(), false);
}

void RedisTest::aRetriedChangeIsStoredOnceAcrossInstances()
{
    TwoInstances two(*m_redis);
    QVERIFY(two.ready());
    auto aliceOnB = two.aliceOnB();
    QVERIFY(aliceOnB);
    const qint64 seq = two.send(*two.alice, "once");
    const Envelope first = two.alice->request(T::ChatDelete, at("general", seq), "delete-1");
    QCOMPARE(first.type, T::Ack);
    // The ack was lost and the client came back on the other instance: the same id again, though
    // the rules would refuse a second delete now.
    const Envelope retry = aliceOnB->request(T::ChatDelete, at("general", seq), "delete-1");
    QCOMPARE(retry.type, T::Ack);
    QCOMPARE(retry.payload.value("duplicate").toBool(), true);
    QCOMPARE(retry.payload.value("seq"), first.payload.value("seq"));
    QVERIFY(two.bob->sync());
    QCOMPARE(two.bob->takeAll(T::ChatChange).size(), 1);
    // The id of a change is no id for a message, nor for another kind of change.
    QCOMPARE(aliceOnB->request(T::ChatSend, {{"room", "general"}, {"text", "x"}}, "delete-1").payload.value("code").toString(),
             QStringLiteral("invalid_argument"));
    const qint64 other = two.send(*two.alice, "another");
    QCOMPARE(aliceOnB->request(T::ChatReact, at("general", other, {{"emoji", "👍"}}), "delete-1").payload.value("code").toString(),
             QStringLiteral("invalid_argument"));
}

void RedisTest::badChangesAreRefusedWithNothingStored()
{
    TwoInstances two(*m_redis);
    QVERIFY(two.ready());
    TestClient &alice = *two.alice, &bob = *two.bob;
    const qint64 mine = two.send(alice, "mine");
    const qint64 gone = two.send(alice, "soon gone");
    QCOMPARE(alice.request(T::ChatDelete, at("general", gone)).type, T::Ack);
    const Envelope react = alice.request(T::ChatReact, at("general", mine, {{"emoji", "🤔"}}));
    QCOMPARE(react.type, T::Ack);
    const qint64 reactSeq = react.payload.value("seq").toInteger();
    qint64 lastSeq = reactSeq;
    for (int i = 0; i < 19; ++i) {
        const QString emoji = QString::fromUcs4(std::u32string{char32_t(0x1F600 + i)}.c_str());
        const Envelope ack = bob.request(T::ChatReact, at("general", mine, {{"emoji", emoji}}));
        QCOMPARE(ack.type, T::Ack);
        lastSeq = ack.payload.value("seq").toInteger();
    }
    // What the setup broadcast is not what the test is about: once the last of it is there on
    // both instances, the rest is too.
    for (TestClient *c : {&alice, &bob}) {
        QVERIFY(!c->waitFor([lastSeq](const Envelope &e) { return e.payload.value("seq").toInteger() == lastSeq; }).type.isEmpty());
        QVERIFY(TwoInstances::drain(*c));
    }
    const QString before = QJsonDocument(entryOf(bob, "general", mine)).toJson();

    const QList<std::tuple<const char *, TestClient *, QString, QJsonObject, QString>> refused{
        {"edit another's", &bob, T::ChatEdit, at("general", mine, {{"text", "yours"}}), "forbidden"},
        {"delete another's", &bob, T::ChatDelete, at("general", mine), "forbidden"},
        {"edit a deleted one", &alice, T::ChatEdit, at("general", gone, {{"text", "back"}}), "not_found"},
        {"delete twice", &alice, T::ChatDelete, at("general", gone), "not_found"},
        {"react to a deleted one", &bob, T::ChatReact, at("general", gone, {{"emoji", "😀"}}), "not_found"},
        {"edit a change", &alice, T::ChatEdit, at("general", reactSeq, {{"text", "x"}}), "not_found"},
        {"beyond the last seq", &alice, T::ChatEdit, at("general", 999, {{"text", "x"}}), "invalid_argument"},
        {"reply beyond the last", &bob, T::ChatSend, {{"room", "general"}, {"text", "re"}, {"reply_to", 999}}, "invalid_argument"},
        {"reply to a deleted one", &bob, T::ChatSend, {{"room", "general"}, {"text", "re"}, {"reply_to", gone}}, "not_found"},
        {"not one emoji", &bob, T::ChatReact, at("general", mine, {{"emoji", "👍👍"}}), "invalid_argument"},
        {"a 21st emoji", &bob, T::ChatReact, at("general", mine, {{"emoji", "🍕"}}), "invalid_argument"},
        {"react twice", &alice, T::ChatReact, at("general", mine, {{"emoji", "🤔"}}), "invalid_argument"},
        {"remove another's", &bob, T::ChatReact, at("general", mine, {{"emoji", "🤔"}, {"remove", true}}), "not_found"},
    };
    for (const auto &[what, client, type, payload, code] : refused) {
        const Envelope reply = client->request(type, payload);
        QVERIFY2(reply.type == T::Error, what);
        QVERIFY2(reply.payload.value("code").toString() == code, what);
    }
    // Nothing took a seq: the next message follows the last reaction directly, and it is the
    // first thing either instance delivers since (a room's events go out in seq order).
    QCOMPARE(two.send(bob, "next"), lastSeq + 1);
    QVERIFY(TwoInstances::heardNothing(alice));
    QVERIFY(TwoInstances::heardNothing(bob));
    QCOMPARE(QJsonDocument(entryOf(alice, "general", mine)).toJson(), before);
}

void RedisTest::racingChangesAreDecidedOnce()
{
    TwoInstances two(*m_redis);
    QVERIFY(two.ready());
    auto aliceOnB = two.aliceOnB();
    QVERIFY(aliceOnB);
    for (int round = 0; round < 5; ++round) {
        // Two deletes of one message from two instances at once: one is stored, one refused.
        const qint64 seq = two.send(*two.alice, QStringLiteral("race %1").arg(round));
        const QString onA = two.alice->send(T::ChatDelete, at("general", seq));
        const QString onB = aliceOnB->send(T::ChatDelete, at("general", seq));
        const QStringList outcomes{two.alice->waitForReply(onA).type, aliceOnB->waitForReply(onB).type};
        QCOMPARE(outcomes.count(T::Ack), 1);
        QCOMPARE(outcomes.count(T::Error), 1);
    }
    // The 20th and a 21st distinct emoji from two instances at once: one of them is refused.
    const qint64 popular = two.send(*two.alice, "popular");
    for (int i = 0; i < 19; ++i) {
        const QString emoji = QString::fromUcs4(std::u32string{char32_t(0x1F600 + i)}.c_str());
        QCOMPARE(two.alice->request(T::ChatReact, at("general", popular, {{"emoji", emoji}})).type, T::Ack);
    }
    const QString onA = two.alice->send(T::ChatReact, at("general", popular, {{"emoji", "🍕"}}));
    const QString onB = two.bob->send(T::ChatReact, at("general", popular, {{"emoji", "🍔"}}));
    const QStringList outcomes{two.alice->waitForReply(onA).type, two.bob->waitForReply(onB).type};
    QCOMPARE(outcomes.count(T::Ack), 1);
    QCOMPARE(entryOf(*two.bob, "general", popular).value("reactions").toArray().size(), 20);
}

void RedisTest::dmChangesCrossInstances()
{
    TestServer a(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    auto bob = TestClient::connectAs(b.url(), "bob");
    QVERIFY(alice && bob);
    const qint64 seq = alice->request(T::DmSend, {{"to", "bob"}, {"text", "psst"}}).payload.value("seq").toInteger();
    bob->waitForType(T::DmMessage);
    QCOMPARE(bob->request(T::DmSend, {{"to", "alice"}, {"text", "what"}, {"reply_to", seq}}).type, T::Ack);
    QCOMPARE(alice->waitFor([](const Envelope &e) { return e.type == T::DmMessage && e.payload.contains("reply_to"); })
                 .payload.value("reply_to").toObject().value("text").toString(),
             QStringLiteral("psst"));
    QCOMPARE(alice->request(T::DmEdit, {{"to", "bob"}, {"seq", seq}, {"text", "psst!"}}).type, T::Ack);
    QCOMPARE(bob->request(T::DmReact, {{"to", "alice"}, {"seq", seq}, {"emoji", "🤫"}}).type, T::Ack);
    QCOMPARE(bob->request(T::DmDelete, {{"to", "alice"}, {"seq", seq}}).payload.value("code").toString(),
             QStringLiteral("forbidden"));
    for (TestClient *c : {alice.get(), bob.get()}) {
        const Envelope edit = c->waitForType(T::DmChange);
        QCOMPARE(edit.payload.value("change").toString(), QStringLiteral("edit"));
        QCOMPARE(edit.payload.value("to").toString(), QStringLiteral("bob"));
        QCOMPARE(c->waitForType(T::DmChange).payload.value("emoji").toString(), QStringLiteral("🤫"));
    }
    const Envelope page = bob->request(T::DmHistory, {{"with", "alice"}});
    QCOMPARE(seqsOf(page), (QList<qint64>{seq, seq + 1}));
    const QJsonObject folded = page.payload.value("messages").toArray().at(0).toObject();
    QCOMPARE(folded.value("text").toString(), QStringLiteral("psst!"));
    QCOMPARE(folded.value("reactions").toArray().at(0).toObject().value("users").toArray(), QJsonArray({"bob"}));
    QCOMPARE(alice->request(T::DmDelete, {{"to", "bob"}, {"seq", seq}}).type, T::Ack);
    QCOMPARE(bob->waitForType(T::DmChange).payload.value("change").toString(), QStringLiteral("delete"));
    const QJsonObject tombstone = bob->request(T::DmHistory, {{"with", "alice"}}).payload.value("messages").toArray().at(0).toObject();
    QCOMPARE(tombstone.value("deleted").toBool(), true);
    QCOMPARE(tombstone.value("text").toString(), QString());
}

void RedisTest::readMarkersCrossInstancesAndOutliveThem()
{
    auto a = std::make_unique<TestServer>(redisConfig(*m_redis));
    auto b = std::make_unique<TestServer>(redisConfig(*m_redis));
    // alice's phone on a, her laptop (the same app) on b, bob on b.
    auto phone = TestClient::connectAs(a->url(), "alice", WireFormat::Json, clientInstance("alice-app"));
    auto laptop = TestClient::connectAs(b->url(), "alice", WireFormat::Json, clientInstance("alice-app"));
    auto bob = TestClient::connectAs(b->url(), "bob");
    QVERIFY(phone && laptop && bob);
    for (TestClient *c : {phone.get(), laptop.get(), bob.get()})
        QCOMPARE(c->request(T::RoomJoin, inRoom("general")).type, T::Ack);
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(bob->request(T::ChatSend, {{"room", "general"}, {"text", QString::number(i)}}).type, T::Ack);
    QVERIFY(!phone->waitFor([](const Envelope &e) { return e.type == T::ChatMessage && e.payload.value("seq").toInteger() == 5; }).type.isEmpty());

    const Envelope ack = phone->request(T::RoomRead, {{"room", "general"}, {"seq", 3}});
    QCOMPARE(ack.payload.value("seq").toInteger(), 3);
    const Envelope pushed = laptop->waitForType(T::ReadMarker);
    QCOMPARE(pushed.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(pushed.payload.value("seq").toInteger(), 3);
    QCOMPARE(pushed.payload.value("user").toString(), QStringLiteral("alice"));
    // A late report from the other instance moves nothing, and tells nobody.
    QCOMPARE(laptop->request(T::RoomRead, {{"room", "general"}, {"seq", 2}}).payload.value("seq").toInteger(), 3);
    QCOMPARE(laptop->request(T::RoomRead, {{"room", "general"}, {"seq", 4}}).payload.value("seq").toInteger(), 4);
    QCOMPARE(phone->waitForType(T::ReadMarker).payload.value("seq").toInteger(), 4);
    QCOMPARE(phone->count(T::ReadMarker), 0);

    // A DM read on a: "Seen" for bob on b, and the laptop follows.
    QCOMPARE(bob->request(T::DmSend, {{"to", "alice"}, {"text", "seen?"}}).type, T::Ack);
    QVERIFY(!phone->waitForType(T::DmMessage).type.isEmpty());
    QCOMPARE(phone->request(T::DmRead, {{"with", "bob"}, {"seq", 1}}).type, T::Ack);
    const Envelope seen = bob->waitForType(T::ReadMarker);
    QCOMPARE(seen.payload.value("with").toString(), QStringLiteral("alice"));
    QCOMPARE(seen.payload.value("seq").toInteger(), 1);
    QCOMPARE(laptop->waitForType(T::ReadMarker).payload.value("with").toString(), QStringLiteral("bob"));

    // Kept in Redis: the next welcome on either instance has them, and so does one after every
    // instance restarted.
    const QJsonObject expected{{"general", 4}, {"@bob", 1}};
    for (TestServer *server : {a.get(), b.get()}) {
        TestClient again;
        QVERIFY(again.open(server->url()));
        QCOMPARE(again.hello("alice", clientInstance("alice-app")).payload.value("read_markers").toObject(), expected);
    }
    phone.reset();
    laptop.reset();
    bob.reset();
    a.reset();
    b.reset();
    TestServer restarted(redisConfig(*m_redis));
    TestClient later;
    QVERIFY(later.open(restarted.url()));
    QCOMPARE(later.hello("alice", clientInstance("alice-app")).payload.value("read_markers").toObject(), expected);
}

void RedisTest::notifySettingsCrossInstancesAndOutliveThem()
{
    auto a = std::make_unique<TestServer>(redisConfig(*m_redis));
    TestServer b(redisConfig(*m_redis));
    auto phone = TestClient::connectAs(a->url(), "alice", WireFormat::Json, clientInstance("alice-app"));
    auto laptop = TestClient::connectAs(b.url(), "alice", WireFormat::Json, clientInstance("alice-app"));
    QVERIFY(phone && laptop);
    QCOMPARE(phone->request(T::RoomJoin, inRoom("general")).type, T::Ack);
    const Envelope ack = phone->request(T::RoomNotify, {{"room", "general"}, {"level", "mentions"}});
    QCOMPARE(ack.type, T::Ack);
    const Envelope pushed = laptop->waitForType(T::NotifySettings);
    QCOMPARE(pushed.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(pushed.payload.value("level").toString(), QStringLiteral("mentions"));
    QCOMPARE(pushed.payload.value("muted").toBool(), false);
    // A field left out keeps its value, whichever instance kept it.
    const Envelope muted = laptop->request(T::DmNotify, {{"with", "bob"}, {"muted", true}});
    QCOMPARE(muted.payload.value("level").toString(), QStringLiteral("all"));
    QCOMPARE(phone->waitForType(T::NotifySettings).payload.value("with").toString(), QStringLiteral("bob"));
    QCOMPARE(laptop->request(T::RoomNotify, {{"room", "general"}, {"muted", true}}).payload.value("level").toString(),
             QStringLiteral("mentions"));

    phone.reset();
    a.reset();
    TestServer other(redisConfig(*m_redis));
    TestClient later;
    QVERIFY(later.open(other.url()));
    const QJsonObject settings = later.hello("alice", clientInstance("alice-app")).payload.value("notify_settings").toObject();
    QCOMPARE(settings.value("general").toObject(), (QJsonObject{{"level", "mentions"}, {"muted", true}}));
    QCOMPARE(settings.value("@bob").toObject(), (QJsonObject{{"level", "all"}, {"muted", true}}));
}

void RedisTest::searchFindsWhatAnyInstanceStoredAndKeepsPrivateRoomsPrivate()
{
    sb::server::ServerConfig config = redisConfig(*m_redis);
    config.authSecret = Secret;
    config.privateRooms = {"vault"};
    TestServer a(config);
    TestServer b(config);
    QVERIFY(a.isRunning() && b.isRunning());
    auto alice = signIn(a.url(), "alice", {"vault"});
    auto aliceOnB = signIn(b.url(), "alice", {"vault"});
    auto bob = signIn(b.url(), "bob");
    QVERIFY(alice && aliceOnB && bob);
    const qint64 report = alice->request(T::ChatSend, {{"room", "general"}, {"text", "quarterly report draft"}})
                              .payload.value("seq").toInteger();
    const qint64 secret = alice->request(T::ChatSend, {{"room", "vault"}, {"text", "vault report numbers"}})
                              .payload.value("seq").toInteger();
    QVERIFY(hears(*bob, "general", report) && hears(*aliceOnB, "vault", secret));

    // Stored on a, found on b: bob only where his token lets him read, alice in the vault too.
    QCOMPARE(searched(*bob, "report"), QStringList{"#general:1"});
    QCOMPARE(bob->request(T::Search, {{"query", "report"}, {"room", "vault"}}).payload.value("code").toString(),
             QStringLiteral("forbidden"));
    QStringList both = searched(*aliceOnB, "report");
    both.sort();
    QCOMPARE(both, (QStringList{"#general:1", "#vault:1"}));
    // DMs: the pair's own, nobody else's.
    QCOMPARE(alice->request(T::DmSend, {{"to", "bob"}, {"text", "report by mail"}}).type, T::Ack);
    QVERIFY(!bob->waitForType(T::DmMessage).type.isEmpty());
    QCOMPARE(searched(*bob, "mail"), QStringList{"@alice:1"});
    auto carol = signIn(b.url(), "carol");
    QVERIFY(carol);
    QVERIFY(searched(*carol, "mail").isEmpty());

    // An edit on a re-indexes on b; a delete removes the message from both indexes.
    const Envelope edit = alice->request(T::ChatEdit, {{"room", "general"}, {"seq", report}, {"text", "annual summary draft"}});
    QCOMPARE(edit.type, T::Ack);
    QVERIFY(hears(*bob, "general", edit.payload.value("seq").toInteger()));
    QVERIFY(searched(*bob, "quarterly").isEmpty());
    QCOMPARE(searched(*bob, "annual"), QStringList{"#general:1"});
    const Envelope deleted = alice->request(T::ChatDelete, {{"room", "general"}, {"seq", report}});
    QCOMPARE(deleted.type, T::Ack);
    QVERIFY(hears(*bob, "general", deleted.payload.value("seq").toInteger()));
    QVERIFY(hears(*alice, "general", deleted.payload.value("seq").toInteger()));
    QVERIFY(searched(*bob, "annual").isEmpty());
    QVERIFY(searched(*alice, "annual").isEmpty());
    QCOMPARE(searched(*alice, "draft"), QStringList());
}

void RedisTest::searchIndexCatchesUpAtStartAndAfterARestart()
{
    TestServer a(redisConfig(*m_redis));
    auto alice = TestClient::connectAs(a.url(), "alice");
    QVERIFY(alice);
    QCOMPARE(alice->request(T::RoomJoin, inRoom("general")).type, T::Ack);
    for (const char *text : {"alpha one", "alpha two", "alpha three"})
        QCOMPARE(alice->request(T::ChatSend, {{"room", "general"}, {"text", text}}).type, T::Ack);

    // An instance started later finds what was stored before it.
    TestServer b(redisConfig(*m_redis));
    QVERIFY(b.isRunning());
    const auto searchOnB = [&b] {
        TestClient reader;
        reader.open(b.url());
        reader.hello("reader");
        QStringList places = searched(reader, "alpha");
        places.sort();
        return places;
    };
    QCOMPARE(searchOnB(), (QStringList{"#general:1", "#general:2", "#general:3"}));

    // While b is down: one more, a delete and an edit. Back on its index file, b reads them.
    b.stop();
    QCOMPARE(alice->request(T::ChatSend, {{"room", "general"}, {"text", "alpha four"}}).type, T::Ack);
    QCOMPARE(alice->request(T::ChatDelete, {{"room", "general"}, {"seq", 1}}).type, T::Ack);
    QCOMPARE(alice->request(T::ChatEdit, {{"room", "general"}, {"seq", 2}, {"text", "beta two"}}).type, T::Ack);
    QVERIFY(b.start());
    QCOMPARE(searchOnB(), (QStringList{"#general:3", "#general:4"}));
    QVERIFY(QFile::exists(QDir(b.dataDir()).filePath("redis-search-1.sqlite3")));
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
