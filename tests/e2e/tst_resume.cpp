// Resume end to end: room.join {since, epoch} replays what a client missed after the ack and
// before presence.snapshot, bounded by replayLimit (gap:true), and history, seq and epoch survive
// a server restart on the same data dir.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

const QString Room = QStringLiteral("general");

// What a join brought, in arrival order: the ack, the replayed messages, the snapshot.
struct Joined
{
    Envelope ack;
    QList<qint64> replayed; // seqs of the chat.messages between the ack and the snapshot
    bool ordered = false;   // ack first, only chat.messages in between, snapshot last
    qint64 lastSeq() const { return ack.payload.value("last_seq").toInteger(); }
    QString epoch() const { return ack.payload.value("epoch").toString(); }
    bool gap() const { return ack.payload.value("gap").toBool(); }
};

Joined join(TestClient &client, QJsonObject payload = {})
{
    payload.insert("room", Room);
    const QString id = client.send(T::RoomJoin, payload);
    Joined joined;
    joined.ack = client.waitFor([&](const Envelope &e) {
        return e.id == id || e.type == T::ChatMessage || e.type == T::PresenceSnapshot;
    });
    joined.ordered = joined.ack.id == id && joined.ack.type == T::Ack;
    for (;;) {
        const Envelope next = client.waitFor([](const Envelope &e) {
            return e.type == T::ChatMessage || e.type == T::PresenceSnapshot;
        });
        if (next.type != T::ChatMessage) {
            joined.ordered = joined.ordered && next.type == T::PresenceSnapshot;
            return joined;
        }
        joined.replayed.append(next.payload.value("seq").toInteger());
    }
}

Joined resume(TestClient &client, qint64 since, const QString &epoch)
{
    return join(client, {{"since", since}, {"epoch", epoch}});
}

// Sends `count` messages and waits for every ack; returns the last seq.
qint64 sendMessages(TestClient &sender, int count)
{
    qint64 last = -1;
    for (int i = 0; i < count; ++i) {
        last = sender.request(T::ChatSend, {{"room", Room}, {"text", QStringLiteral("m%1").arg(i)}})
                   .payload.value("seq").toInteger();
    }
    return last;
}

// Drops the chat.messages the client received so far (its own sends echo back to it).
bool forgetMessages(TestClient &client)
{
    const bool synced = client.sync();
    client.takeAll(T::ChatMessage);
    return synced;
}

} // namespace

class ResumeTest : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void missedMessagesAreReplayedAfterTheAckInSeqOrder_data();
    void missedMessagesAreReplayedAfterTheAckInSeqOrder();
    void sinceAtLastSeqReplaysNothing();
    void moreThanTheReplayLimitMissedIsAGapWithTheNewestReplayed_data();
    void moreThanTheReplayLimitMissedIsAGapWithTheNewestReplayed();
    void anotherEpochIsAGap();
    void historyAndSeqSurviveARestart();
    void resumeAfterARestartGetsExactlyWhatWasMissed_data();
    void resumeAfterARestartGetsExactlyWhatWasMissed();

private:
    bool startServer(sb::server::ServerConfig config = TestServer::defaultConfig());
    // alice (JSON) and bob (`format`) connected and in Room, alice first; `bobJoined` is what
    // bob's join brought.
    bool aliceAndBobInTheRoom(WireFormat format, std::unique_ptr<TestClient> &alice,
                              std::unique_ptr<TestClient> &bob, Joined &bobJoined);

    std::unique_ptr<TestServer> m_server;
};

void ResumeTest::cleanup()
{
    m_server.reset();
}

bool ResumeTest::startServer(sb::server::ServerConfig config)
{
    m_server = std::make_unique<TestServer>(std::move(config));
    return m_server->isRunning();
}

bool ResumeTest::aliceAndBobInTheRoom(WireFormat format, std::unique_ptr<TestClient> &alice,
                                      std::unique_ptr<TestClient> &bob, Joined &bobJoined)
{
    alice = TestClient::connectAs(m_server->url(), "alice");
    bob = TestClient::connectAs(m_server->url(), "bob", format);
    if (!alice || !bob)
        return false;
    join(*alice);
    bobJoined = join(*bob);
    return true;
}

void ResumeTest::missedMessagesAreReplayedAfterTheAckInSeqOrder_data()
{
    addFormatRows();
}

void ResumeTest::missedMessagesAreReplayedAfterTheAckInSeqOrder()
{
    QFETCH(WireFormat, format);
    QVERIFY(startServer());
    std::unique_ptr<TestClient> alice, bob;
    Joined first;
    QVERIFY(aliceAndBobInTheRoom(format, alice, bob, first));
    QCOMPARE(sendMessages(*alice, 2), 2);
    QVERIFY(bob->sync()); // alice's acks do not mean bob's copies have arrived yet
    QCOMPARE(bob->takeAll(T::ChatMessage).size(), 2);

    bob.reset(); // away
    sendMessages(*alice, 4);
    bob = TestClient::connectAs(m_server->url(), "bob", format);
    QVERIFY(bob);
    const Joined resumed = resume(*bob, 2, first.epoch());
    QVERIFY(resumed.ordered);
    QCOMPARE(resumed.lastSeq(), 6);
    QCOMPARE(resumed.epoch(), first.epoch());
    QVERIFY(!resumed.ack.payload.contains("gap"));
    QCOMPARE(resumed.replayed, seqRange(3, 6));

    // Live delivery picks up right after the replay.
    sendMessages(*alice, 1);
    QCOMPARE(bob->waitForType(T::ChatMessage).payload.value("seq").toInteger(), 7);
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::ChatMessage), 0);
}

void ResumeTest::sinceAtLastSeqReplaysNothing()
{
    QVERIFY(startServer());
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    QVERIFY(alice);
    const Joined first = join(*alice);
    sendMessages(*alice, 3);
    QVERIFY(forgetMessages(*alice));

    QCOMPARE(alice->request(T::RoomLeave, inRoom(Room)).type, T::Ack);
    const Joined resumed = resume(*alice, 3, first.epoch());
    QVERIFY(resumed.ordered);
    QCOMPARE(resumed.lastSeq(), 3);
    QVERIFY(!resumed.gap());
    QCOMPARE(resumed.replayed, QList<qint64>());
}

void ResumeTest::moreThanTheReplayLimitMissedIsAGapWithTheNewestReplayed_data()
{
    addFormatRows();
}

void ResumeTest::moreThanTheReplayLimitMissedIsAGapWithTheNewestReplayed()
{
    QFETCH(WireFormat, format);
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.replayLimit = 5;
    QVERIFY(startServer(config));
    std::unique_ptr<TestClient> alice, bob;
    Joined first;
    QVERIFY(aliceAndBobInTheRoom(format, alice, bob, first));
    QCOMPARE(bob->request(T::RoomLeave, inRoom(Room)).type, T::Ack);

    QCOMPARE(sendMessages(*alice, 12), 12);
    const Joined resumed = resume(*bob, 0, first.epoch());
    QVERIFY(resumed.ordered);
    QVERIFY(resumed.gap());
    QCOMPARE(resumed.lastSeq(), 12);
    QCOMPARE(resumed.replayed, seqRange(8, 12));

    // Exactly replayLimit missed is no gap.
    QCOMPARE(bob->request(T::RoomLeave, inRoom(Room)).type, T::Ack);
    const Joined exact = resume(*bob, 7, first.epoch());
    QVERIFY(!exact.gap());
    QCOMPARE(exact.replayed, seqRange(8, 12));
}

void ResumeTest::anotherEpochIsAGap()
{
    QVERIFY(startServer());
    auto alice = TestClient::connectAs(m_server->url(), "alice", WireFormat::Cbor);
    QVERIFY(alice);
    const Joined first = join(*alice);
    sendMessages(*alice, 3);
    QVERIFY(forgetMessages(*alice));
    QCOMPARE(alice->request(T::RoomLeave, inRoom(Room)).type, T::Ack);

    // The client's seq 3 is from another history stream: it must not be trusted.
    const Joined resumed = resume(*alice, 3, QStringLiteral("zzzzzzzz"));
    QVERIFY(resumed.ordered);
    QVERIFY(resumed.gap());
    QCOMPARE(resumed.epoch(), first.epoch());
    QCOMPARE(resumed.lastSeq(), 3);
}

void ResumeTest::historyAndSeqSurviveARestart()
{
    QVERIFY(startServer());
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    QVERIFY(alice);
    const Joined before = join(*alice);
    QCOMPARE(sendMessages(*alice, 3), 3);

    QVERIFY2(m_server->restart(), qPrintable(m_server->error()));
    QVERIFY(alice->waitClosed());
    alice = TestClient::connectAs(m_server->url(), "alice");
    QVERIFY(alice);
    // Known from the store before anybody joined it in this process.
    const QJsonArray rooms = alice->request(T::RoomList).payload.value("rooms").toArray();
    QCOMPARE(rooms.size(), 1);
    QCOMPARE(rooms.at(0).toObject().value("last_seq").toInteger(), 3);
    QCOMPARE(rooms.at(0).toObject().value("members").toInt(), 0);
    const Joined after = join(*alice);
    QCOMPARE(after.epoch(), before.epoch());
    QCOMPARE(after.lastSeq(), 3);
    QCOMPARE(sendMessages(*alice, 1), 4); // seq continues

    const Envelope history = alice->request(T::HistoryGet, inRoom(Room));
    QList<qint64> seqs;
    for (const QJsonValue &message : history.payload.value("messages").toArray())
        seqs.append(message.toObject().value("seq").toInteger());
    QCOMPARE(seqs, seqRange(1, 4));
}

void ResumeTest::resumeAfterARestartGetsExactlyWhatWasMissed_data()
{
    addFormatRows();
}

void ResumeTest::resumeAfterARestartGetsExactlyWhatWasMissed()
{
    QFETCH(WireFormat, format);
    QVERIFY(startServer());
    std::unique_ptr<TestClient> alice, bob;
    Joined first;
    QVERIFY(aliceAndBobInTheRoom(format, alice, bob, first));
    sendMessages(*alice, 2);
    QVERIFY(bob->sync()); // alice's acks do not mean bob's copies have arrived yet
    QCOMPARE(bob->takeAll(T::ChatMessage).size(), 2);

    bob.reset();
    sendMessages(*alice, 2); // 3, 4: missed before the restart
    QVERIFY2(m_server->restart(), qPrintable(m_server->error()));
    QVERIFY(alice->waitClosed());
    alice = TestClient::connectAs(m_server->url(), "alice");
    QVERIFY(alice);
    const Joined aliceBack = resume(*alice, 4, first.epoch());
    QVERIFY(!aliceBack.gap());
    QCOMPARE(aliceBack.replayed, QList<qint64>());
    QCOMPARE(sendMessages(*alice, 1), 5); // missed after the restart

    bob = TestClient::connectAs(m_server->url(), "bob", format);
    QVERIFY(bob);
    const Joined resumed = resume(*bob, 2, first.epoch());
    QVERIFY(resumed.ordered);
    QVERIFY(!resumed.gap());
    QCOMPARE(resumed.epoch(), first.epoch());
    QCOMPARE(resumed.replayed, seqRange(3, 5));

    // No duplicates: the next message arrives once, and nothing else.
    sendMessages(*alice, 1);
    QCOMPARE(bob->waitForType(T::ChatMessage).payload.value("seq").toInteger(), 6);
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::ChatMessage), 0);
}

QTEST_GUILESS_MAIN(ResumeTest)
#include "tst_resume.moc"
