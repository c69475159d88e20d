// The client's other pure parts: heartbeat verdicts, typing throttle, room and DM resume, gap fill.
#include "client/HeartbeatMonitor.h"
#include "client/ConversationSync.h"
#include "client/TypingThrottle.h"

#include <QTest>

using namespace sb::client;
using Action = HeartbeatMonitor::Action;

namespace {
ChatMessage message(qint64 seq, const QString &conversation = QStringLiteral("r"))
{
    ChatMessage m;
    m.room = conversation;
    m.seq = seq;
    m.text = QStringLiteral("message %1").arg(seq);
    return m;
}

QList<qint64> seqs(const QList<ChatMessage> &messages)
{
    QList<qint64> result;
    for (const ChatMessage &m : messages)
        result.append(m.seq);
    return result;
}
} // namespace

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
    void heldMessagesComeOutInOrderOnce();
    void changesTakeTheirPlaceInTheStream();
    void directConversationFillsUpToTheWelcomesLastSeq();
    void newDirectConversationStartsRecentMessagesBack();
    void liveDirectMessagesKeepTheirPlaceWhenTheWelcomeNamesTheEpoch();
    void anotherDirectEpochResetsIt();
    void aDirectFillBelowLiveMessagesHoldsThemUntilItCloses();
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
    ConversationSync sync("general");
    QCOMPARE(sync.joinPayload(), (QJsonObject{{"room", "general"}}));
    const auto outcome = sync.joined(42, "ep1");
    QVERIFY(outcome.loadRecent);
    QVERIFY(!outcome.historyReset);
    QCOMPARE(sync.watermark(), 42);
    QVERIFY(!sync.accept(message(42))); // history, not news
    QVERIFY(sync.accept(message(43)));
    QCOMPARE(sync.watermark(), 43);
}

void ClientLogicTest::resumeSendsSinceAndEpoch()
{
    ConversationSync sync("general", 17, "ep1");
    QCOMPARE(sync.joinPayload(), (QJsonObject{{"room", "general"}, {"since", 17}, {"epoch", "ep1"}}));
    const auto outcome = sync.joined(20, "ep1");
    QVERIFY(!outcome.loadRecent && !outcome.historyReset);
    QCOMPARE(sync.watermark(), 17); // 18..20 are on their way as a replay
}

void ClientLogicTest::contiguousMessagesAdvanceTheWatermark()
{
    ConversationSync sync("r", 10, "e");
    QVERIFY(sync.accept(message(12)));
    QCOMPARE(sync.watermark(), 10);
    QVERIFY(sync.hasHole());
    QVERIFY(sync.accept(message(11)));
    QCOMPARE(sync.watermark(), 12);
    QVERIFY(!sync.hasHole());
    QVERIFY(!sync.accept(message(12))); // duplicate
    QVERIFY(!sync.accept(message(5)));
}

void ClientLogicTest::aHoleIsFilledInPagesOfTwoHundred()
{
    ConversationSync sync("r", 0, "e");
    QVERIFY(sync.accept(message(451))); // e.g. the first of a bounded replay with gap:true
    const auto first = sync.nextFill();
    QVERIFY(first.has_value());
    QCOMPARE(first->before, 451);
    QCOMPARE(first->limit, 200);
    QVERIFY(!sync.nextFill().has_value()); // one request at a time
    for (qint64 seq = 251; seq <= 450; ++seq)
        sync.accept(message(seq));
    sync.fillAnswered();
    const auto second = sync.nextFill();
    QCOMPARE(second->before, 251);
    QCOMPARE(second->limit, 200);
    for (qint64 seq = 51; seq <= 250; ++seq)
        sync.accept(message(seq));
    sync.fillAnswered();
    const auto third = sync.nextFill();
    QCOMPARE(third->limit, 50);
    for (qint64 seq = 1; seq <= 50; ++seq)
        sync.accept(message(seq));
    sync.fillAnswered();
    QCOMPARE(sync.watermark(), 451);
    QVERIFY(!sync.nextFill().has_value());
}

void ClientLogicTest::anUnfillableHoleIsSteppedOver()
{
    ConversationSync sync("r", 3, "e");
    sync.accept(message(10));
    sync.accept(message(11));
    QVERIFY(sync.nextFill().has_value());
    sync.fillAnswered(); // the server had nothing for 4..9
    QCOMPARE(sync.watermark(), 11);
    QVERIFY(!sync.nextFill().has_value());
}

void ClientLogicTest::anotherEpochResetsHistory()
{
    ConversationSync sync("r", 99, "old");
    const auto outcome = sync.joined(7, "new");
    QVERIFY(outcome.historyReset);
    QVERIFY(outcome.loadRecent);
    QCOMPARE(sync.watermark(), 7);
    QCOMPARE(sync.epoch(), QStringLiteral("new"));
}

void ClientLogicTest::heldMessagesComeOutInOrderOnce()
{
    ConversationSync sync("r", 10, "e");
    QVERIFY(sync.accept(message(13)));
    QVERIFY(sync.accept(message(12)));
    QVERIFY(sync.takeReady().isEmpty()); // 11 is missing: nothing may be shown out of order
    QVERIFY(!sync.accept(message(12)));
    QVERIFY(sync.accept(message(11)));
    QCOMPARE(seqs(sync.takeReady()), (QList<qint64>{11, 12, 13}));
    QVERIFY(sync.takeReady().isEmpty());
    QVERIFY(sync.accept(message(14)));
    QCOMPARE(seqs(sync.takeReady()), (QList<qint64>{14}));
}

void ClientLogicTest::changesTakeTheirPlaceInTheStream()
{
    // Seqs 11 (message), 12 (an edit of 11), 13 (message), 14 (a reaction to 13): a change has a
    // seq of its own, so it closes its hole like a message and waits for the hole below it.
    const auto changeAt = [](qint64 seq, qint64 target) {
        MessageChange c;
        c.room = "r";
        c.seq = seq;
        c.target = target;
        return c;
    };
    ConversationSync sync("r", 10, "e");
    QVERIFY(sync.accept(changeAt(14, 13)));
    QVERIFY(sync.accept(message(13)));
    QVERIFY(sync.accept(changeAt(12, 11)));
    QVERIFY(sync.takeReadyChanges().isEmpty()); // 11 is missing: its edit waits with the rest
    QVERIFY(!sync.accept(changeAt(12, 11)));    // a duplicate change
    QVERIFY(!sync.accept(message(12)));         // no message may take a change's seq twice
    QVERIFY(sync.accept(message(11)));
    QCOMPARE(sync.watermark(), 14);
    QVERIFY(!sync.hasHole());
    QCOMPARE(seqs(sync.takeReady()), (QList<qint64>{11, 13}));
    const QList<MessageChange> changes = sync.takeReadyChanges();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(0).seq, 12);
    QCOMPARE(changes.at(1).target, 13);
    QVERIFY(!sync.accept(changeAt(14, 13))); // below the watermark now

    // A hole of changes only (history pages hold no changes) is stepped over, as any other.
    QVERIFY(sync.accept(message(20)));
    QVERIFY(sync.nextFill().has_value());
    sync.fillAnswered();
    QCOMPARE(sync.watermark(), 20);
}

void ClientLogicTest::directConversationFillsUpToTheWelcomesLastSeq()
{
    ConversationSync sync("@bob", 4, "e");
    QVERIFY(sync.isDirect());
    QVERIFY(!sync.resumeDirect(9, "e", 200));
    QCOMPARE(sync.watermark(), 4);
    QVERIFY(sync.hasHole());
    const auto fill = sync.nextFill();
    QVERIFY(fill.has_value());
    QCOMPARE(fill->before, 10);
    QCOMPARE(fill->limit, 5);
    for (qint64 seq = 5; seq <= 9; ++seq)
        sync.accept(message(seq, "@bob"));
    sync.fillAnswered();
    QCOMPARE(seqs(sync.takeReady()), (QList<qint64>{5, 6, 7, 8, 9}));
    QVERIFY(!sync.hasHole());
    QVERIFY(!sync.nextFill().has_value());

    // Up to date already: nothing to ask.
    QVERIFY(!sync.resumeDirect(9, "e", 200));
    QVERIFY(!sync.nextFill().has_value());
}

void ClientLogicTest::newDirectConversationStartsRecentMessagesBack()
{
    ConversationSync sync("@bob");
    QVERIFY(!sync.resumeDirect(1000, "e", 200)); // new here: not a reset
    QCOMPARE(sync.watermark(), 800);
    QCOMPARE(sync.epoch(), QStringLiteral("e"));
    const auto fill = sync.nextFill();
    QCOMPARE(fill->before, 1001);
    QCOMPARE(fill->limit, 200);

    ConversationSync small("@carol");
    small.resumeDirect(3, "e", 200);
    QCOMPARE(small.watermark(), 0);
    QCOMPARE(small.nextFill()->limit, 3);
}

void ClientLogicTest::liveDirectMessagesKeepTheirPlaceWhenTheWelcomeNamesTheEpoch()
{
    // Bob's first DM arrived live, before any welcome named the conversation.
    ConversationSync sync("@bob");
    QVERIFY(sync.accept(message(1, "@bob")));
    QVERIFY(sync.accept(message(2, "@bob")));
    QCOMPARE(sync.watermark(), 2);
    QVERIFY(!sync.resumeDirect(5, "e", 200));
    QCOMPARE(sync.watermark(), 2);
    QCOMPARE(sync.epoch(), QStringLiteral("e"));
    QCOMPARE(sync.nextFill()->before, 6);
}

void ClientLogicTest::anotherDirectEpochResetsIt()
{
    ConversationSync sync("@bob", 50, "old");
    QVERIFY(sync.resumeDirect(3, "new", 200));
    QCOMPARE(sync.watermark(), 0);
    QCOMPARE(sync.epoch(), QStringLiteral("new"));
    QCOMPARE(sync.nextFill()->limit, 3);
}

void ClientLogicTest::aDirectFillBelowLiveMessagesHoldsThemUntilItCloses()
{
    ConversationSync sync("@bob", 2, "e");
    sync.resumeDirect(6, "e", 200);
    const auto fill = sync.nextFill(); // 3..6
    QVERIFY(fill.has_value());
    // A live DM overtakes the answer: held, not shown before 3..6.
    QVERIFY(sync.accept(message(7, "@bob")));
    QVERIFY(sync.takeReady().isEmpty());
    QVERIFY(!sync.nextFill().has_value()); // one request at a time
    // The server had only 5 and 6 for this guest (3 and 4 were someone else's): step over.
    sync.accept(message(5, "@bob"));
    sync.accept(message(6, "@bob"));
    sync.fillAnswered();
    QVERIFY(sync.takeReady().isEmpty());
    const auto again = sync.nextFill();
    QCOMPARE(again->before, 5);
    QCOMPARE(again->limit, 2);
    sync.fillAnswered();
    QCOMPARE(seqs(sync.takeReady()), (QList<qint64>{5, 6, 7}));
    QCOMPARE(sync.watermark(), 7);
}

QTEST_GUILESS_MAIN(ClientLogicTest)
#include "tst_clientlogic.moc"
