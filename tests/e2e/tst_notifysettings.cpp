// Notification settings end to end: room.notify and dm.notify (level all | mentions | none, and
// mute) are kept per user on the server (across a restart), acked with the setting kept, pushed
// to the user's other sessions as notify.settings and listed in every welcome, so every device
// agrees; a field left out keeps its value; bad input changes nothing.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {
const QString Room = QStringLiteral("general");
const QByteArray Secret = "e2e-notify-secret-0123456789abcdef";

QJsonObject settingsIn(const Envelope &welcome)
{
    return welcome.payload.value("notify_settings").toObject();
}

QJsonObject setting(const QString &level, bool muted)
{
    return {{"level", level}, {"muted", muted}};
}

QJsonObject settingOf(const Envelope &e)
{
    return setting(e.payload.value("level").toString(), e.payload.value("muted").toBool());
}
} // namespace

class NotifySettingsTest : public QObject
{
    Q_OBJECT

private slots:
    void roomNotifyIsKeptAndPushedToTheUsersOtherSessions();
    void aFieldLeftOutKeepsItsValue();
    void dmNotifyNeedsNoConversationYet();
    void settingsSurviveARestart();
    void badSettingsChangeNothing_data();
    void badSettingsChangeNothing();
    void aPrivateRoomNeedsItsClaim();

private:
    // alice on two devices of one install (the same guest), and bob, in the room.
    void setUp(TestServer &server);
    std::unique_ptr<TestClient> m_phone, m_laptop, m_bob;
};

void NotifySettingsTest::setUp(TestServer &server)
{
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    m_phone = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("alices"));
    m_laptop = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("alices"));
    m_bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(m_phone && m_laptop && m_bob);
    for (TestClient *c : {m_phone.get(), m_laptop.get(), m_bob.get()})
        QCOMPARE(c->request(T::RoomJoin, inRoom(Room)).type, T::Ack);
}

void NotifySettingsTest::roomNotifyIsKeptAndPushedToTheUsersOtherSessions()
{
    TestServer server;
    setUp(server);
    const Envelope ack = m_phone->request(T::RoomNotify, {{"room", Room}, {"level", "mentions"}, {"muted", true}});
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("room").toString(), Room);
    QCOMPARE(settingOf(ack), setting("mentions", true));
    const Envelope pushed = m_laptop->waitForType(T::NotifySettings);
    QCOMPARE(pushed.payload.value("room").toString(), Room);
    QCOMPARE(settingOf(pushed), setting("mentions", true));
    QVERIFY(m_phone->sync() && m_bob->sync());
    QCOMPARE(m_phone->count(T::NotifySettings), 0); // the session that set it has the ack
    QCOMPARE(m_bob->count(T::NotifySettings), 0);   // nobody else's business

    TestClient tablet;
    QVERIFY(tablet.open(server.url()));
    QCOMPARE(settingsIn(tablet.hello("alice", clientInstance("alices"))).value(Room).toObject(),
             setting("mentions", true));
    TestClient bobsOther;
    QVERIFY(bobsOther.open(server.url()));
    QVERIFY(settingsIn(bobsOther.hello("bob")).isEmpty());
}

void NotifySettingsTest::aFieldLeftOutKeepsItsValue()
{
    TestServer server;
    setUp(server);
    QCOMPARE(settingOf(m_phone->request(T::RoomNotify, {{"room", Room}, {"muted", true}})), setting("all", true));
    QCOMPARE(settingOf(m_phone->request(T::RoomNotify, {{"room", Room}, {"level", "none"}})), setting("none", true));
    QCOMPARE(settingOf(m_laptop->request(T::RoomNotify, {{"room", Room}, {"muted", false}})), setting("none", false));
}

void NotifySettingsTest::dmNotifyNeedsNoConversationYet()
{
    TestServer server;
    setUp(server);
    const Envelope ack = m_phone->request(T::DmNotify, {{"with", "carol"}, {"level", "none"}});
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("with").toString(), QStringLiteral("carol"));
    QCOMPARE(settingOf(ack), setting("none", false));
    const Envelope pushed = m_laptop->waitForType(T::NotifySettings);
    QCOMPARE(pushed.payload.value("with").toString(), QStringLiteral("carol"));
    TestClient tablet;
    QVERIFY(tablet.open(server.url()));
    QCOMPARE(settingsIn(tablet.hello("alice", clientInstance("alices"))).value("@carol").toObject(),
             setting("none", false));
}

void NotifySettingsTest::settingsSurviveARestart()
{
    TestServer server;
    setUp(server);
    QCOMPARE(m_phone->request(T::RoomNotify, {{"room", Room}, {"level", "mentions"}}).type, T::Ack);
    QCOMPARE(m_phone->request(T::DmNotify, {{"with", "bob"}, {"muted", true}}).type, T::Ack);
    m_phone.reset();
    m_laptop.reset();
    m_bob.reset();
    QVERIFY(server.restart());
    TestClient again;
    QVERIFY(again.open(server.url()));
    const QJsonObject kept = settingsIn(again.hello("alice", clientInstance("alices")));
    QCOMPARE(kept.value(Room).toObject(), setting("mentions", false));
    QCOMPARE(kept.value("@bob").toObject(), setting("all", true));
}

void NotifySettingsTest::badSettingsChangeNothing_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown level") << QJsonObject{{"room", Room}, {"level", "some"}} << "invalid_argument";
    QTest::newRow("level not a string") << QJsonObject{{"room", Room}, {"level", 1}} << "invalid_argument";
    QTest::newRow("muted not a bool") << QJsonObject{{"room", Room}, {"muted", "yes"}} << "invalid_argument";
    QTest::newRow("neither field") << QJsonObject{{"room", Room}} << "invalid_argument";
    QTest::newRow("unknown room") << QJsonObject{{"room", "nowhere"}, {"muted", true}} << "not_found";
    QTest::newRow("bad room name") << QJsonObject{{"room", "No Room"}, {"muted", true}} << "invalid_argument";
    QTest::newRow("room missing") << QJsonObject{{"muted", true}} << "invalid_argument";
    QTest::newRow("dm: bad user name") << QJsonObject{{"with", "not a name"}, {"muted", true}} << "invalid_argument";
    QTest::newRow("dm: neither field") << QJsonObject{{"with", "bob"}} << "invalid_argument";
}

void NotifySettingsTest::badSettingsChangeNothing()
{
    QFETCH(QJsonObject, payload);
    QFETCH(QString, code);
    TestServer server;
    setUp(server);
    const bool direct = payload.contains("with");
    const Envelope refused = m_phone->request(direct ? T::DmNotify : T::RoomNotify, payload);
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), code);
    QVERIFY(m_laptop->sync());
    QCOMPARE(m_laptop->count(T::NotifySettings), 0);
    TestClient again;
    QVERIFY(again.open(server.url()));
    QVERIFY(settingsIn(again.hello("alice", clientInstance("alices"))).isEmpty());
    // The connection is still good for the next request.
    QCOMPARE(m_phone->request(T::RoomNotify, {{"room", Room}, {"muted", true}}).type, T::Ack);
}

void NotifySettingsTest::aPrivateRoomNeedsItsClaim()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = Secret;
    config.privateRooms = {"vault"};
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    const auto tokenFor = [](const QString &user, const QStringList &rooms) {
        QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}};
        if (!rooms.isEmpty())
            claims.insert("rooms", QJsonArray::fromStringList(rooms));
        return QString::fromLatin1(sb::server::Jwt::sign(claims, Secret));
    };
    TestClient insider;
    QVERIFY(insider.open(server.url()));
    QCOMPARE(insider.hello({}, {{"token", tokenFor("dana", {"vault"})}}).type, T::Welcome);
    QCOMPARE(insider.request(T::RoomJoin, inRoom("vault")).type, T::Ack);
    QCOMPARE(insider.request(T::RoomNotify, {{"room", "vault"}, {"level", "mentions"}}).type, T::Ack);

    TestClient outsider;
    QVERIFY(outsider.open(server.url()));
    QCOMPARE(outsider.hello({}, {{"token", tokenFor("erin", {})}}).type, T::Welcome);
    const Envelope refused = outsider.request(T::RoomNotify, {{"room", "vault"}, {"muted", true}});
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("forbidden"));

    // dana's token no longer names the room: its setting is not listed to that session.
    TestClient demoted;
    QVERIFY(demoted.open(server.url()));
    QVERIFY(settingsIn(demoted.hello({}, {{"token", tokenFor("dana", {})}})).isEmpty());
}

QTEST_GUILESS_MAIN(NotifySettingsTest)
#include "tst_notifysettings.moc"
