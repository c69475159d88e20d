// EmojiPicker and what it stands on: the catalog's search by name, the most used emoji first
// (kept in QSettings across pickers, as across sessions), keyboard and mouse picking.
#include "ui/chat/EmojiCatalog.h"
#include "ui/chat/EmojiFont.h"
#include "ui/chat/EmojiPicker.h"
#include "ui/chat/EmojiUsage.h"

#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextBoundaryFinder>

using sb::ui::EmojiCatalog;
using sb::ui::EmojiFont;
using sb::ui::EmojiPicker;
using sb::ui::EmojiUsage;

class TestEmojiPicker : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }
    void catalogEntriesAreSingleEmoji();
    void searchByName();
    void mostUsedComeFirstAndAreKept();
    void pickerSearchesAndPicksWithTheKeyboard();
    void pickerPicksWithTheMouse();
    void emojiRunsGetTheColourFont();
};

void TestEmojiPicker::catalogEntriesAreSingleEmoji()
{
    // One grapheme cluster each: what the server accepts as a reaction.
    QSet<QString> seen;
    for (const EmojiCatalog::Entry &entry : EmojiCatalog::all()) {
        QTextBoundaryFinder clusters(QTextBoundaryFinder::Grapheme, entry.emoji);
        QCOMPARE(clusters.toNextBoundary(), entry.emoji.size());
        QVERIFY2(!seen.contains(entry.emoji), qPrintable(entry.emoji));
        seen.insert(entry.emoji);
        QVERIFY(!entry.name.isEmpty());
    }
    QVERIFY(seen.size() > 150);
    QCOMPARE(EmojiCatalog::nameOf("👍"), QString("thumbs up"));
}

void TestEmojiPicker::searchByName()
{
    const auto found = [](const char *query) {
        QStringList emoji;
        for (const EmojiCatalog::Entry &entry : EmojiCatalog::search(QString::fromUtf8(query)))
            emoji << entry.emoji;
        return emoji;
    };
    QCOMPARE(found("thumbs"), QStringList({"👍", "👎"}));
    QCOMPARE(found("THUMBS UP"), QStringList({"👍"}));
    QVERIFY(found("+1").contains("👍")); // by a keyword
    QVERIFY(found("heart").size() >= 8);
    QVERIFY(found("art").isEmpty()); // words start with the query, not contain it
    QCOMPARE(found("rocket"), QStringList({"🚀"}));
    QVERIFY(found("no such emoji").isEmpty());
    QCOMPARE(EmojiCatalog::search(QString("  ")).size(), EmojiCatalog::all().size());
}

void TestEmojiPicker::mostUsedComeFirstAndAreKept()
{
    {
        EmojiUsage usage;
        QCOMPARE(usage.frequent(3), QStringList({"👍", "❤️", "😂"})); // a new user: the usual ones
        for (int i = 0; i < 3; ++i)
            usage.record("🚀");
        usage.record("🐛");
        usage.record("🐛");
        usage.record("🍕");
        QCOMPARE(usage.frequent(4), QStringList({"🚀", "🐛", "🍕", "👍"}));
    }
    EmojiUsage later; // another session
    QCOMPARE(later.frequent(3), QStringList({"🚀", "🐛", "🍕"}));
    QCOMPARE(later.count("🚀"), 3);
    // Equals: the more recent first.
    later.record("🐢");
    QCOMPARE(later.frequent(4), QStringList({"🚀", "🐛", "🐢", "🍕"}));
    // Only so many are remembered: the one-offs go, the favourites stay.
    for (const EmojiCatalog::Entry &entry : EmojiCatalog::all().mid(40, EmojiUsage::Kept + 5))
        later.record(entry.emoji);
    QCOMPARE(EmojiUsage().frequent(2), QStringList({"🚀", "🐛"}));
}

void TestEmojiPicker::pickerSearchesAndPicksWithTheKeyboard()
{
    EmojiUsage().record("🐛");
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::picked);
    picker.popup(QPoint(100, 100));
    QVERIFY(picker.isVisible());
    QCOMPARE(picker.shownEmoji().first(), QString("🐛")); // the user's own favourite first
    QCOMPARE(picker.shownEmoji().count("🐛"), 1); // and not again further down
    QCOMPARE(picker.shownEmoji().size(), EmojiCatalog::all().size());

    QTest::keyClicks(picker.searchField(), "heart");
    QVERIFY(picker.shownEmoji().size() >= 8);
    QVERIFY(picker.shownEmoji().contains("❤️"));
    QTest::keyClick(picker.searchField(), Qt::Key_Down); // through the grid, typing on
    QTest::keyClick(picker.searchField(), Qt::Key_Return);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), picker.shownEmoji().value(picker.grid()->currentRow()));
    QVERIFY(!picker.isVisible());

    // Opened again: the search is empty, and the pick counts as a use.
    const QString chosen = picked.at(0).at(0).toString();
    picker.popup(QPoint(100, 100));
    QVERIFY(picker.searchField()->text().isEmpty());
    QVERIFY(picker.shownEmoji().indexOf(chosen) < 2);
    QTest::keyClicks(picker.searchField(), "xylophone");
    QVERIFY(picker.isNoMatchShown());
    QTest::keyClick(picker.searchField(), Qt::Key_Return); // nothing to pick
    QCOMPARE(picked.count(), 1);
}

void TestEmojiPicker::pickerPicksWithTheMouse()
{
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::picked);
    picker.popup(QPoint(50, 50));
    QVERIFY(QTest::qWaitForWindowExposed(&picker));
    QTest::keyClicks(picker.searchField(), "party");
    const QStringList shown = picker.shownEmoji();
    QCOMPARE(shown, QStringList({"🎉", "🥳", "🎈"})); // names and keywords, in catalog order
    QListWidget *grid = picker.grid();
    const QRect second = grid->visualItemRect(grid->item(1));
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), QString("🥳"));
    QCOMPARE(EmojiUsage().count("🥳"), 1);
}

void TestEmojiPicker::emojiRunsGetTheColourFont()
{
    QVERIFY2(!EmojiFont::family().isEmpty(), "fonts-noto-color-emoji is not installed");
    using Runs = QList<std::pair<int, int>>;
    QCOMPARE(EmojiFont::runs("no emoji, 100% #1 *not* ©"), Runs());
    QCOMPARE(EmojiFont::runs("ok 👍🏽 done"), Runs({{3, 4}})); // with its skin tone
    QCOMPARE(EmojiFont::runs("🎉🚀 go ❤️"), Runs({{0, 4}, {8, 2}}));
    QCOMPARE(EmojiFont::runs("1️⃣ first"), Runs({{0, 3}})); // a keycap
    QCOMPARE(EmojiFont::applied(QFont()).families().first(), EmojiFont::family());
}

QTEST_MAIN(TestEmojiPicker)
#include "tst_emojipicker.moc"
