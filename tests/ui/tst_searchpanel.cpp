// SearchPanel over a model with the search roles (room, seq, author, timestamp, snippet,
// conversation): the query goes out once typing pauses, the empty list says what is going on,
// the server's highlight markers are drawn bold, Enter and clicks emit the hit, Ctrl+Shift+F
// opens it.
#include "MenuShot.h"
#include "ui/chat/SearchPanel.h"
#include "ui/chat/SearchResultDelegate.h"
#include "ui/chat/SearchSnippet.h"

#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using sb::ui::SearchPanel;
using sb::ui::SearchSnippet;

namespace {

enum Role { RoomRole = Qt::UserRole + 1, SeqRole, AuthorRole, TimestampRole, SnippetRole, ConversationRole };

// What the client core's SearchModel offers, as a test fills it: the roles by name.
class Hits : public QStandardItemModel
{
public:
    Hits()
    {
        setItemRoleNames({{RoomRole, "room"}, {SeqRole, "seq"}, {AuthorRole, "author"},
            {TimestampRole, "timestamp"}, {SnippetRole, "snippet"}, {ConversationRole, "conversation"}});
    }
    void answer(const QList<QStringList> &hits) // {conversation, seq, author, snippet}
    {
        clear();
        for (const QStringList &hit : hits) {
            auto *item = new QStandardItem;
            const bool direct = hit.at(0).startsWith('@');
            item->setData(direct ? QString() : hit.at(0), RoomRole);
            item->setData(hit.at(0), ConversationRole);
            item->setData(hit.at(1).toLongLong(), SeqRole);
            item->setData(hit.at(2), AuthorRole);
            item->setData(QDateTime(QDate(2024, 3, 14), QTime(10, 32)), TimestampRole);
            item->setData(hit.at(3), SnippetRole);
            appendRow(item);
        }
    }
};

const QString S = QString(SearchSnippet::HighlightStart);
const QString E = QString(SearchSnippet::HighlightEnd);

struct Fixture
{
    Hits hits;
    SearchPanel panel;
    QSignalSpy queries {&panel, &SearchPanel::queryChanged};
    QSignalSpy activated {&panel, &SearchPanel::resultActivated};

    Fixture()
    {
        panel.setModel(&hits);
        panel.resize(480, 400);
        panel.show();
        panel.queryField()->setFocus();
    }
    QLineEdit *field() const { return panel.queryField(); }
    QListView *list() const { return panel.results(); }
};

} // namespace

class TestSearchPanel : public QObject
{
    Q_OBJECT

private slots:
    void snippetMarkersBecomeBoldRanges();
    void queryGoesOutOnceTypingPauses();
    void emptyStatesSayWhatIsGoingOn();
    void highlightedWordsAreDrawnBold();
    void enterAndClickActivateAHit();
    void ctrlShiftFOpensIt();
    void worksWithAModelWithoutConversationRole();
};

void TestSearchPanel::snippetMarkersBecomeBoldRanges()
{
    const SearchSnippet s = SearchSnippet::parse("The quarterly " + S + "report" + E + " is " + S + "ready" + E);
    QCOMPARE(s.text, QString("The quarterly report is ready"));
    QCOMPARE(s.highlights, QList<SearchSnippet::Range>({{14, 6}, {24, 5}}));
    // A marker left open runs to the end; a stray end is dropped; no control character is drawn.
    const SearchSnippet odd = SearchSnippet::parse(E + "a " + S + "b\nc");
    QCOMPARE(odd.text, QString("a b c"));
    QCOMPARE(odd.highlights, QList<SearchSnippet::Range>({{2, 3}}));
    QVERIFY(SearchSnippet::parse(S + E).highlights.isEmpty());
}

void TestSearchPanel::queryGoesOutOnceTypingPauses()
{
    Fixture f;
    QTest::keyClicks(f.field(), "nvda rep");
    QCOMPARE(f.queries.count(), 0); // not on every key
    QVERIFY(f.queries.wait());
    QCOMPARE(f.queries.count(), 1);
    QCOMPARE(f.queries.at(0).at(0).toString(), QString("nvda rep"));
    QCOMPARE(f.panel.state(), SearchPanel::State::Searching);

    // The same words again (a trailing space) ask nothing new.
    QTest::keyClick(f.field(), Qt::Key_Space);
    QVERIFY(!f.queries.wait(3 * SearchPanel::DebounceMs));
    QCOMPARE(f.queries.count(), 1);

    // Enter does not wait for the pause.
    QTest::keyClick(f.field(), Qt::Key_Backspace);
    QTest::keyClicks(f.field(), "ort");
    QTest::keyClick(f.field(), Qt::Key_Return);
    QCOMPARE(f.queries.count(), 2);
    QCOMPARE(f.queries.at(1).at(0).toString(), QString("nvda report"));
    QVERIFY(!f.queries.wait(3 * SearchPanel::DebounceMs)); // and is not asked again after it

    // Cleared: at once, so the old hits can go.
    f.field()->clear();
    QCOMPARE(f.queries.count(), 3);
    QCOMPARE(f.queries.at(2).at(0).toString(), QString());
    QCOMPARE(f.panel.state(), SearchPanel::State::Empty);
}

void TestSearchPanel::emptyStatesSayWhatIsGoingOn()
{
    Fixture f;
    f.panel.setMinimumSize(480, 300);
    QCOMPARE(f.panel.state(), SearchPanel::State::Empty);
    QVERIFY(f.panel.stateText().startsWith("Type to search"));
    QTest::keyClicks(f.field(), "zebra");
    QVERIFY(f.queries.wait());
    QCOMPARE(f.panel.stateText(), QString("Searching…"));
    f.hits.answer({});
    QCOMPARE(f.panel.state(), SearchPanel::State::NoResults);
    QCOMPARE(f.panel.stateText(), QString("No messages match “zebra”."));
    sb::test::saveMenuShot(&f.panel, "search-none");
    f.hits.answer({{"general", "42", "alice", "a " + S + "zebra" + E + " crossing"}});
    QCOMPARE(f.panel.state(), SearchPanel::State::Results);
    QCOMPARE(f.panel.stateText(), QString());
    QCOMPARE(f.list()->currentIndex().row(), 0); // Enter takes the newest
}

void TestSearchPanel::highlightedWordsAreDrawnBold()
{
    Fixture f;
    f.panel.setMinimumSize(480, 300); // as shown, also in the screenshot
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    QTest::keyClicks(f.field(), "report");
    QVERIFY(f.queries.wait());
    f.hits.answer({{"general", "1", "alice", "quarterly report"},
        {"general", "2", "alice", "quarterly " + S + "report" + E}});
    QTRY_VERIFY(f.list()->visualRect(f.hits.index(1, 0)).height() > 0);
    f.list()->setCurrentIndex(QModelIndex());
    f.list()->clearSelection();
    QCoreApplication::processEvents();
    const auto ink = [&](int row) {
        // The dark pixels of the snippet line: bold words have more of them.
        const QRect rect = f.list()->visualRect(f.hits.index(row, 0));
        const QImage image = f.list()->viewport()->grab(rect.adjusted(0, rect.height() / 2, 0, 0)).toImage();
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 128;
        return dark;
    };
    QVERIFY2(ink(1) > ink(0), qPrintable(QString("%1 vs %2").arg(ink(1)).arg(ink(0))));
    sb::ui::SearchResultDelegate delegate;
    delegate.setRoles(sb::ui::SearchRoles::of(&f.hits));
    const QDateTime sameDay(QDate(2024, 3, 14), QTime(18, 0));
    QCOMPARE(delegate.headerOf(f.hits.index(0, 0), sameDay), QString("#general · alice · 10:32"));
    QCOMPARE(delegate.headerOf(f.hits.index(0, 0), sameDay.addDays(3)),
        QString("#general · alice · %1").arg(QLocale().toString(QDateTime(QDate(2024, 3, 14), QTime(10, 32)), "d MMM hh:mm")));
    f.hits.answer({{"general", "3", "alice", "quarterly " + S + "report" + E + " is ready"},
        {"@bob", "17", "bob", "did you read the " + S + "report" + E + "?"}});
    QTRY_VERIFY(f.list()->visualRect(f.hits.index(1, 0)).height() > 0);
    sb::test::saveMenuShot(&f.panel, "search-results");
}

void TestSearchPanel::enterAndClickActivateAHit()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    QTest::keyClicks(f.field(), "report");
    QVERIFY(f.queries.wait());
    f.hits.answer({{"general", "42", "alice", "the " + S + "report" + E},
        {"@bob", "7", "bob", "your " + S + "report" + E + "?"}, {"markets", "9", "carol", S + "report" + E + "s"}});
    QTest::keyClick(f.field(), Qt::Key_Return);
    QCOMPARE(f.activated.count(), 1);
    QCOMPARE(f.activated.at(0), QVariantList({QString("general"), qint64(42)}));
    QTest::keyClick(f.field(), Qt::Key_Down); // through the hits without leaving the field
    QTest::keyClick(f.field(), Qt::Key_Enter);
    QCOMPARE(f.activated.at(1), QVariantList({QString("@bob"), qint64(7)}));
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {},
        f.list()->visualRect(f.hits.index(2, 0)).center());
    QCOMPARE(f.activated.at(2), QVariantList({QString("markets"), qint64(9)}));
    f.list()->setFocus();
    f.list()->setCurrentIndex(f.hits.index(1, 0));
    QTest::keyClick(f.list(), Qt::Key_Return);
    QCOMPARE(f.activated.count(), 4);
    QCOMPARE(f.activated.at(3), QVariantList({QString("@bob"), qint64(7)}));
}

void TestSearchPanel::ctrlShiftFOpensIt()
{
    QWidget window;
    window.resize(300, 200);
    SearchPanel panel; // a window of its own, as the lead may show it
    Hits hits;
    panel.setModel(&hits);
    panel.attachShortcut(&window);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(!panel.isVisible());
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(panel.isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), panel.queryField());
    // As a window: an activation, or Esc, closes it.
    QSignalSpy activated(&panel, &SearchPanel::resultActivated);
    QTest::keyClicks(panel.queryField(), "x");
    QTest::keyClick(panel.queryField(), Qt::Key_Return);
    hits.answer({{"general", "5", "alice", S + "x" + E}});
    QTest::keyClick(panel.queryField(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QVERIFY(!panel.isVisible());
    panel.open();
    QCOMPARE(panel.queryField()->selectedText(), QString("x")); // typing replaces the last query
    QTest::keyClick(panel.queryField(), Qt::Key_Escape);
    QVERIFY(!panel.isVisible());
}

void TestSearchPanel::worksWithAModelWithoutConversationRole()
{
    // Only room and seq: the room is the conversation.
    QStandardItemModel plain;
    plain.setItemRoleNames({{RoomRole, "room"}, {SeqRole, "seq"}, {SnippetRole, "snippet"}});
    auto *item = new QStandardItem;
    item->setData("random", RoomRole);
    item->setData(3, SeqRole);
    plain.appendRow(item);
    SearchPanel panel;
    panel.setModel(&plain);
    QSignalSpy activated(&panel, &SearchPanel::resultActivated);
    QTest::keyClicks(panel.queryField(), "q");
    QTest::keyClick(panel.queryField(), Qt::Key_Return); // asks
    panel.results()->setCurrentIndex(plain.index(0, 0));
    QTest::keyClick(panel.queryField(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0), QVariantList({QString("random"), qint64(3)}));
}

QTEST_MAIN(TestSearchPanel)
#include "tst_searchpanel.moc"
