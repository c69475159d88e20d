// presence.set and typing end to end: who hears a status change, typing to the others but not
// the typist, no re-broadcast of a repeated start, the stop (explicit, by expiry, by sending a
// message, by leaving), and the errors.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

const QString Room = QStringLiteral("general");
// alice's client install: a second connection with it is another session of alice.
const QJsonObject AliceInstall = clientInstance("alice-pc");

TestClient::Match presenceOf(const QString &room, const QString &user, const QString &status)
{
    return [=](const Envelope &e) {
        return e.type == T::Presence && e.payload.value("room").toString() == room
            && e.payload.value("user").toString() == user
            && e.payload.value("status").toString() == status;
    };
}

TestClient::Match typingOf(const QString &user, bool active)
{
    return [=](const Envelope &e) {
        return e.type == T::Typing && e.payload.value("room").toString() == Room
            && e.payload.value("user").toString() == user
            && e.payload.value("active").toBool() == active;
    };
}

QJsonObject typing(bool active)
{
    return {{"room", Room}, {"active", active}};
}

// True when, by a ping/pong barrier, the client holds no `type` envelope.
bool nothingOf(TestClient &client, const QString &type)
{
    return client.sync() && client.count(type) == 0;
}

} // namespace

class PresenceTest : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void presenceSetReachesTheMembersOfTheUsersRooms_data();
    void presenceSetReachesTheMembersOfTheUsersRooms();
    void invalidStatusIsInvalidArgument_data();
    void invalidStatusIsInvalidArgument();
    void typingReachesTheOthersButNotTheTypist_data();
    void typingReachesTheOthersButNotTheTypist();
    void repeatedTypingIsNotRebroadcast();
    void typingFalseReachesTheOthers_data();
    void typingFalseReachesTheOthers();
    void typingExpiresOnItsOwn();
    void sendingAMessageStopsTyping();
    void leavingStopsTyping_data();
    void leavingStopsTyping();
    void typingInARoomNotJoinedIsAnError();

private:
    bool startServer(sb::server::ServerConfig config = TestServer::defaultConfig());
    // alice (typist, `format`) and bob in Room, both with the join's notices taken.
    bool aliceAndBobInTheRoom(WireFormat format = WireFormat::Json);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_alice, m_bob;
};

void PresenceTest::cleanup()
{
    m_alice.reset();
    m_bob.reset();
    m_server.reset();
}

bool PresenceTest::startServer(sb::server::ServerConfig config)
{
    m_server = std::make_unique<TestServer>(std::move(config));
    return m_server->isRunning();
}

bool PresenceTest::aliceAndBobInTheRoom(WireFormat format)
{
    if (!m_server && !startServer())
        return false;
    m_alice = TestClient::connectAs(m_server->url(), "alice", format, AliceInstall);
    m_bob = TestClient::connectAs(m_server->url(), "bob");
    if (!m_alice || !m_bob)
        return false;
    for (TestClient *client : {m_alice.get(), m_bob.get()}) {
        if (client->request(T::RoomJoin, inRoom(Room)).type != T::Ack)
            return false;
    }
    // Both joins are done, so after a barrier each holds every notice they caused.
    for (TestClient *client : {m_alice.get(), m_bob.get()}) {
        if (!client->sync())
            return false;
        for (QLatin1String type : {T::PresenceSnapshot, T::RoomEvent, T::Presence})
            client->takeAll(type);
    }
    return true;
}

void PresenceTest::presenceSetReachesTheMembersOfTheUsersRooms_data()
{
    addFormatRows();
}

void PresenceTest::presenceSetReachesTheMembersOfTheUsersRooms()
{
    QFETCH(WireFormat, format);
    QVERIFY(aliceAndBobInTheRoom(format));
    auto carol = TestClient::connectAs(m_server->url(), "carol", WireFormat::Cbor);
    auto dave = TestClient::connectAs(m_server->url(), "dave");
    QVERIFY(carol && dave);
    QCOMPARE(carol->request(T::RoomJoin, {{"room", "other"}}).type, T::Ack);
    QCOMPARE(m_alice->request(T::RoomJoin, {{"room", "other"}}).type, T::Ack);
    QCOMPARE(dave->request(T::RoomJoin, {{"room", "third"}}).type, T::Ack);

    m_alice->send(T::PresenceSet, {{"status", "away"}});
    QVERIFY(m_bob->waitFor(presenceOf(Room, "alice", "away")).isValid());
    QVERIFY(carol->waitFor(presenceOf("other", "alice", "away")).isValid());
    QVERIFY(nothingOf(*dave, T::Presence));
    QVERIFY(m_bob->sync());
    QCOMPARE(m_bob->count(T::Presence), 0); // once, for the room bob shares with alice

    // Setting the same status again changes nothing, so nobody hears of it.
    m_alice->send(T::PresenceSet, {{"status", "away"}});
    QVERIFY(m_alice->sync());
    QVERIFY(nothingOf(*m_bob, T::Presence));

    // Whoever joins later sees the status in the snapshot.
    QCOMPARE(dave->request(T::RoomJoin, inRoom(Room)).type, T::Ack);
    const QJsonArray users = dave->waitFor([](const Envelope &e) {
        return e.type == T::PresenceSnapshot && e.payload.value("room").toString() == Room;
    }).payload.value("users").toArray();
    QVERIFY(users.contains(QJsonObject{{"user", "alice"}, {"status", "away"}}));
}

void PresenceTest::invalidStatusIsInvalidArgument_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("unknown status") << QJsonObject{{"status", "sleeping"}};
    QTest::newRow("offline is not settable") << QJsonObject{{"status", "offline"}};
    QTest::newRow("not a string") << QJsonObject{{"status", 3}};
    QTest::newRow("missing") << QJsonObject{};
}

void PresenceTest::invalidStatusIsInvalidArgument()
{
    QFETCH(QJsonObject, payload);
    QVERIFY(aliceAndBobInTheRoom());
    const Envelope reply = m_alice->request(T::PresenceSet, payload);
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    QVERIFY(nothingOf(*m_bob, T::Presence));
}

void PresenceTest::typingReachesTheOthersButNotTheTypist_data()
{
    addFormatRows();
}

void PresenceTest::typingReachesTheOthersButNotTheTypist()
{
    QFETCH(WireFormat, format);
    QVERIFY(aliceAndBobInTheRoom(format));
    // A second session of the typist (same client install, so the same user) is the typist too.
    auto aliceAgain = TestClient::connectAs(m_server->url(), "alice", WireFormat::Json,
                                            AliceInstall);
    QVERIFY(aliceAgain);
    QCOMPARE(aliceAgain->request(T::RoomJoin, inRoom(Room)).type, T::Ack);

    m_alice->send(T::Typing, typing(true));
    const Envelope notice = m_bob->waitFor(typingOf("alice", true));
    QVERIFY(notice.isValid());
    QCOMPARE(notice.payload.size(), 3); // {room, user, active}
    QVERIFY(nothingOf(*m_alice, T::Typing));
    QVERIFY(nothingOf(*aliceAgain, T::Typing));
}

void PresenceTest::repeatedTypingIsNotRebroadcast()
{
    QVERIFY(aliceAndBobInTheRoom());
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
    for (int i = 0; i < 3; ++i)
        m_alice->send(T::Typing, typing(true));
    QVERIFY(m_alice->sync()); // the server has handled all three
    QVERIFY(nothingOf(*m_bob, T::Typing));
}

void PresenceTest::typingFalseReachesTheOthers_data()
{
    addFormatRows();
}

void PresenceTest::typingFalseReachesTheOthers()
{
    QFETCH(WireFormat, format);
    QVERIFY(aliceAndBobInTheRoom(format));
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
    m_alice->send(T::Typing, typing(false));
    QVERIFY(m_bob->waitFor(typingOf("alice", false)).isValid());

    // Stopping what is not going on is not news.
    m_alice->send(T::Typing, typing(false));
    QVERIFY(m_alice->sync());
    QVERIFY(nothingOf(*m_bob, T::Typing));
}

void PresenceTest::typingExpiresOnItsOwn()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.typingTimeoutMs = 300;
    QVERIFY(startServer(config));
    QVERIFY(aliceAndBobInTheRoom());

    QElapsedTimer elapsed;
    elapsed.start();
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
    QVERIFY(m_bob->waitFor(typingOf("alice", false)).isValid());
    QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));

    // Expired means stopped: the next start is news again.
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
}

void PresenceTest::sendingAMessageStopsTyping()
{
    QVERIFY(aliceAndBobInTheRoom(WireFormat::Cbor));
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
    QCOMPARE(m_alice->request(T::ChatSend, {{"room", Room}, {"text", "done typing"}}).type, T::Ack);
    QVERIFY(m_bob->waitFor(typingOf("alice", false)).isValid());
    QVERIFY(m_bob->waitForType(T::ChatMessage).isValid());
    QVERIFY(nothingOf(*m_bob, T::Typing));
}

void PresenceTest::leavingStopsTyping_data()
{
    QTest::addColumn<bool>("disconnect");
    QTest::newRow("room.leave") << false;
    QTest::newRow("disconnect") << true;
}

void PresenceTest::leavingStopsTyping()
{
    QFETCH(bool, disconnect);
    QVERIFY(aliceAndBobInTheRoom());
    m_alice->send(T::Typing, typing(true));
    QVERIFY(m_bob->waitFor(typingOf("alice", true)).isValid());
    if (disconnect)
        m_alice.reset();
    else
        QCOMPARE(m_alice->request(T::RoomLeave, inRoom(Room)).type, T::Ack);
    // Without this, "alice is typing…" would stay on bob's screen for good.
    QVERIFY(m_bob->waitFor(typingOf("alice", false)).isValid());
    QVERIFY(m_bob->waitForType(T::RoomEvent).isValid());
}

void PresenceTest::typingInARoomNotJoinedIsAnError()
{
    QVERIFY(aliceAndBobInTheRoom());
    QCOMPARE(m_bob->request(T::RoomJoin, {{"room", "other"}}).type, T::Ack);
    for (const char *room : {"other", "nowhere"}) {
        const Envelope reply = m_alice->request(T::Typing, {{"room", room}, {"active", true}});
        QCOMPARE(reply.type, T::Error);
        QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("forbidden"));
    }
    QVERIFY(nothingOf(*m_bob, T::Typing));
    QVERIFY(m_alice->isOpen());
}

QTEST_GUILESS_MAIN(PresenceTest)
#include "tst_presence.moc"
