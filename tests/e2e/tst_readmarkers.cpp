// Read markers end to end: room.read and dm.read are kept per user on the server (only ever
// forward, across a restart), pushed to the user's other sessions as read.marker (and to the
// other user of a DM: "Seen"), and listed in every welcome; bad input changes nothing.
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

QJsonObject markersIn(const Envelope &welcome)
{
    return welcome.payload.value("read_markers").toObject();
}
} // namespace

class ReadMarkersTest : public QObject
{
    Q_OBJECT

private slots:
    void roomReadIsKeptAndPushedToTheUsersOtherSessions();
    void aMarkerOnlyMovesForward();
    void badRoomReadsChangeNothing_data();
    void badRoomReadsChangeNothing();
    void dmReadTellsTheOtherUser();
    void markersSurviveARestart();

private:
    // alice on two devices of one install (the same guest), and bob, all in the room, with `count` messages sent.
    void setUp(TestServer &server, int count);
    std::unique_ptr<TestClient> m_phone, m_laptop, m_bob;
};

void ReadMarkersTest::setUp(TestServer &server, int count)
{
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    m_phone = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("alices"));
    m_laptop = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("alices"));
    m_bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(m_phone && m_laptop && m_bob);
    for (TestClient *c : {m_phone.get(), m_laptop.get(), m_bob.get()})
        QCOMPARE(c->request(T::RoomJoin, inRoom(Room)).type, T::Ack);
    for (int i = 0; i < count; ++i)
        QCOMPARE(m_bob->request(T::ChatSend, {{"room", Room}, {"text", QString::number(i)}}).type, T::Ack);
    for (TestClient *c : {m_phone.get(), m_laptop.get(), m_bob.get()})
        QVERIFY(c->sync());
}

void ReadMarkersTest::roomReadIsKeptAndPushedToTheUsersOtherSessions()
{
    TestServer server;
    setUp(server, 5);
    const Envelope ack = m_phone->request(T::RoomRead, {{"room", Room}, {"seq", 4}});
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("seq").toInteger(), 4);
    const Envelope pushed = m_laptop->waitForType(T::ReadMarker);
    QCOMPARE(pushed.payload.value("room").toString(), Room);
    QCOMPARE(pushed.payload.value("seq").toInteger(), 4);
    QCOMPARE(pushed.payload.value("user").toString(), QStringLiteral("alice"));
    QVERIFY(m_phone->sync() && m_bob->sync());
    QCOMPARE(m_phone->count(T::ReadMarker), 0); // the session that read knows
    QCOMPARE(m_bob->count(T::ReadMarker), 0);   // a room's markers are nobody else's business

    TestClient tablet;
    QVERIFY(tablet.open(server.url()));
    const Envelope welcome = tablet.hello("alice", clientInstance("alices"));
    QCOMPARE(markersIn(welcome).value(Room).toInteger(), 4);
    TestClient bobsOther;
    QVERIFY(bobsOther.open(server.url()));
    QVERIFY(markersIn(bobsOther.hello("bob")).isEmpty());
}

void ReadMarkersTest::aMarkerOnlyMovesForward()
{
    TestServer server;
    setUp(server, 5);
    QCOMPARE(m_phone->request(T::RoomRead, {{"room", Room}, {"seq", 5}}).type, T::Ack);
    m_laptop->waitForType(T::ReadMarker);
    // A late report from the slower device does not take the marker back.
    const Envelope late = m_laptop->request(T::RoomRead, {{"room", Room}, {"seq", 2}});
    QCOMPARE(late.type, T::Ack);
    QCOMPARE(late.payload.value("seq").toInteger(), 5);
    QVERIFY(m_phone->sync());
    QCOMPARE(m_phone->count(T::ReadMarker), 0);
}

void ReadMarkersTest::badRoomReadsChangeNothing_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("code");
    QTest::newRow("beyond the last seq") << QJsonObject{{"room", Room}, {"seq", 6}} << "invalid_argument";
    QTest::newRow("unknown room") << QJsonObject{{"room", "nowhere"}, {"seq", 1}} << "not_found";
    QTest::newRow("seq negative") << QJsonObject{{"room", Room}, {"seq", -1}} << "invalid_argument";
    QTest::newRow("seq missing") << QJsonObject{{"room", Room}} << "invalid_argument";
    QTest::newRow("dm beyond the last seq") << QJsonObject{{"with", "bob"}, {"seq", 1}} << "invalid_argument";
}

void ReadMarkersTest::badRoomReadsChangeNothing()
{
    QFETCH(QJsonObject, payload);
    QFETCH(QString, code);
    TestServer server;
    setUp(server, 5);
    const Envelope refused = m_phone->request(payload.contains("with") ? T::DmRead : T::RoomRead, payload);
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), code);
    QVERIFY(m_laptop->sync());
    QCOMPARE(m_laptop->count(T::ReadMarker), 0);
    TestClient again;
    QVERIFY(again.open(server.url()));
    QVERIFY(markersIn(again.hello("alice", clientInstance("alices"))).isEmpty());
}

void ReadMarkersTest::dmReadTellsTheOtherUser()
{
    TestServer server;
    setUp(server, 0);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "hi"}}).type, T::Ack);
    const Envelope ack = m_phone->request(T::DmRead, {{"with", "bob"}, {"seq", 3}});
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("with").toString(), QStringLiteral("bob"));
    const Envelope mine = m_laptop->waitForType(T::ReadMarker);
    QCOMPARE(mine.payload.value("with").toString(), QStringLiteral("bob"));
    QCOMPARE(mine.payload.value("seq").toInteger(), 3);
    // "Seen": bob learns how far alice read their conversation.
    const Envelope seen = m_bob->waitForType(T::ReadMarker);
    QCOMPARE(seen.payload.value("with").toString(), QStringLiteral("alice"));
    QCOMPARE(seen.payload.value("user").toString(), QStringLiteral("alice"));
    QCOMPARE(seen.payload.value("seq").toInteger(), 3);

    TestClient tablet;
    QVERIFY(tablet.open(server.url()));
    QCOMPARE(markersIn(tablet.hello("alice", clientInstance("alices"))).value("@bob").toInteger(), 3);
}

void ReadMarkersTest::markersSurviveARestart()
{
    TestServer server;
    setUp(server, 3);
    QCOMPARE(m_phone->request(T::RoomRead, {{"room", Room}, {"seq", 3}}).type, T::Ack);
    m_phone.reset();
    m_laptop.reset();
    m_bob.reset();
    QVERIFY(server.restart());
    TestClient again;
    QVERIFY(again.open(server.url()));
    QCOMPARE(markersIn(again.hello("alice", clientInstance("alices"))).value(Room).toInteger(), 3);
}

QTEST_GUILESS_MAIN(ReadMarkersTest)
#include "tst_readmarkers.moc"
