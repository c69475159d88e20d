// room.join / room.leave / room.list end to end: the acks, room.event and presence.snapshot to
// the right members, member counts and last_seq, several sessions of one user, both codecs.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

TestClient::Match roomEvent(const QString &room, const QString &user, const QString &event)
{
    return [=](const Envelope &e) {
        return e.type == T::RoomEvent && e.payload.value("room").toString() == room
            && e.payload.value("user").toString() == user
            && e.payload.value("event").toString() == event;
    };
}

// The room.list entry for `room`, or an empty object.
QJsonObject summaryOf(const QJsonArray &rooms, const QString &room)
{
    for (const QJsonValue &entry : rooms) {
        if (entry.toObject().value("room").toString() == room)
            return entry.toObject();
    }
    return {};
}

QStringList usersIn(const Envelope &snapshot)
{
    QStringList users;
    for (const QJsonValue &entry : snapshot.payload.value("users").toArray())
        users.append(entry.toObject().value("user").toString());
    users.sort();
    return users;
}

} // namespace

class RoomsTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void joinCreatesTheRoomAndIsAcked_data();
    void joinCreatesTheRoomAndIsAcked();
    void joiningAgainIsHarmless();
    void othersSeeTheJoinButNotTheJoiner_data();
    void othersSeeTheJoinButNotTheJoiner();
    void presenceSnapshotFollowsTheAck_data();
    void presenceSnapshotFollowsTheAck();
    void leaveIsAckedAndOthersSeeIt_data();
    void leaveIsAckedAndOthersSeeIt();
    void leavingARoomNotJoinedIsNotFound();
    void noChatMessagesAfterLeaving();
    void listReportsMembersAndLastSeq_data();
    void listReportsMembersAndLastSeq();
    void welcomeListsKnownRooms();
    void disconnectIsALeaveForTheOthers();
    void secondSessionOfAUserJoinsAndLeavesSilently();

private:
    static Envelope join(TestClient &client, const QString &room);

    std::unique_ptr<TestServer> m_server;
};

void RoomsTest::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
}

void RoomsTest::cleanup()
{
    m_server.reset();
}

Envelope RoomsTest::join(TestClient &client, const QString &room)
{
    const Envelope ack = client.request(T::RoomJoin, inRoom(room));
    // Every join ends with a snapshot; taking it keeps the inbox to what the test looks at.
    client.waitForType(T::PresenceSnapshot);
    return ack;
}

void RoomsTest::joinCreatesTheRoomAndIsAcked_data()
{
    addFormatRows();
}

void RoomsTest::joinCreatesTheRoomAndIsAcked()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    QVERIFY(alice);
    const QString id = alice->send(T::RoomJoin, inRoom("brand-new"));
    const Envelope ack = alice->waitForReply(id);
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.id, id);
    QCOMPARE(ack.payload.value("room").toString(), QStringLiteral("brand-new"));
    QCOMPARE(ack.payload.value("last_seq").toInteger(), 0);
    QVERIFY(!ack.payload.value("epoch").toString().isEmpty());
    QVERIFY(!ack.payload.value("gap").toBool());

    // The room exists now: it takes messages and shows up in room.list.
    QCOMPARE(alice->request(T::ChatSend, {{"room", "brand-new"}, {"text", "first"}})
                 .payload.value("seq").toInteger(), 1);
    const Envelope list = alice->request(T::RoomList);
    QCOMPARE(summaryOf(list.payload.value("rooms").toArray(), "brand-new").value("members").toInt(), 1);
}

void RoomsTest::joiningAgainIsHarmless()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    join(*bob, "general");
    const Envelope first = join(*alice, "general");
    QVERIFY(bob->waitFor(roomEvent("general", "alice", "join")).isValid());

    const Envelope again = join(*alice, "general");
    QCOMPARE(again.type, T::Ack);
    QCOMPARE(again.payload.value("epoch").toString(), first.payload.value("epoch").toString());
    QCOMPARE(again.payload.value("last_seq").toInteger(), first.payload.value("last_seq").toInteger());

    // No second join for the others, still one member, and each message arrives once.
    alice->request(T::ChatSend, {{"room", "general"}, {"text", "once"}});
    QVERIFY(alice->sync());
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::RoomEvent), 0);
    QCOMPARE(alice->count(T::ChatMessage), 1);
    const Envelope list = alice->request(T::RoomList);
    QCOMPARE(summaryOf(list.payload.value("rooms").toArray(), "general").value("members").toInt(), 2);
}

void RoomsTest::othersSeeTheJoinButNotTheJoiner_data()
{
    addFormatRows();
}

void RoomsTest::othersSeeTheJoinButNotTheJoiner()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    auto carol = TestClient::connectAs(m_server->url(), "carol", format);
    QVERIFY(alice && bob && carol);
    join(*alice, "general");
    join(*carol, "elsewhere");

    join(*bob, "general");
    const Envelope event = alice->waitFor(roomEvent("general", "bob", "join"));
    QVERIFY(event.isValid());
    QCOMPARE(event.payload.value("event").toString(), QStringLiteral("join"));

    QVERIFY(bob->sync());
    QVERIFY(carol->sync());
    QCOMPARE(bob->count(T::RoomEvent), 0);   // not for its own join
    QCOMPARE(carol->count(T::RoomEvent), 0); // not a member
}

void RoomsTest::presenceSnapshotFollowsTheAck_data()
{
    addFormatRows();
}

void RoomsTest::presenceSnapshotFollowsTheAck()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob", format);
    QVERIFY(alice && bob);
    join(*alice, "general");
    alice->send(T::PresenceSet, {{"status", "busy"}});
    QVERIFY(alice->sync());

    const QString id = bob->send(T::RoomJoin, inRoom("general"));
    const Envelope first = bob->waitFor(
        [&](const Envelope &e) { return e.id == id || e.type == T::PresenceSnapshot; });
    QCOMPARE(first.type, T::Ack);
    const Envelope snapshot = bob->waitForType(T::PresenceSnapshot);
    QCOMPARE(snapshot.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(usersIn(snapshot), QStringList({"alice", "bob"}));
    for (const QJsonValue &entry : snapshot.payload.value("users").toArray()) {
        const QJsonObject user = entry.toObject();
        QCOMPARE(user.value("status").toString(),
                 user.value("user").toString() == "alice" ? QStringLiteral("busy")
                                                          : QStringLiteral("online"));
    }
}

void RoomsTest::leaveIsAckedAndOthersSeeIt_data()
{
    addFormatRows();
}

void RoomsTest::leaveIsAckedAndOthersSeeIt()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    join(*alice, "general");
    join(*bob, "general");

    const Envelope ack = bob->request(T::RoomLeave, inRoom("general"));
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("room").toString(), QStringLiteral("general"));
    QVERIFY(alice->waitFor(roomEvent("general", "bob", "leave")).isValid());
    const Envelope list = alice->request(T::RoomList);
    QCOMPARE(summaryOf(list.payload.value("rooms").toArray(), "general").value("members").toInt(), 1);
}

void RoomsTest::leavingARoomNotJoinedIsNotFound()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    join(*bob, "general"); // the room exists, alice is just not in it
    for (const char *room : {"general", "nowhere"}) {
        const Envelope reply = alice->request(T::RoomLeave, inRoom(room));
        QCOMPARE(reply.type, T::Error);
        QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("not_found"));
    }
    // Leaving twice: the second is not_found too.
    join(*alice, "general");
    QCOMPARE(alice->request(T::RoomLeave, inRoom("general")).type, T::Ack);
    QCOMPARE(alice->request(T::RoomLeave, inRoom("general")).payload.value("code").toString(),
             QStringLiteral("not_found"));
    QVERIFY(alice->isOpen());
}

void RoomsTest::noChatMessagesAfterLeaving()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    join(*alice, "general");
    join(*bob, "general");
    QCOMPARE(bob->request(T::RoomLeave, inRoom("general")).type, T::Ack);

    alice->request(T::ChatSend, {{"room", "general"}, {"text", "after bob left"}});
    QVERIFY(alice->waitForType(T::ChatMessage).isValid());
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::ChatMessage), 0);
    // And bob may no longer send there.
    QCOMPARE(bob->request(T::ChatSend, {{"room", "general"}, {"text", "hi"}}).type, T::Error);
}

void RoomsTest::listReportsMembersAndLastSeq_data()
{
    addFormatRows();
}

void RoomsTest::listReportsMembersAndLastSeq()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    join(*alice, "busy-room");
    join(*bob, "busy-room");
    join(*alice, "quiet-room");
    for (int i = 0; i < 3; ++i)
        bob->request(T::ChatSend, {{"room", "busy-room"}, {"text", QStringLiteral("m%1").arg(i)}});

    const Envelope reply = alice->request(T::RoomList);
    QCOMPARE(reply.type, T::RoomList);
    const QJsonArray rooms = reply.payload.value("rooms").toArray();
    QCOMPARE(rooms.size(), 2);
    const QJsonObject busy = summaryOf(rooms, "busy-room");
    QCOMPARE(busy.value("members").toInt(), 2);
    QCOMPARE(busy.value("last_seq").toInteger(), 3);
    const QJsonObject quiet = summaryOf(rooms, "quiet-room");
    QCOMPARE(quiet.value("members").toInt(), 1);
    QCOMPARE(quiet.value("last_seq").toInteger(), 0);

    // A room everybody left is still listed, with nobody in it.
    bob->request(T::RoomLeave, inRoom("busy-room"));
    alice->request(T::RoomLeave, inRoom("busy-room"));
    const QJsonObject left =
        summaryOf(alice->request(T::RoomList).payload.value("rooms").toArray(), "busy-room");
    QCOMPARE(left.value("members").toInt(), 0);
    QCOMPARE(left.value("last_seq").toInteger(), 3);
}

void RoomsTest::welcomeListsKnownRooms()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    QVERIFY(alice);
    join(*alice, "general");
    join(*alice, "random");
    alice->request(T::ChatSend, {{"room", "random"}, {"text", "hi"}});

    TestClient bob(WireFormat::Cbor);
    QVERIFY(bob.open(m_server->url()));
    const Envelope welcome = bob.hello("bob");
    QCOMPARE(welcome.type, T::Welcome);
    const QJsonArray rooms = welcome.payload.value("rooms").toArray();
    QCOMPARE(summaryOf(rooms, "general").value("members").toInt(), 1);
    QCOMPARE(summaryOf(rooms, "random").value("last_seq").toInteger(), 1);
}

void RoomsTest::disconnectIsALeaveForTheOthers()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob", WireFormat::Cbor);
    QVERIFY(alice && bob);
    join(*alice, "general");
    join(*bob, "general");
    join(*bob, "random");
    join(*alice, "random");

    bob.reset();
    QVERIFY(alice->waitFor(roomEvent("general", "bob", "leave")).isValid());
    QVERIFY(alice->waitFor(roomEvent("random", "bob", "leave")).isValid());
    const QJsonArray rooms = alice->request(T::RoomList).payload.value("rooms").toArray();
    QCOMPARE(summaryOf(rooms, "general").value("members").toInt(), 1);
    QCOMPARE(summaryOf(rooms, "random").value("members").toInt(), 1);
}

void RoomsTest::secondSessionOfAUserJoinsAndLeavesSilently()
{
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    auto alice1 = TestClient::connectAs(m_server->url(), "alice", WireFormat::Json,
                                        clientInstance("laptop"));
    auto alice2 = TestClient::connectAs(m_server->url(), "alice", WireFormat::Cbor,
                                        clientInstance("laptop"));
    QVERIFY(bob && alice1 && alice2);
    join(*bob, "general");

    join(*alice1, "general");
    QVERIFY(bob->waitFor(roomEvent("general", "alice", "join")).isValid());
    join(*alice2, "general"); // the user is in already: nothing new for the others
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::RoomEvent), 0);
    QCOMPARE(summaryOf(bob->request(T::RoomList).payload.value("rooms").toArray(), "general")
                 .value("members").toInt(), 2);

    // Both sessions get the room's messages.
    bob->request(T::ChatSend, {{"room", "general"}, {"text", "to both"}});
    QVERIFY(alice1->waitForType(T::ChatMessage).isValid());
    QVERIFY(alice2->waitForType(T::ChatMessage).isValid());

    // The first session leaving is not the user leaving; the last one (by disconnect) is.
    QCOMPARE(alice1->request(T::RoomLeave, inRoom("general")).type, T::Ack);
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::RoomEvent), 0);
    alice2.reset();
    QVERIFY(bob->waitFor(roomEvent("general", "alice", "leave")).isValid());
    QVERIFY(bob->sync());
    QCOMPARE(bob->count(T::RoomEvent), 0); // exactly one leave
}

QTEST_GUILESS_MAIN(RoomsTest)
#include "tst_rooms.moc"
