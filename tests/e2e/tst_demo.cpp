// --demo: bots join the demo rooms, show typing before they speak, change presence, and the
// market opening is announced. Time parameters are shortened so this takes a few seconds.
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QJsonArray>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

class DemoTest : public QObject
{
    Q_OBJECT

private slots:
    void botsAreAliveInTheDemoRooms();
    void botsAnswerMentionsAndDirectMessages();
};

void DemoTest::botsAreAliveInTheDemoRooms()
{
    auto config = TestServer::defaultConfig();
    config.demo = true;
    config.demoTiming.firstMessageMinMs = 100;
    config.demoTiming.firstMessageMaxMs = 300;
    config.demoTiming.gapMinMs = 200;
    config.demoTiming.gapMaxMs = 400;
    config.demoTiming.warmupGapMinMs = 100;
    config.demoTiming.warmupGapMaxMs = 200;
    config.demoTiming.typingMinMs = 50;
    config.demoTiming.typingMaxMs = 100;
    config.demoTiming.presenceEveryMs = 300;
    config.demoTiming.marketOpenDelayMs = 200;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));

    TestClient user;
    QVERIFY(user.open(server.url()));
    user.hello("visitor");
    const QStringList rooms{"general", "markets", "random"};
    for (const QString &room : rooms)
        QCOMPARE(user.request(T::RoomJoin, {{"room", room}}).type, T::Ack);

    const Envelope announce = user.waitForType(T::Announce, 10000);
    QVERIFY(announce.payload.value("text").toString().contains("market"));

    // A bot shows typing, then speaks in the same room.
    const Envelope typing = user.waitFor(
        [](const Envelope &e) { return e.type == T::Typing && e.payload.value("active").toBool(); },
        10000);
    QVERIFY(typing.isValid());
    const QString bot = typing.payload.value("user").toString();
    const Envelope spoken = user.waitFor(
        [&](const Envelope &e) { return e.type == T::ChatMessage && e.payload.value("from") == bot; },
        10000);
    QVERIFY(spoken.isValid());
    QVERIFY(rooms.contains(spoken.payload.value("room").toString()));
    QVERIFY(!spoken.payload.value("text").toString().isEmpty());

    // Presence moves, and the rooms show several bots.
    QVERIFY(user.waitForType(T::Presence, 10000).isValid());
    QSet<QString> speakers;
    for (int i = 0; i < 40 && speakers.size() < 3; ++i) {
        const Envelope message = user.waitForType(T::ChatMessage, 10000);
        QVERIFY(message.isValid());
        speakers.insert(message.payload.value("from").toString());
    }
    QVERIFY2(speakers.size() >= 3, qPrintable(QStringList(speakers.values()).join(',')));
    const Envelope list = user.request(T::RoomList);
    for (const QJsonValue &room : list.payload.value("rooms").toArray())
        QVERIFY(room.toObject().value("members").toInt() >= 2);
}

void DemoTest::botsAnswerMentionsAndDirectMessages()
{
    auto config = TestServer::defaultConfig();
    config.demo = true;
    // The bots keep quiet on their own here: every message seen is an answer.
    config.demoTiming.firstMessageMinMs = config.demoTiming.firstMessageMaxMs = 600'000;
    config.demoTiming.typingMinMs = 50;
    config.demoTiming.typingMaxMs = 100;
    config.demoTiming.replyCooldownMs = 60'000;
    config.demoTiming.marketOpenDelayMs = 600'000;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));

    TestClient user;
    QVERIFY(user.open(server.url()));
    user.hello("visitor");
    QCOMPARE(user.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    // ben lives in #general (DemoMode's personas); wait until he is there.
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        const Envelope who = user.request(T::RoomList);
        for (const QJsonValue &room : who.payload.value("rooms").toArray()) {
            if (room.toObject().value("room") == "general")
                return room.toObject().value("members").toInt() >= 5;
        }
        return false;
    }(), 10000);

    QCOMPARE(user.request(T::ChatSend, {{"room", "general"}, {"text", "@ben are you around?"}}).type, T::Ack);
    const Envelope typing = user.waitFor([](const Envelope &e) {
        return e.type == T::Typing && e.payload.value("user") == "ben" && e.payload.value("active").toBool();
    }, 10000);
    QVERIFY(typing.isValid()); // typing first, as a person would
    const Envelope answer = user.waitFor(
        [](const Envelope &e) { return e.type == T::ChatMessage && e.payload.value("from") == "ben"; }, 10000);
    QVERIFY(answer.isValid());
    QCOMPARE(answer.payload.value("room").toString(), QString("general"));
    QVERIFY(answer.payload.value("text").toString().startsWith("@visitor "));

    // Within the cooldown a second mention gets no second answer, and nobody else chimes in:
    // the answer's own "@visitor" is no mention of a bot, so no bot answers a bot.
    QCOMPARE(user.request(T::ChatSend, {{"room", "general"}, {"text", "@ben hello?"}}).type, T::Ack);
    const Envelope more = user.waitFor(
        [](const Envelope &e) { return e.type == T::ChatMessage && e.payload.value("from") != "visitor"; }, 1500);
    QVERIFY2(!more.isValid(), qPrintable(more.payload.value("text").toString()));

    // A direct message is answered directly.
    QCOMPARE(user.request(T::DmSend, {{"to", "ada"}, {"text", "hi ada"}}).type, T::Ack);
    const Envelope direct = user.waitFor([](const Envelope &e) {
        return e.type == T::DmMessage && e.payload.value("from") == "ada" && e.payload.value("to") == "visitor";
    }, 10000);
    QVERIFY(direct.isValid());
    QVERIFY(!direct.payload.value("text").toString().isEmpty());
}

QTEST_GUILESS_MAIN(DemoTest)
#include "tst_demo.moc"
