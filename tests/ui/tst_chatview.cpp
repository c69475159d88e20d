// ChatView and MessageDelegate on a real MessageListModel: row heights, the scroll rules (pinned
// to the bottom, anchored when history is inserted above, asking for older pages once), the
// Failed row's links, and that scrolling reuses cached layouts.
#include "ChatMessages.h"
#include "ChatViewFixture.h"
#include "MenuShot.h"
#include "models/MessageListModel.h"
#include "models/PresenceModel.h"
#include "models/RoomListModel.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"
#include "ui/chat/MessageDelegate.h"
#include "ui/chat/MessageMenu.h"
#include "ui/chat/PresenceView.h"
#include "ui/chat/RoomListView.h"
#include "ui/Theme.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDir>
#include <QGuiApplication>
#include <QListView>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTest>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace sb;
using client::ChatMessage;
using client::DeliveryState;
using models::MessageListModel;
using ui::ChatView;
using ui::MessageRowLayout;

namespace {

const qint64 Base = QDateTime(QDate(2024, 3, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch();
constexpr qint64 Minute = 60 * 1000;

ChatMessage msg(qint64 seq, const QString &from, const QString &text, qint64 ts)
{
    return sb::test::chatMessage("general", seq, from, text, ts);
}

// `count` messages from alternating authors, seq from `firstSeq`, a minute apart.
QList<ChatMessage> batch(qint64 firstSeq, int count)
{
    QList<ChatMessage> list;
    for (int i = 0; i < count; ++i) {
        const qint64 seq = firstSeq + i;
        list << msg(seq, (seq / 3) % 2 ? "alice" : "bob",
            QString("message number %1 with a few words to wrap").arg(seq), Base + seq * Minute);
    }
    return list;
}

using Fixture = sb::test::ChatViewFixture<>;

} // namespace

class TestChatView : public QObject
{
    Q_OBJECT

private slots:
    void rowHeightsFollowGroupingAndDayBreaks();
    void newMessagesLineStartsAFreshHeader();
    void emptyStateShowsWithoutMessages();
    void dragSelectsPartOfAMessage();
    void staysAtBottomWhenNewMessagesArrive();
    void keepsReadingPositionWhenScrolledUp();
    void asksForOlderMessagesOnceNearTheTop();
    void failedRowLinksEmitRetryAndDiscard();
    void deliveryChangeResizesTheRow();
    void scrollingReusesCachedLayouts();
    void scrollToSeqHighlightsTheRow();
    void headerAndTypingLine();
    void dayLabels();
    void typedLineBreaksStayLineBreaks();
    void messageMenuCopiesAndMentions();
    void messageMenuOpensFromMouseAndKeyboard();
    void renderScreenshots(); // only with SB_SCREENSHOT_DIR set
};

void TestChatView::rowHeightsFollowGroupingAndDayBreaks()
{
    Fixture f;
    f.model.addMessages({msg(1, "alice", "hello", Base), // day break + header
        msg(2, "alice", "same author, a minute later", Base + Minute), // grouped
        msg(3, "bob", "another author", Base + 2 * Minute), // header
        msg(4, "bob", "next day", Base + 24 * 60 * Minute)}); // day break + header
    QTRY_VERIFY(f.rowHeight(3) > 0);
    QVERIFY(f.model.data(f.model.index(1), MessageListModel::GroupedWithPreviousRole).toBool());
    QVERIFY(f.rowHeight(1) < f.rowHeight(2)); // grouped shorter than ungrouped
    QVERIFY(f.rowHeight(0) > f.rowHeight(2)); // the day line adds height
    QCOMPARE(f.rowHeight(3), f.rowHeight(0));
    QVERIFY(f.rowHeight(1) >= f.list()->fontMetrics().height());
    QCOMPARE(f.list()->visualRect(f.model.index(0)).width(), f.list()->viewport()->width());

    // A long message wraps to the width instead of running off the edge.
    f.model.addMessages({msg(5, "bob", QString("word ").repeated(200), Base + 24 * 60 * Minute + 1)});
    QTRY_VERIFY(f.rowHeight(4) > 8 * f.rowHeight(1));
    QCOMPARE(f.list()->horizontalScrollBar()->maximum(), 0);
}

void TestChatView::newMessagesLineStartsAFreshHeader()
{
    // Alice's run of three, read up to the first: the line sits above the second, which shows
    // her name and time again instead of hanging headless under the line.
    Fixture f;
    f.model.addMessages({ msg(1, "alice", "one", Base), msg(2, "alice", "two", Base + 1000),
        msg(3, "alice", "three", Base + 2000) });
    f.model.setLastRead(1);
    QTRY_VERIFY(f.rowHeight(2) > 0);
    const QFont font = f.list()->font();
    const int width = f.list()->viewport()->width();
    const MessageRowLayout underLine(MessageRowLayout::Message::fromIndex(f.model.index(1)), font, width);
    const MessageRowLayout below(MessageRowLayout::Message::fromIndex(f.model.index(2)), font, width);
    QVERIFY(!underLine.timeRect().isEmpty()); // a header: name, time and avatar
    QVERIFY(below.timeRect().isEmpty()); // the run goes on under it
    QVERIFY(f.rowHeight(1) > f.rowHeight(2) + below.height() / 2);
}

void TestChatView::dragSelectsPartOfAMessage()
{
    Fixture f;
    f.model.addMessages({ msg(1, "alice", "the quick brown fox", Base),
        msg(2, "bob", "second line\nwith a break", Base + Minute) });
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QTRY_VERIFY(f.rowHeight(1) > 0);
    ui::MessageDelegate *delegate = f.view.delegate();
    QWidget *viewport = f.list()->viewport();
    const QModelIndex first = f.model.index(0);
    const auto at = [&](const QModelIndex &index, int position) {
        return delegate->textPoint(f.list(), index, position);
    };
    // A move with the left button held (QTest::mouseMove sends no buttons).
    const auto dragTo = [viewport](const QPoint &pos) {
        QMouseEvent move(QEvent::MouseMove, pos, viewport->mapToGlobal(pos), Qt::NoButton,
            Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &move);
    };
    const QImage before = viewport->grab().toImage();

    // Press before "quick", drag to after it: those characters, highlighted.
    QTest::mousePress(viewport, Qt::LeftButton, {}, at(first, 4));
    dragTo(at(first, 9));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at(first, 9));
    QCOMPARE(f.view.selectedText(), QString("quick"));
    QVERIFY(viewport->grab().toImage() != before);
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(f.list(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("quick"));

    // Dragged past the text's end: up to its last character; backwards works too.
    QTest::mousePress(viewport, Qt::LeftButton, {}, at(first, 10));
    dragTo(at(first, 10) + QPoint(0, 200));
    QCOMPARE(f.view.selectedText(), QString("brown fox"));
    dragTo(at(first, 0));
    QCOMPARE(f.view.selectedText(), QString("the quick "));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at(first, 0));

    // A double-click takes a word; a typed line break comes back as one.
    const QModelIndex second = f.model.index(1);
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, at(second, 2));
    QCOMPARE(f.view.selectedText(), QString("second"));
    QTest::mousePress(viewport, Qt::LeftButton, {}, at(second, 7));
    dragTo(at(second, 16));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at(second, 16));
    QCOMPARE(f.view.selectedText(), QString("line\nwith"));

    // A click away from any text drops the selection.
    QTest::mouseClick(viewport, Qt::LeftButton, {}, QPoint(4, viewport->height() - 4));
    QCOMPARE(f.view.selectedText(), QString());
}

void TestChatView::emptyStateShowsWithoutMessages()
{
    Fixture f;
    QVERIFY(f.view.isEmptyStateVisible());
    f.model.addMessages({msg(1, "alice", "hi", Base)});
    QVERIFY(!f.view.isEmptyStateVisible());
    f.model.setConversation("random"); // reset
    QVERIFY(f.view.isEmptyStateVisible());
}

void TestChatView::staysAtBottomWhenNewMessagesArrive()
{
    Fixture f;
    f.model.addMessages(batch(1, 60));
    QTRY_VERIFY(f.settledAtBottom());

    const int before = f.bar()->maximum();
    f.model.addMessages(batch(61, 3));
    QTRY_VERIFY(f.bar()->maximum() > before);
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
    QVERIFY(f.view.isAtBottom());

    // The user's own message goes to the bottom and stays in view too.
    ChatMessage own = msg(0, "me", "on its way", Base + 100 * Minute);
    own.clientId = "c1";
    const int beforeOwn = f.bar()->maximum();
    QVERIFY(f.model.addPending(own));
    QTRY_VERIFY(f.bar()->maximum() > beforeOwn);
    QTRY_COMPARE(f.bar()->value(), f.bar()->maximum());
}

void TestChatView::keepsReadingPositionWhenScrolledUp()
{
    Fixture f;
    f.model.addMessages(batch(1001, 200));
    QTRY_VERIFY(f.settledAtBottom());

    f.bar()->setValue(f.bar()->maximum() / 2);
    const QModelIndex anchor = f.list()->indexAt(QPoint(10, 0));
    QVERIFY(anchor.isValid());
    const QPersistentModelIndex kept(anchor);
    const int top = f.list()->visualRect(kept).top();

    // New messages below: nothing moves.
    const int value = f.bar()->value();
    const int max = f.bar()->maximum();
    f.model.addMessages(batch(1201, 5));
    QTRY_VERIFY(f.bar()->maximum() > max);
    QCOMPARE(f.bar()->value(), value);
    QVERIFY(!f.view.isAtBottom());

    // A page of history above: the message being read stays where it was on screen.
    f.model.addMessages(batch(901, 100));
    QTRY_VERIFY(f.bar()->value() > value);
    QCOMPARE(kept.row(), anchor.row() + 100);
    QCOMPARE(f.list()->visualRect(kept).top(), top);
}

void TestChatView::asksForOlderMessagesOnceNearTheTop()
{
    Fixture f;
    QSignalSpy older(&f.view, &ChatView::olderMessagesWanted);
    f.model.addMessages(batch(5001, 300));
    QTRY_VERIFY(f.settledAtBottom());
    QVERIFY(f.bar()->maximum() > 6 * f.list()->viewport()->height());
    QCOMPARE(older.count(), 0); // far from the top

    f.bar()->setValue(f.bar()->maximum() / 2);
    QCOMPARE(older.count(), 0);
    f.bar()->setValue(0);
    QCOMPARE(older.count(), 1);
    f.bar()->setValue(20);
    f.bar()->setValue(0);
    QCOMPARE(older.count(), 1); // once, until rows arrive

    // The page arrives and the view keeps the reader in place, still near the top: ask again.
    f.model.addMessages(batch(4991, 10));
    QTRY_COMPARE(older.count(), 2);

    // A reset starts over: a short conversation that fits on screen asks right away.
    f.model.setConversation("random");
    ChatMessage other = msg(1, "alice", "hello", Base);
    other.room = "random";
    f.model.addMessages({other});
    QTRY_COMPARE(older.count(), 3);
}

void TestChatView::failedRowLinksEmitRetryAndDiscard()
{
    Fixture f;
    f.model.addMessages(batch(1, 3));
    ChatMessage own = msg(0, "me", "this one will fail", Base + 10 * Minute);
    own.clientId = "client-42";
    QVERIFY(f.model.addPending(own));
    const QModelIndex failed = f.model.index(3);
    QTRY_VERIFY(f.rowHeight(3) > 0);
    QVERIFY(f.view.delegate()->linkRect(f.list(), failed, MessageRowLayout::Link::Retry).isEmpty());

    QVERIFY(f.model.setDelivery("client-42", DeliveryState::Failed, "rate limited"));
    QRect retry;
    QTRY_VERIFY(!(retry = f.view.delegate()->linkRect(f.list(), failed,
                      MessageRowLayout::Link::Retry)).isEmpty());
    QTRY_VERIFY(f.list()->visualRect(failed).contains(retry));

    QSignalSpy retrySpy(&f.view, &ChatView::retryRequested);
    QSignalSpy discardSpy(&f.view, &ChatView::discardRequested);
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {}, retry.center());
    QCOMPARE(retrySpy.count(), 1);
    QCOMPARE(retrySpy.at(0).at(0).toString(), QString("client-42"));
    QCOMPARE(discardSpy.count(), 0);

    const QRect discard =
        f.view.delegate()->linkRect(f.list(), failed, MessageRowLayout::Link::Discard);
    QVERIFY(discard.left() > retry.right());
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {}, discard.center());
    QCOMPARE(discardSpy.count(), 1);
    QCOMPARE(discardSpy.at(0).at(0).toString(), QString("client-42"));

    // Clicking the message text does neither.
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {},
        f.list()->visualRect(failed).topLeft() + QPoint(80, 4));
    QCOMPARE(retrySpy.count() + discardSpy.count(), 2);
}

void TestChatView::messageMenuCopiesAndMentions()
{
    Fixture f;
    ui::MessageMenu menus(&f.view);
    ui::Composer composer;
    composer.setConversationName("general");
    composer.setText("thanks");
    QObject::connect(&menus, &ui::MessageMenu::mentionRequested, &composer, &ui::Composer::insertMention);
    f.model.addMessages({msg(41, "alice", "NVDA looks strong", Base)});

    QMenu *menu = menus.menuFor(f.model.index(0));
    QVERIFY(menu);
    sb::test::saveMenuShot(menu, "menu-message");
    const auto action = [&](const char *name) { return menu->findChild<QAction *>(name); };
    for (const char *name : {"copyText", "copyLink", "replyMention", "copyAuthor"})
        QVERIFY2(action(name) && action(name)->isEnabled(), name);

    QVERIFY(!action("copySelection")); // nothing selected
    action("copyText")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("NVDA looks strong"));
    f.view.delegate()->setTextSelection(f.model.index(0), 5, 10); // "looks", as a drag leaves it
    QMenu *withSelection = menus.menuFor(f.model.index(0));
    QAction *copySelection = withSelection->findChild<QAction *>("copySelection");
    QVERIFY(copySelection);
    QCOMPARE(withSelection->actions().first(), copySelection);
    copySelection->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("looks"));
    f.view.delegate()->clearTextSelection();
    menu = menus.menuFor(f.model.index(0));
    QVERIFY(action("showInHistory") && action("showInHistory")->isEnabled());
    action("showInHistory")->trigger();
    QVERIFY(f.list()->selectionModel()->isSelected(f.model.index(0))); // highlighted in place
    f.list()->clearSelection();
    menu = menus.menuFor(f.model.index(0));
    action("copyLink")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("switchboard://general/41"));
    action("copyAuthor")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("alice"));
    action("replyMention")->trigger();
    QCOMPARE(composer.text(), QString("thanks @alice "));
    delete menu;

    // An unsent own message has no seq yet, so no link; and nobody replies to themselves.
    ChatMessage own = msg(0, "me", "pending", Base + Minute);
    own.clientId = "c1";
    QVERIFY(f.model.addPending(own));
    menu = menus.menuFor(f.model.index(1));
    QVERIFY(!action("copyLink")->isEnabled());
    QVERIFY(!action("replyMention")->isEnabled());
    delete menu;
}

void TestChatView::messageMenuOpensFromMouseAndKeyboard()
{
    Fixture f;
    ui::MessageMenu menus(&f.view);
    f.model.addMessages(batch(1, 3));
    QTRY_VERIFY(f.rowHeight(2) > 0);
    const QRect row = f.list()->visualRect(f.model.index(1));

    QContextMenuEvent mouse(QContextMenuEvent::Mouse, row.center(), f.list()->viewport()->mapToGlobal(row.center()));
    QApplication::sendEvent(f.list()->viewport(), &mouse);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    QApplication::activePopupWidget()->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());

    // The Menu key / Shift+F10: about the current row, wherever the mouse is.
    f.list()->setCurrentIndex(f.model.index(2));
    QContextMenuEvent key(QContextMenuEvent::Keyboard, QPoint(-1, -1), QPoint(0, 0));
    QApplication::sendEvent(f.list(), &key);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    menu->findChild<QAction *>("copyText")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), f.model.index(2).data().toString());
    menu->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());

    // Shift+F10, the other keyboard way in.
    f.view.activateWindow();
    f.list()->setFocus();
    QVERIFY(QTest::qWaitForWindowActive(&f.view));
    QTest::keyClick(f.list(), Qt::Key_F10, Qt::ShiftModifier);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    QApplication::activePopupWidget()->close();
}

void TestChatView::deliveryChangeResizesTheRow()
{
    Fixture f;
    ChatMessage own = msg(0, "me", "pending for now", Base);
    own.clientId = "c7";
    QVERIFY(f.model.addPending(own));
    QTRY_VERIFY(f.rowHeight(0) > 0);
    const int pendingHeight = f.rowHeight(0);

    // The cached height is dropped with dataChanged: the Failed line makes the row taller...
    f.model.setDelivery("c7", DeliveryState::Failed, "server refused");
    QTRY_VERIFY(f.rowHeight(0) > pendingHeight);
    // ...and the confirmed message (new identity: its seq) is back to one line.
    ChatMessage acked = own;
    acked.seq = 1;
    f.model.addMessages({acked});
    QTRY_COMPARE(f.rowHeight(0), pendingHeight);
}

void TestChatView::scrollingReusesCachedLayouts()
{
    Fixture f;
    f.model.addMessages(batch(1, 5000));
    QTRY_VERIFY(f.settledAtBottom());
    QCoreApplication::processEvents();
    const int laidOut = f.view.delegate()->layoutCount();
    QVERIFY(laidOut >= 5000); // every row measured once for the first layout...

    // ...then scrolling through all of it wraps only what comes into view, never every row.
    for (int value = f.bar()->maximum(); value >= 0; value -= f.bar()->maximum() / 10) {
        f.bar()->setValue(value);
        f.list()->viewport()->repaint();
    }
    f.bar()->setValue(0);
    f.list()->viewport()->repaint();
    QVERIFY2(f.view.delegate()->layoutCount() - laidOut < 500,
        qPrintable(QString::number(f.view.delegate()->layoutCount() - laidOut)));

    // A new message at the end measures one row (and its neighbour), not 5000.
    const int beforeAppend = f.view.delegate()->layoutCount();
    f.model.addMessages(batch(5001, 1));
    QTRY_COMPARE(f.model.rowCount(), 5001);
    QTRY_VERIFY(f.list()->visualRect(f.model.index(5000)).height() > 0);
    QVERIFY(f.view.delegate()->layoutCount() - beforeAppend < 50);
}

void TestChatView::scrollToSeqHighlightsTheRow()
{
    Fixture f;
    f.model.addMessages(batch(1, 200));
    QTRY_VERIFY(f.settledAtBottom());
    QVERIFY(!f.view.scrollToSeq(9999));
    QVERIFY(f.view.scrollToSeq(20));
    const QModelIndex index = f.model.index(f.model.rowForSeq(20));
    QVERIFY(f.list()->selectionModel()->isSelected(index));
    QTRY_VERIFY(f.list()->viewport()->rect().intersects(f.list()->visualRect(index)));
    QVERIFY(!f.view.isAtBottom());

    // New messages do not drag the reader away from the search hit.
    const int value = f.bar()->value();
    f.model.addMessages(batch(201, 2));
    QTRY_COMPARE(f.model.rowCount(), 202);
    QCOMPARE(f.bar()->value(), value);
}

void TestChatView::headerAndTypingLine()
{
    Fixture f;
    f.view.setHeader("#markets", "14 online · prices and chatter");
    QCOMPARE(f.view.headerTitle(), QString("#markets"));
    QCOMPARE(f.view.headerSubtitle(), QString("14 online · prices and chatter"));

    models::PresenceModel presence;
    presence.setTyping("alice", true);
    f.view.setTypingText(presence.typingText());
    QCOMPARE(f.view.typingText(), QString("alice is typing…"));
    const int listHeight = f.list()->height();
    f.view.setTypingText({});
    QCoreApplication::processEvents();
    QCOMPARE(f.list()->height(), listHeight); // its space is kept: the list does not jump
}

void TestChatView::dayLabels()
{
    const QDate today(2024, 3, 14);
    QCOMPARE(MessageRowLayout::dayLabel(today, today), QString("Today"));
    QCOMPARE(MessageRowLayout::dayLabel(today.addDays(-1), today), QString("Yesterday"));
    QCOMPARE(MessageRowLayout::dayLabel(today.addDays(-2), today),
        QLocale().toString(today.addDays(-2), QLocale::LongFormat));
}


namespace {

// A realistic morning in #markets, for looking at the widgets rather than testing them.
void fillConversation(MessageListModel &model)
{
    const QDate today = QDate::currentDate();
    const auto at = [](const QDate &day, int h, int m) {
        return QDateTime(day, QTime(h, m)).toMSecsSinceEpoch();
    };
    const QDate yesterday = today.addDays(-1);
    struct Line { const char *from; const char *text; int h, m; bool today; };
    const Line lines[] = {
        {"carol", "closing bell — NVDA held 475 all afternoon", 16, 2, false},
        {"dave", "see you all tomorrow", 16, 5, false},
        {"alice", "morning! anyone watching NVDA?", 9, 12, true},
        {"alice", "it just broke 480", 9, 12, true},
        {"bob", "yep, volume is huge. @sam did you get your fill?", 9, 14, true},
        {"sam", "bought 50 at 479.80", 9, 15, true},
        {"sam", "stop at 472, not risking more than that today", 9, 15, true},
        {"carol", "careful: CPI comes out at 10:30 and the last two prints moved the whole "
                  "market by more than a percent within minutes. I'd rather wait for it.", 9, 20, true},
        {"dave", "fair", 9, 21, true},
        {"alice", "AAPL looks weak, down 0.4% pre-market", 9, 31, true},
        {"alice", "supplier news out of Taiwan", 9, 31, true},
        {"erin", "link?", 9, 33, true},
        {"alice", "it's on the wire, give me a sec", 9, 34, true},
        {"bob", "TSLA gapping up again", 9, 40, true},
        {"bob", "third day in a row", 9, 41, true},
        {"carol", "that's momentum money, it reverses by lunch", 9, 42, true},
        {"dave", "@sam you still long NVDA?", 9, 48, true},
        {"sam", "yes, half size", 9, 50, true},
        {"erin", "chart in the dock shows the 5m candles nicely btw", 9, 55, true},
        {"alice", "CPI in 30 minutes, everyone flat?", 10, 0, true},
        {"bob", "flat", 10, 1, true},
        {"carol", "flat and caffeinated", 10, 1, true},
        {"dave", "holding a small hedge", 10, 3, true},
        {"erin", "same", 10, 3, true},
        {"alice", "here we go", 10, 30, true},
    };
    QList<ChatMessage> messages;
    qint64 seq = 100;
    for (const Line &l : lines) {
        ChatMessage m = msg(++seq, l.from, l.text, at(l.today ? today : yesterday, l.h, l.m));
        m.room = "markets";
        messages << m;
    }
    model.addMessages(messages);
    model.setLastRead(119); // the last few are new
    const auto own = [&](const char *id, const char *text, int minute, DeliveryState state,
                         const char *error = "") {
        ChatMessage m = msg(0, "sam", text, at(today, 10, minute));
        m.room = "markets";
        m.clientId = id;
        m.delivery = state;
        model.addPending(m);
        model.setDelivery(id, state, error);
    };
    own("c1", "buying the dip", 31, DeliveryState::Sent);
    own("c2", "and adding on the retest", 31, DeliveryState::Pending);
    own("c3", "this order is going to be way too big, ignore me", 32, DeliveryState::Failed,
        "rate limited, slow down");
}

void fillRooms(models::RoomListModel &rooms, models::PresenceModel &people)
{
    rooms.setCurrent("markets");
    rooms.setRooms({{"general", 40, 0}, {"markets", 14, 0}, {"random", 22, 0},
        {"design-reviews-and-long-names", 5, 0}});
    rooms.addConversation("@bob", models::RoomListModel::DirectKind);
    rooms.addConversation("@carol", models::RoomListModel::DirectKind);
    rooms.addConversation("@zoe", models::RoomListModel::DirectKind);
    const auto note = [&](const char *room, qint64 seq, bool mention) {
        ChatMessage m = msg(seq, "alice", "hi", Base + seq);
        m.room = room;
        rooms.noteMessage(m, false, mention);
    };
    note("general", 1, false);
    note("general", 2, false);
    note("random", 1, true);
    for (int i = 1; i <= 120; ++i)
        note("design-reviews-and-long-names", i, false);
    note("@bob", 1, false);
    people.setSnapshot("markets", {{"alice", "online"}, {"bob", "online"}, {"carol", "away"},
        {"dave", "busy"}, {"erin", "offline"}, {"sam", "online"}});
    people.setTyping("bob", true);
}

} // namespace

void TestChatView::typedLineBreaksStayLineBreaks()
{
    // Shift+Enter in the composer puts a '\n' in the text: it must show as a second line, not
    // vanish between "note" and "line" ("noteline").
    const QFont font = QApplication::font();
    MessageRowLayout::Message twoLines;
    twoLines.author = "bob";
    twoLines.text = "first line\nsecond line";
    twoLines.timestamp = QDateTime::fromMSecsSinceEpoch(Base);
    MessageRowLayout::Message oneLine = twoLines;
    oneLine.text = "first line second line";
    const MessageRowLayout broken(twoLines, font, 600);
    const MessageRowLayout flat(oneLine, font, 600);
    QVERIFY(broken.height() - flat.height() >= QFontMetrics(font).ascent()); // one more line
}

void TestChatView::renderScreenshots()
{
    const QString dir = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set SB_SCREENSHOT_DIR to render the chat widgets to PNGs");
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(*app, mode);
        MessageListModel messages;
        messages.setOwnUser("sam");
        messages.setConversation("markets");
        fillConversation(messages);
        models::RoomListModel rooms;
        models::PresenceModel people;
        fillRooms(rooms, people);

        QSplitter window;
        auto *side = new QSplitter(Qt::Vertical, &window);
        auto *roomView = new ui::RoomListView(side);
        roomView->setModel(&rooms);
        roomView->setPresenceModel(&people);
        auto *peopleView = new ui::PresenceView(side);
        peopleView->setModel(&people);
        side->setSizes({380, 300});
        auto *centre = new QWidget(&window);
        auto *layout = new QVBoxLayout(centre);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        auto *chat = new ChatView(centre);
        chat->setModel(&messages);
        chat->setHeader("#markets", "5 online · prices, charts and chatter");
        chat->setTypingText(people.typingText());
        auto *composer = new ui::Composer(centre);
        composer->setConversationName("markets");
        layout->addWidget(chat, 1);
        layout->addWidget(composer);
        window.setSizes({240, 760});
        window.resize(1000, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(chat->isAtBottom());
        QCoreApplication::processEvents(); // the delayed item layout, before the picture
        const QString name = ui::Theme::modeName(mode);
        QVERIFY(window.grab().save(QDir(dir).filePath("chat-" + name + ".png")));
        chat->listView()->verticalScrollBar()->setValue(0); // the day lines, from the top
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(QDir(dir).filePath("chat-top-" + name + ".png")));

        // The empty states, in the same palette.
        MessageListModel none;
        models::RoomListModel noRooms;
        chat->setModel(&none);
        roomView->setModel(&noRooms);
        composer->setConversationName({});
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(QDir(dir).filePath("chat-empty-" + name + ".png")));
    }
}

QTEST_MAIN(TestChatView)
#include "tst_chatview.moc"
