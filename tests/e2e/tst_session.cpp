// A connection's life as a session, end to end: hello → welcome, guest names, tokens (HS256),
// refusals with 4001, and the subprotocol that picks the wire format.
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/CloseCode.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocketHandshakeOptions>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

const QByteArray Secret = "e2e-session-secret-0123456789abcdef";

sb::server::ServerConfig configWithSecret(bool allowGuests)
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = Secret;
    config.allowGuests = allowGuests;
    return config;
}

// A token as `switchboard-server token` would print it, valid for `ttlSeconds` from now
// (negative: already expired).
QString token(const QString &user, qint64 ttlSeconds, const QString &role = {},
              const QByteArray &secret = Secret)
{
    QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + ttlSeconds}};
    if (!role.isEmpty())
        claims.insert("role", role);
    return QString::fromLatin1(sb::server::Jwt::sign(claims, secret));
}

// The room's summary in a `welcome` or `room.list` rooms array; empty when it is not listed.
QJsonObject roomSummary(const Envelope &e, const QString &room)
{
    const QJsonArray rooms = e.payload.value("rooms").toArray();
    for (const QJsonValue &summary : rooms) {
        if (summary.toObject().value("room").toString() == room)
            return summary.toObject();
    }
    return {};
}

QString userOf(const Envelope &welcome)
{
    return welcome.payload.value("user").toString();
}

QString errorCode(const Envelope &e)
{
    return e.payload.value("code").toString();
}

} // namespace

class SessionTest : public QObject
{
    Q_OBJECT

private slots:
    void welcomeCarriesTheSession();
    void welcomeListsKnownRooms();
    void guestNamesAreMadeUnique();
    void sameClientInstanceKeepsItsName();
    void helloWithoutNameGetsAGuestName();
    void firstFrameOtherThanHelloIsClosedUnauthorized();
    void noHelloInTimeIsClosedUnauthorized();
    void secondHelloIsAnError();
    void guestsRefusedWithNoGuests();
    void validAdminTokenSignsInAndMayAnnounce();
    void nonAdminMayNotAnnounce();
    void guestCannotTakeASignedInUsersName();
    void signedInUserEvictsAGuestHoldingItsName();
    void badTokenIsClosedUnauthorized_data();
    void badTokenIsClosedUnauthorized();
    void subprotocolPicksTheWireFormat_data();
    void subprotocolPicksTheWireFormat();
    void framesFollowTheNegotiatedSubprotocol_data();
    void framesFollowTheNegotiatedSubprotocol();

private:
    // Closed with `code` and a reason that says something.
    static bool closedWith(TestClient &client, int code);
    static QByteArray closeInfo(const TestClient &client);
};

bool SessionTest::closedWith(TestClient &client, int code)
{
    return client.waitClosed() && client.closeCode() == code && !client.closeReason().isEmpty();
}

QByteArray SessionTest::closeInfo(const TestClient &client)
{
    return QStringLiteral("close code %1, reason \"%2\"")
        .arg(client.closeCode())
        .arg(client.closeReason())
        .toUtf8();
}

void SessionTest::welcomeCarriesTheSession()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.heartbeatMs = 12345;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));

    TestClient alice;
    QVERIFY(alice.open(server.url()));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const Envelope welcome = alice.request(T::Hello, {{"name", "alice"}}, "h-1");
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(welcome.type, T::Welcome);
    QCOMPARE(welcome.id, QStringLiteral("h-1"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("alice"));
    QCOMPARE(welcome.payload.value("role").toString(), QStringLiteral("guest"));
    QCOMPARE(welcome.payload.value("heartbeat_ms").toInteger(), 12345);
    QVERIFY(!welcome.payload.value("session").toString().isEmpty());
    QVERIFY(welcome.payload.value("rooms").isArray());
    const qint64 serverTime = welcome.payload.value("server_time").toInteger();
    QVERIFY2(serverTime >= before - 1000 && serverTime <= after + 1000,
             qPrintable(QStringLiteral("server_time %1 not near %2").arg(serverTime).arg(before)));

    // Every session has its own id, even for the same user.
    TestClient again;
    QVERIFY(again.open(server.url()));
    const Envelope second = again.hello(QStringLiteral("bob"));
    QVERIFY(second.payload.value("session").toString()
            != welcome.payload.value("session").toString());
}

void SessionTest::welcomeListsKnownRooms()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient alice, bob;
    QVERIFY(alice.open(server.url()));
    alice.hello(QStringLiteral("alice"));
    QCOMPARE(alice.request(T::RoomJoin, {{"room", "lobby"}}).type, T::Ack);
    QCOMPARE(alice.request(T::ChatSend, {{"room", "lobby"}, {"text", "hi"}}).type, T::Ack);

    QVERIFY(bob.open(server.url()));
    const Envelope welcome = bob.hello(QStringLiteral("bob"));
    const QJsonObject lobby = roomSummary(welcome, QStringLiteral("lobby"));
    QVERIFY2(!lobby.isEmpty(), "welcome lists the rooms the server knows");
    QCOMPARE(lobby.value("members").toInt(), 1);
    QCOMPARE(lobby.value("last_seq").toInteger(), 1);
}

void SessionTest::guestNamesAreMadeUnique()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient first, second, third;
    for (TestClient *client : {&first, &second, &third})
        QVERIFY(client->open(server.url()));
    QCOMPARE(userOf(first.hello(QStringLiteral("alice"))), QStringLiteral("alice"));
    QCOMPARE(userOf(second.hello(QStringLiteral("alice"))), QStringLiteral("alice-2"));
    QCOMPARE(userOf(third.hello(QStringLiteral("alice"))), QStringLiteral("alice-3"));

    // Once alice is gone, her name is free again.
    first.socket().close();
    QVERIFY(first.waitClosed());
    QTRY_COMPARE(server.server().connectionCount(), 2);
    TestClient fourth;
    QVERIFY(fourth.open(server.url()));
    QCOMPARE(userOf(fourth.hello(QStringLiteral("alice"))), QStringLiteral("alice"));
}

void SessionTest::sameClientInstanceKeepsItsName()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    const QJsonObject laptop{{"client", QJsonObject{{"instance", "laptop-1"}}}};
    const QJsonObject phone{{"client", QJsonObject{{"instance", "phone-7"}}}};

    TestClient ghost, reconnected, other;
    QVERIFY(ghost.open(server.url()));
    QCOMPARE(userOf(ghost.hello(QStringLiteral("alice"), laptop)),
             QStringLiteral("alice"));
    // The same install reconnecting while its old connection still lingers keeps the name…
    QVERIFY(reconnected.open(server.url()));
    QCOMPARE(userOf(reconnected.hello(QStringLiteral("alice"), laptop)),
             QStringLiteral("alice"));
    // …another install does not get it.
    QVERIFY(other.open(server.url()));
    QCOMPARE(userOf(other.hello(QStringLiteral("alice"), phone)),
             QStringLiteral("alice-2"));
}

void SessionTest::helloWithoutNameGetsAGuestName()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient first, second;
    QVERIFY(first.open(server.url()));
    QVERIFY(second.open(server.url()));
    const Envelope a = first.hello({});
    const Envelope b = second.hello({});
    QCOMPARE(a.type, T::Welcome);
    QCOMPARE(b.type, T::Welcome);
    const QString nameA = a.payload.value("user").toString();
    const QString nameB = b.payload.value("user").toString();
    QVERIFY2(nameA.startsWith(QLatin1String("guest")), qPrintable(nameA));
    QVERIFY2(nameB.startsWith(QLatin1String("guest")), qPrintable(nameB));
    QVERIFY(nameA != nameB);
    QCOMPARE(a.payload.value("role").toString(), QStringLiteral("guest"));
}

void SessionTest::firstFrameOtherThanHelloIsClosedUnauthorized()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.send(T::RoomJoin, {{"room", "general"}});
    QVERIFY2(closedWith(client, CloseCode::Unauthorized), closeInfo(client).constData());
    QCOMPARE(client.count(T::Ack), 0);
}

void SessionTest::noHelloInTimeIsClosedUnauthorized()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.helloTimeoutMs = 300;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));

    QElapsedTimer elapsed;
    elapsed.start();
    TestClient silent, prompt;
    QVERIFY(silent.open(server.url()));
    QVERIFY(prompt.open(server.url()));
    QCOMPARE(prompt.hello(QStringLiteral("prompt")).type, T::Welcome);
    QVERIFY2(closedWith(silent, CloseCode::Unauthorized), closeInfo(silent).constData());
    QVERIFY2(elapsed.elapsed() >= 250, "closed before the hello timeout");
    // The timer is only for connections that never said hello.
    QVERIFY(prompt.sync());
    QVERIFY(prompt.isOpen());
}

void SessionTest::secondHelloIsAnError()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient alice;
    QVERIFY(alice.open(server.url()));
    QCOMPARE(alice.hello(QStringLiteral("alice")).type, T::Welcome);
    const Envelope again = alice.request(T::Hello, {{"name", "mallory"}}, "h-2");
    QCOMPARE(again.type, T::Error);
    QCOMPARE(again.payload.value("id").toString(), QStringLiteral("h-2"));
    // PROTOCOL.md names no code for this; the server answers invalid_argument.
    QCOMPARE(errorCode(again), QStringLiteral("invalid_argument"));
    QVERIFY(alice.sync());
    QVERIFY(alice.isOpen());
    // Still alice: the second hello changed nothing.
    QCOMPARE(alice.request(T::RoomJoin, {{"room", "r"}}).type, T::Ack);
    const Envelope snapshot = alice.waitForType(T::PresenceSnapshot);
    QCOMPARE(snapshot.payload.value("users").toArray().at(0).toObject().value("user").toString(),
             QStringLiteral("alice"));
}

void SessionTest::guestsRefusedWithNoGuests()
{
    TestServer server(configWithSecret(false));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient guest;
    QVERIFY(guest.open(server.url()));
    guest.send(T::Hello, {{"name", "guest"}});
    QVERIFY2(closedWith(guest, CloseCode::Unauthorized), closeInfo(guest).constData());
    QCOMPARE(guest.count(T::Welcome), 0);
}

void SessionTest::validAdminTokenSignsInAndMayAnnounce()
{
    TestServer server(configWithSecret(false));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient admin, user;
    QVERIFY(admin.open(server.url()));
    QVERIFY(user.open(server.url()));
    const Envelope welcome = admin.hello({}, {{"token", token("root", 3600, "admin")}});
    QCOMPARE(welcome.type, T::Welcome);
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("root"));
    QCOMPARE(welcome.payload.value("role").toString(), QStringLiteral("admin"));
    const Envelope userWelcome = user.hello({}, {{"token", token("carol", 3600)}});
    QCOMPARE(userWelcome.payload.value("user").toString(), QStringLiteral("carol"));
    QCOMPARE(userWelcome.payload.value("role").toString(), QStringLiteral("user"));

    const Envelope ack =
        admin.request(T::Announce, {{"text", "maintenance at 5"}, {"level", "warning"}});
    QCOMPARE(ack.type, T::Ack);
    for (TestClient *client : {&admin, &user}) {
        const Envelope announce = client->waitForType(T::Announce);
        QCOMPARE(announce.payload.value("text").toString(), QStringLiteral("maintenance at 5"));
        QCOMPARE(announce.payload.value("level").toString(), QStringLiteral("warning"));
    }
}

void SessionTest::nonAdminMayNotAnnounce()
{
    TestServer server(configWithSecret(true));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient guest, user;
    QVERIFY(guest.open(server.url()));
    QVERIFY(user.open(server.url()));
    guest.hello(QStringLiteral("guest"));
    user.hello({}, {{"token", token("carol", 3600)}});
    for (TestClient *client : {&guest, &user}) {
        const Envelope reply = client->request(T::Announce, {{"text", "hear me"}});
        QCOMPARE(reply.type, T::Error);
        QCOMPARE(errorCode(reply), QStringLiteral("forbidden"));
    }
    for (TestClient *client : {&guest, &user}) {
        QVERIFY(client->sync());
        QCOMPARE(client->count(T::Announce), 0);
    }
}

void SessionTest::guestCannotTakeASignedInUsersName()
{
    TestServer server(configWithSecret(true));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    const QJsonObject laptop{{"client", QJsonObject{{"instance", "laptop-1"}}}};
    QJsonObject signedIn = laptop;
    signedIn.insert("token", token("alice", 3600));
    TestClient alice, guest, dmSender;
    QVERIFY(alice.open(server.url()));
    QCOMPARE(userOf(alice.hello({}, signedIn)), QStringLiteral("alice"));
    // Even with alice's install id, a guest gets a name of its own, not alice's identity.
    QVERIFY(guest.open(server.url()));
    const QString guestName = userOf(guest.hello(QStringLiteral("alice"), laptop));
    QVERIFY2(guestName != QLatin1String("alice"), qPrintable(guestName));

    QVERIFY(dmSender.open(server.url()));
    dmSender.hello(QStringLiteral("bob"));
    const QJsonObject dm{{"to", "alice"}, {"text", "for alice only"}};
    QCOMPARE(dmSender.request(T::DmSend, dm).type, T::Ack);
    QVERIFY(alice.waitForType(T::DmMessage).isValid());
    QVERIFY(guest.sync());
    QCOMPARE(guest.count(T::DmMessage), 0);
}

void SessionTest::signedInUserEvictsAGuestHoldingItsName()
{
    TestServer server(configWithSecret(true));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient guest, alice, dmSender;
    QVERIFY(guest.open(server.url()));
    QCOMPARE(userOf(guest.hello(QStringLiteral("alice"))), QStringLiteral("alice"));
    QCOMPARE(guest.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);

    // The token proves who alice is: the guest who borrowed the name has to go.
    QVERIFY(alice.open(server.url()));
    const Envelope welcome = alice.hello({}, {{"token", token("alice", 3600)}});
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("alice"));
    QCOMPARE(welcome.payload.value("role").toString(), QStringLiteral("user"));
    QVERIFY2(closedWith(guest, CloseCode::Forbidden), closeInfo(guest).constData());

    QVERIFY(dmSender.open(server.url()));
    dmSender.hello(QStringLiteral("bob"));
    const QJsonObject dm{{"to", "alice"}, {"text", "for alice only"}};
    QCOMPARE(dmSender.request(T::DmSend, dm).type, T::Ack);
    QVERIFY(alice.waitForType(T::DmMessage).isValid());
    QCOMPARE(guest.count(T::DmMessage), 0);
    // The guest is gone from the room it was in, as if it had disconnected.
    const Envelope list = dmSender.request(T::RoomList);
    const QJsonObject general = roomSummary(list, QStringLiteral("general"));
    QVERIFY(!general.isEmpty());
    QCOMPARE(general.value("members").toInt(), 0);
}

void SessionTest::badTokenIsClosedUnauthorized_data()
{
    QTest::addColumn<bool>("allowGuests");
    QTest::addColumn<QString>("token");
    QTest::newRow("expired") << false << token("alice", -3600, "admin");
    QTest::newRow("bad signature")
        << false << token("alice", 3600, "admin", "some-other-secret-456");
    QTest::newRow("not a jwt") << false << QStringLiteral("not.a-token");
    // A bad token is not silently downgraded to a guest, even where guests are welcome.
    QTest::newRow("expired, guests allowed") << true << token("alice", -10);
}

void SessionTest::badTokenIsClosedUnauthorized()
{
    QFETCH(bool, allowGuests);
    QFETCH(QString, token);
    TestServer server(configWithSecret(allowGuests));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.send(T::Hello, {{"token", token}});
    QVERIFY2(closedWith(client, CloseCode::Unauthorized), closeInfo(client).constData());
    QCOMPARE(client.count(T::Welcome), 0);
}

void SessionTest::subprotocolPicksTheWireFormat_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<bool>("offer");
    QTest::addColumn<QString>("negotiated");
    QTest::addColumn<bool>("binaryFrames");
    QTest::newRow("cbor") << WireFormat::Cbor << true << QString(CborSubprotocol) << true;
    QTest::newRow("json") << WireFormat::Json << true << QString(JsonSubprotocol) << false;
    QTest::newRow("none") << WireFormat::Json << false << QString() << false;
}

void SessionTest::subprotocolPicksTheWireFormat()
{
    QFETCH(WireFormat, format);
    QFETCH(bool, offer);
    QFETCH(QString, negotiated);
    QFETCH(bool, binaryFrames);
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client(format);
    QSignalSpy text(&client.socket(), &QWebSocket::textMessageReceived);
    QSignalSpy binary(&client.socket(), &QWebSocket::binaryMessageReceived);
    QVERIFY(client.open(server.url(), offer));
    QCOMPARE(client.socket().subprotocol(), negotiated);

    QCOMPARE(client.hello(QStringLiteral("alice")).type, T::Welcome);
    QCOMPARE(client.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    QVERIFY(client.sync());
    const qsizetype frames = text.size() + binary.size();
    QVERIFY(frames >= 3);
    QCOMPARE(binaryFrames ? binary.size() : text.size(), frames);
    QCOMPARE(client.decodeFailures(), 0);
}

void SessionTest::framesFollowTheNegotiatedSubprotocol_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::newRow("json, cbor") << QStringList{JsonSubprotocol, CborSubprotocol};
    QTest::newRow("cbor, json") << QStringList{CborSubprotocol, JsonSubprotocol};
    QTest::newRow("unknown only") << QStringList{"switchboard.v9+xml"};
    QTest::newRow("unknown, cbor") << QStringList{"chat", CborSubprotocol};
}

void SessionTest::framesFollowTheNegotiatedSubprotocol()
{
    // From several offers the server picks the client's first known one and its frames are in
    // that format; with no match it picks none and speaks JSON.
    QFETCH(QStringList, offered);
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client;
    QSignalSpy text(&client.socket(), &QWebSocket::textMessageReceived);
    QSignalSpy binary(&client.socket(), &QWebSocket::binaryMessageReceived);
    QSignalSpy connected(&client.socket(), &QWebSocket::connected);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(offered);
    client.socket().open(QNetworkRequest(server.url()), options);
    QVERIFY(connected.wait());
    const QString negotiated = client.socket().subprotocol();
    // The client's order of preference wins.
    const auto known = std::find_if(offered.cbegin(), offered.cend(), [](const QString &p) {
        return p == JsonSubprotocol || p == CborSubprotocol;
    });
    QCOMPARE(negotiated, known == offered.cend() ? QString() : *known);
    QCOMPARE(client.hello(QStringLiteral("alice")).type, T::Welcome);
    QVERIFY(client.sync());
    if (negotiated == CborSubprotocol)
        QVERIFY(text.isEmpty() && binary.size() >= 2);
    else
        QVERIFY(binary.isEmpty() && text.size() >= 2);
}

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
