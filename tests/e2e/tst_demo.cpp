// --demo: bots join the demo rooms, show typing before they speak, change presence, and the
// market opening is announced. Time parameters are shortened so this takes a few seconds.
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

class DemoTest : public QObject
{
    Q_OBJECT

private slots:
    void botsAreAliveInTheDemoRooms();
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

QTEST_GUILESS_MAIN(DemoTest)
#include "tst_demo.moc"
