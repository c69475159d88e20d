// The Notifier's coalescing: one notice per conversation for a burst, counted on while the
// notification is shown, started again once it was closed; the wording of each notice.
#include "ui/notifications/NoticeBoard.h"

#include <QTest>

using sb::client::ChatMessage;
using sb::ui::NoticeBoard;

namespace {
ChatMessage message(const QString &room, const QString &from, const QString &text)
{
    return{room, 1, from, text, 1000, {}, sb::client::DeliveryState::Acked, {}};
}
} // namespace

class NoticeBoardTest : public QObject
{
    Q_OBJECT

private slots:
    void oneMessageIsSaidAsItIs();
    void aBurstIsOneNoticePerConversationInArrivalOrder();
    void countsOnWhileShownAndAfreshOnceClosed();
    void messagesPendingWhenClosedMakeTheNextNotice();
    void clearForgetsEverything();
};

void NoticeBoardTest::oneMessageIsSaidAsItIs()
{
    NoticeBoard board;
    board.add(message("@bob", "bob", "hi"), true);
    board.add(message("general", "carol", "@alice hi"), false);
    const auto notices = board.takeChanged();
    QCOMPARE(notices.size(), 2);
    QCOMPARE(notices[0].summary, QStringLiteral("bob (direct message)"));
    QCOMPARE(notices[0].body, QStringLiteral("hi"));
    QCOMPARE(notices[1].summary, QStringLiteral("carol in #general"));
    QCOMPARE(notices[1].count, 1);
    QVERIFY(!board.hasChanges());
    QVERIFY(board.takeChanged().isEmpty());
}

void NoticeBoardTest::aBurstIsOneNoticePerConversationInArrivalOrder()
{
    NoticeBoard board;
    for (int i = 1; i <= 200; ++i) {
        board.add(message("@bob", "bob", QString("dm %1").arg(i)), true);
        if (i % 50 == 0)
            board.add(message("random", "dave", "@alice"), false);
    }
    const auto notices = board.takeChanged();
    QCOMPARE(notices.size(), 2);
    QCOMPARE(notices[0].conversation, QStringLiteral("@bob"));
    QCOMPARE(notices[0].count, 200);
    QCOMPARE(notices[0].body, QStringLiteral("200 new messages\ndm 200"));
    QCOMPARE(notices[1].count, 4);
}

void NoticeBoardTest::countsOnWhileShownAndAfreshOnceClosed()
{
    NoticeBoard board;
    board.add(message("@bob", "bob", "one"), true);
    board.takeChanged();
    board.add(message("@bob", "bob", "two"), true);
    QCOMPARE(board.takeChanged().value(0).body, QStringLiteral("2 new messages\ntwo"));
    board.dismiss("@bob");
    board.add(message("@bob", "bob", "three"), true);
    QCOMPARE(board.takeChanged().value(0).body, QStringLiteral("three"));
}

void NoticeBoardTest::messagesPendingWhenClosedMakeTheNextNotice()
{
    NoticeBoard board;
    board.add(message("@bob", "bob", "one"), true);
    board.takeChanged();
    board.add(message("@bob", "bob", "two"), true);
    board.add(message("@bob", "bob", "three"), true);
    board.dismiss("@bob"); // closed before the burst was shown
    const auto notices = board.takeChanged();
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices[0].count, 2);
    QCOMPARE(notices[0].body, QStringLiteral("2 new messages\nthree"));
}

void NoticeBoardTest::clearForgetsEverything()
{
    NoticeBoard board;
    board.add(message("@bob", "bob", "one"), true);
    board.clear();
    QVERIFY(!board.hasChanges());
    board.add(message("@bob", "bob", "two"), true);
    QCOMPARE(board.takeChanged().value(0).count, 1);
}

QTEST_GUILESS_MAIN(NoticeBoardTest)
#include "tst_noticeboard.moc"
