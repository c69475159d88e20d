// The client's other pure parts: heartbeat verdicts, typing throttle, room resume and gap fill.
#include "client/HeartbeatMonitor.h"
#include "client/RoomSync.h"
#include "client/TypingThrottle.h"

#include <QTest>

using namespace sb::client;
using Action = HeartbeatMonitor::Action;

class ClientLogicTest : public QObject
{
    Q_OBJECT

private slots:
    void heartbeatPingsEachInterval();
    void heartbeatGivesUpAfterThreeSilentIntervals();
    void anythingReceivedKeepsTheLinkAlive();
    void probeGivesUpSoonUnlessAnswered();
    void rttIsSmoothed();
    void typingIsSentAtMostEveryThreeSeconds();
    void typingStopsWhenIdleOrSent();
    void firstJoinStartsAtTheRoomsPresent();
    void resumeSendsSinceAndEpoch();
    void contiguousMessagesAdvanceTheWatermark();
    void aHoleIsFilledInPagesOfTwoHundred();
    void anUnfillableHoleIsSteppedOver();
    void anotherEpochResetsHistory();
};

void ClientLogicTest::heartbeatPingsEachInterval()
{
    HeartbeatMonitor monitor(1000);
    monitor.start(0);
    QCOMPARE(monitor.tick(999), Action::None);
    QCOMPARE(monitor.tick(1000), Action::SendPing);
    monitor.received(1001);
    QCOMPARE(monitor.tick(1500), Action::None);
    QCOMPARE(monitor.tick(2000), Action::SendPing);
}

void ClientLogicTest::heartbeatGivesUpAfterThreeSilentIntervals()
{
    HeartbeatMonitor monitor(15000, 2);
    QCOMPARE(monitor.deadAfterMs(), 45000); // a ghost is gone within 45 s
    monitor.start(0);
    QCOMPARE(monitor.tick(15000), Action::SendPing);
    QCOMPARE(monitor.tick(30000), Action::SendPing);
    QCOMPARE(monitor.tick(44999), Action::None);
    QCOMPARE(monitor.tick(45000), Action::GiveUp);
}

void ClientLogicTest::anythingReceivedKeepsTheLinkAlive()
{
    HeartbeatMonitor monitor(1000);
    monitor.start(0);
    for (qint64 t = 500; t < 20000; t += 500) {
        monitor.received(t);
        QVERIFY(monitor.tick(t) != Action::GiveUp);
    }
}

void ClientLogicTest::probeGivesUpSoonUnlessAnswered()
{
    HeartbeatMonitor monitor(15000);
    monitor.start(0);
    monitor.probe(1000, 5000);
    QCOMPARE(monitor.tick(5999), Action::None);
    QCOMPARE(monitor.tick(6000), Action::GiveUp);

    HeartbeatMonitor answered(15000);
    answered.start(0);
    answered.probe(1000, 5000);
    answered.received(1000); // the answer may come in the same millisecond
    QCOMPARE(answered.tick(7000), Action::None);
}

void ClientLogicTest::rttIsSmoothed()
{
    HeartbeatMonitor monitor(1000);
    QCOMPARE(monitor.rttMs(), -1);
    monitor.pong(0, 80);
    QCOMPARE(monitor.rttMs(), 80);
    monitor.pong(100, 100 + 160); // one slow sample moves the average by an eighth
    QCOMPARE(monitor.rttMs(), 90);
}

void ClientLogicTest::typingIsSentAtMostEveryThreeSeconds()
{
    TypingThrottle throttle;
    QVERIFY(throttle.keystroke("general", 0));
    QVERIFY(!throttle.keystroke("general", 1000));
    QVERIFY(!throttle.keystroke("general", 2999));
    QVERIFY(throttle.keystroke("general", 3000));
    QVERIFY(throttle.keystroke("random", 3000)); // rooms are independent
}

void ClientLogicTest::typingStopsWhenIdleOrSent()
{
    TypingThrottle throttle;
    throttle.keystroke("general", 0);
    throttle.keystroke("random", 0);
    throttle.keystroke("random", 2000);
    QCOMPARE(throttle.idle(4999), QStringList{});
    QCOMPARE(throttle.idle(5000), QStringList{"general"});
    QVERIFY(throttle.stopped("random"));
    QVERIFY(!throttle.stopped("random")); // only one active:false
    QVERIFY(!throttle.anyActive());
    QVERIFY(throttle.keystroke("general", 6000)); // typing again starts over at once
}

void ClientLogicTest::firstJoinStartsAtTheRoomsPresent()
{
    RoomSync sync("general");
    QCOMPARE(sync.joinPayload(), (QJsonObject{{"room", "general"}}));
    const auto outcome = sync.joined(42, "ep1");
    QVERIFY(outcome.loadRecent);
    QVERIFY(!outcome.historyReset);
    QCOMPARE(sync.watermark(), 42);
    QVERIFY(!sync.accept(42)); // history, not news
    QVERIFY(sync.accept(43));
    QCOMPARE(sync.watermark(), 43);
}

void ClientLogicTest::resumeSendsSinceAndEpoch()
{
    RoomSync sync("general", 17, "ep1");
    QCOMPARE(sync.joinPayload(), (QJsonObject{{"room", "general"}, {"since", 17}, {"epoch", "ep1"}}));
    const auto outcome = sync.joined(20, "ep1");
    QVERIFY(!outcome.loadRecent && !outcome.historyReset);
    QCOMPARE(sync.watermark(), 17); // 18..20 are on their way as a replay
}

void ClientLogicTest::contiguousMessagesAdvanceTheWatermark()
{
    RoomSync sync("r", 10, "e");
    QVERIFY(sync.accept(12));
    QCOMPARE(sync.watermark(), 10);
    QVERIFY(sync.hasHole());
    QVERIFY(sync.accept(11));
    QCOMPARE(sync.watermark(), 12);
    QVERIFY(!sync.hasHole());
    QVERIFY(!sync.accept(12)); // duplicate
    QVERIFY(!sync.accept(5));
}

void ClientLogicTest::aHoleIsFilledInPagesOfTwoHundred()
{
    RoomSync sync("r", 0, "e");
    QVERIFY(sync.accept(451)); // e.g. the first of a bounded replay with gap:true
    const auto first = sync.nextFill();
    QVERIFY(first.has_value());
    QCOMPARE(first->before, 451);
    QCOMPARE(first->limit, 200);
    QVERIFY(!sync.nextFill().has_value()); // one request at a time
    for (qint64 seq = 251; seq <= 450; ++seq)
        sync.accept(seq);
    sync.fillAnswered();
    const auto second = sync.nextFill();
    QCOMPARE(second->before, 251);
    QCOMPARE(second->limit, 200);
    for (qint64 seq = 51; seq <= 250; ++seq)
        sync.accept(seq);
    sync.fillAnswered();
    const auto third = sync.nextFill();
    QCOMPARE(third->limit, 50);
    for (qint64 seq = 1; seq <= 50; ++seq)
        sync.accept(seq);
    sync.fillAnswered();
    QCOMPARE(sync.watermark(), 451);
    QVERIFY(!sync.nextFill().has_value());
}

void ClientLogicTest::anUnfillableHoleIsSteppedOver()
{
    RoomSync sync("r", 3, "e");
    sync.accept(10);
    sync.accept(11);
    QVERIFY(sync.nextFill().has_value());
    sync.fillAnswered(); // the server had nothing for 4..9
    QCOMPARE(sync.watermark(), 11);
    QVERIFY(!sync.nextFill().has_value());
}

void ClientLogicTest::anotherEpochResetsHistory()
{
    RoomSync sync("r", 99, "old");
    const auto outcome = sync.joined(7, "new");
    QVERIFY(outcome.historyReset);
    QVERIFY(outcome.loadRecent);
    QCOMPARE(sync.watermark(), 7);
    QCOMPARE(sync.epoch(), QStringLiteral("new"));
}

QTEST_GUILESS_MAIN(ClientLogicTest)
#include "tst_clientlogic.moc"
