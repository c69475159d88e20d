// A message row as the ChatView draws it, on the real MessageListModel with issue #18's state
// filled in (MessageStateModel): Markdown renders (taller code blocks, live links), raw HTML does
// not, javascript: links are refused, the reply quote jumps, "(edited)" tells when, tombstones
// have nothing to select, reaction chips toggle and say who, pending changes are faded. With
// SB_SCREENSHOT_DIR set, renders the whole conversation in both themes.
#include "ChatMessages.h"
#include "ChatViewFixture.h"
#include "MenuShot.h"
#include "MessageStateModel.h"
#include "ui/Theme.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"
#include "ui/chat/EmojiPicker.h"
#include "ui/chat/LinkOpener.h"
#include "ui/chat/MessageDelegate.h"
#include "ui/chat/MessageToolbar.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QHelpEvent>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>
#include <QToolTip>
#include <QUrl>
#include <QVBoxLayout>

using namespace sb;
using client::ChatMessage;
using test::MessageStateModel;
using ui::ChatView;
using ui::MessageRowLayout;

namespace {

const qint64 Base = QDateTime(QDate(2024, 3, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch();
constexpr qint64 Minute = 60 * 1000;

ChatMessage msg(qint64 seq, const QString &from, const QString &text, qint64 ts = 0)
{
    return sb::test::chatMessage("general", seq, from, text, ts ? ts : Base + seq * Minute);
}

// Receives what QDesktopServices would have given the browser, for one URL scheme.
class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    explicit UrlCatcher(const QStringList &schemes)
        : m_schemes(schemes)
    {
        for (const QString &scheme : m_schemes)
            QDesktopServices::setUrlHandler(scheme, this, "open");
    }
    ~UrlCatcher() override
    {
        for (const QString &scheme : m_schemes)
            QDesktopServices::unsetUrlHandler(scheme);
    }
    QList<QUrl> opened;

public slots:
    void open(const QUrl &url) { opened.append(url); }

private:
    QStringList m_schemes;
};

// Wide enough that the long lines below stay on one line.
struct Fixture : sb::test::ChatViewFixture<MessageStateModel>
{
    Fixture()
        : ChatViewFixture({600, 500})
    {
    }
};

} // namespace

class TestMessageRow : public QObject
{
    Q_OBJECT

private slots:
    void markdownRendersAndCodeBlocksAreTaller();
    void linksOpenThroughTheBrowser();
    void rawHtmlIsShownNotRendered();
    void javascriptLinksAreRefused();
    void replyQuoteJumpsToTheOriginal();
    void editedSaysWhen();
    void tombstoneIsMutedAndNotSelectable();
    void reactionChipsToggleAndSayWho();
    void addReactionChipOpensThePicker();
    void pendingChangeIsFaded();
    void ownMentionStandsOut();
    void renderScreenshots(); // only with SB_SCREENSHOT_DIR set
};

void TestMessageRow::markdownRendersAndCodeBlocksAreTaller()
{
    Fixture f;
    // A different author on each row, after one that takes the day line: every row compared has
    // the same header, so heights compare the text alone.
    f.model.addMessages({msg(1, "zoe", "good morning"), msg(2, "alice", "plain words"),
        msg(3, "bob", "**bold** words"), msg(4, "carol", "```\nint x = 1;\nreturn x;\n```"),
        msg(5, "dave", "> quoted\n- one\n- two")});
    QTRY_VERIFY(f.laidOut(5));
    // The syntax is gone from what is shown (and what a selection copies).
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(3)), QString("bold words"));
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(4)), QString("int x = 1;\nreturn x;"));
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(5)), QString("quoted\none\ntwo"));
    const int line = f.list()->fontMetrics().height();
    QCOMPARE(f.height(3), f.height(2)); // bold: the same one line
    QVERIFY(f.height(4) > f.height(2) + line); // two lines in a box
    QVERIFY(f.height(5) > f.height(2) + 2 * line - 4); // three lines
    // Drawn differently from the same words without the stars.
    const QImage bold = f.viewport()->grab(f.list()->visualRect(f.row(3))).toImage();
    f.model.setEdited(3, "bold words", QDateTime());
    QTRY_VERIFY(f.viewport()->grab(f.list()->visualRect(f.row(3))).toImage() != bold);
}

void TestMessageRow::linksOpenThroughTheBrowser()
{
    Fixture f;
    UrlCatcher browser({"https", "http", "mailto"});
    QSignalSpy clicked(f.delegate(), &ui::MessageDelegate::linkClicked);
    f.model.addMessages({msg(1, "alice", "chart at https://example.com/nvda?range=1d now"),
        msg(2, "bob", "[the docs](https://doc.qt.io) or mail bob@example.com")});
    QTRY_VERIFY(f.laidOut(2));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));

    const QPoint bare = f.pointIn(1, "example.com");
    const MessageRowLayout::Hit hit = f.delegate()->hitAt(f.list(), bare);
    QCOMPARE(hit.link, MessageRowLayout::Link::Url);
    QCOMPARE(hit.href, QString("https://example.com/nvda?range=1d"));
    QVERIFY(f.delegate()->hitAt(f.list(), f.pointIn(1, "chart")).link == MessageRowLayout::Link::None);
    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, bare);
    QCOMPARE(browser.opened, QList<QUrl>({QUrl("https://example.com/nvda?range=1d")}));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(1).toBool(), true);
    QCOMPARE(f.toolTipAt(bare), QString("https://example.com/nvda?range=1d"));

    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, f.pointIn(2, "docs"));
    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, f.pointIn(2, "bob@"));
    QCOMPARE(browser.opened.size(), 3);
    QCOMPARE(browser.opened.at(1), QUrl("https://doc.qt.io"));
    QCOMPARE(browser.opened.at(2), QUrl("mailto:bob@example.com"));
    // A click on a link opens it, it does not start a text selection.
    QCOMPARE(f.view.selectedText(), QString());
}

void TestMessageRow::rawHtmlIsShownNotRendered()
{
    Fixture f;
    const QString html = "<b>not bold</b> <img src=\"t.png\"> <a href=\"https://x.y\">x</a>";
    f.model.addMessages({msg(1, "zoe", "good morning"), msg(2, "alice", "one line"), msg(3, "bob", html)});
    QTRY_VERIFY(f.laidOut(3));
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(3)), html); // every character, as typed
    QCOMPARE(f.height(3), f.height(2)); // one plain line: no image, no block
    for (const QString &word : {QString("not bold"), QString("img"), QString("x</a>")})
        QCOMPARE(f.delegate()->hitAt(f.list(), f.pointIn(3, word)).link, MessageRowLayout::Link::None);
}

void TestMessageRow::javascriptLinksAreRefused()
{
    Fixture f;
    UrlCatcher everything({"javascript", "file", "data", "https", "http"});
    QSignalSpy clicked(f.delegate(), &ui::MessageDelegate::linkClicked);
    f.model.addMessages({msg(1, "mallory", "[free money](javascript:alert(document.cookie)) "
                                           "[passwords](file:///etc/passwd) [page](data:text/html,hi)")});
    QTRY_VERIFY(f.laidOut(1));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(1)), QString("free money passwords page"));
    for (const QString &word : {QString("free"), QString("passwords"), QString("page")}) {
        QCOMPARE(f.delegate()->hitAt(f.list(), f.pointIn(1, word)).link, MessageRowLayout::Link::None);
        QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, f.pointIn(1, word));
    }
    QVERIFY(everything.opened.isEmpty());
    QCOMPARE(clicked.count(), 0);
    // And the one door refuses them even when asked directly.
    QVERIFY(!ui::LinkOpener::open(QUrl("javascript:alert(1)")));
    QVERIFY(everything.opened.isEmpty());
}

void TestMessageRow::replyQuoteJumpsToTheOriginal()
{
    Fixture f;
    QSignalSpy quote(&f.view, &ChatView::quoteClicked);
    f.model.addMessages({msg(1, "alice", "NVDA broke 480"), msg(2, "bob", "nice"), msg(3, "carol", "same")});
    QTRY_VERIFY(f.laidOut(3));
    const int before = f.height(3);
    QVERIFY(f.linkRect(3, MessageRowLayout::Link::Quote).isEmpty());
    f.model.setReply(3, 1, "alice", "NVDA broke 480");
    QTRY_VERIFY(f.height(3) > before);
    const QRect quoteRect = f.linkRect(3, MessageRowLayout::Link::Quote);
    QVERIFY(!quoteRect.isEmpty());
    QVERIFY(quoteRect.top() < f.pointIn(3, "same").y()); // above the text
    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, quoteRect.center());
    QCOMPARE(quote.count(), 1);
    QCOMPARE(quote.at(0).at(0).toLongLong(), 1);

    // The original deleted: the quote stays (who was answered), its text says so.
    f.model.setReply(3, 1, "alice", "");
    QTRY_VERIFY(!f.linkRect(3, MessageRowLayout::Link::Quote).isEmpty());
    QCOMPARE(f.delegate()->shownText(f.list(), f.row(3)), QString("same"));
}

void TestMessageRow::editedSaysWhen()
{
    Fixture f;
    f.model.addMessages({msg(1, "alice", "teh typo")});
    QTRY_VERIFY(f.laidOut(1));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(Base + 5 * Minute);
    f.model.setEdited(1, "the typo", when);
    QTRY_COMPARE(f.delegate()->shownText(f.list(), f.row(1)), QString("the typo"));
    const MessageRowLayout row(MessageRowLayout::Message::fromIndex(f.row(1)), f.list()->font(),
        f.list()->viewport()->width());
    const QRect edited = row.editedRect().translated(f.list()->visualRect(f.row(1)).topLeft());
    QVERIFY(!edited.isEmpty());
    QVERIFY(edited.left() > f.pointIn(1, "typo", 4).x()); // after the text, on its line
    QVERIFY(qAbs(edited.center().y() - f.pointIn(1, "typo").y()) < edited.height());
    QTRY_COMPARE(f.toolTipAt(edited.center()),
        QString("Edited %1").arg(QLocale().toString(when, QLocale::LongFormat)));
}

void TestMessageRow::tombstoneIsMutedAndNotSelectable()
{
    Fixture f;
    QSignalSpy toggled(&f.view, &ChatView::reactionToggled);
    f.model.addMessages({msg(1, "alice", "secret plans"), msg(2, "bob", "ok")});
    f.model.setReactions(1, {MessageStateModel::reaction("👍", {"bob"}, false)});
    QTRY_VERIFY(!f.delegate()->linkRect(f.list(), f.row(1), MessageRowLayout::Link::AddReaction).isEmpty());
    f.model.setDeleted(1);
    QTRY_COMPARE(f.delegate()->shownText(f.list(), f.row(1)), QString("message deleted"));
    QVERIFY(f.linkRect(1, MessageRowLayout::Link::AddReaction).isEmpty()); // no reactions on it
    const QPoint words = f.pointIn(1, "deleted");
    QCOMPARE(f.delegate()->textPositionAt(f.list(), f.row(1), words, false), -1);
    QTest::mousePress(f.viewport(), Qt::LeftButton, {}, words);
    QTest::mouseRelease(f.viewport(), Qt::LeftButton, {}, words);
    QCOMPARE(f.view.selectedText(), QString());
    QVERIFY(!f.view.canReact(1));
    QVERIFY(!f.view.canEdit(1));
    QVERIFY(!f.view.canDelete(1));
}

void TestMessageRow::reactionChipsToggleAndSayWho()
{
    Fixture f;
    QSignalSpy toggled(&f.view, &ChatView::reactionToggled);
    f.model.addMessages({msg(1, "alice", "we're live"), msg(2, "bob", "🎉")});
    QTRY_VERIFY(f.laidOut(2));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    const int before = f.height(1);
    f.model.setReactions(1, {MessageStateModel::reaction("👍", {"bob", "me"}, true),
                                MessageStateModel::reaction("🎉", {"carol"}, false)});
    QTRY_VERIFY(f.height(1) > before); // a line of chips under the text
    const QRect mine = f.delegate()->reactionRect(f.list(), f.row(1), 0);
    const QRect theirsRect = f.delegate()->reactionRect(f.list(), f.row(1), 1);
    QVERIFY(!mine.isEmpty());
    QVERIFY(theirsRect.left() > mine.right()); // side by side
    QCOMPARE(f.delegate()->hitAt(f.list(), mine.center()).reaction, 0);
    const QPoint theirs = theirsRect.center();
    QCOMPARE(f.delegate()->hitAt(f.list(), theirs).reaction, 1);

    QTRY_COMPARE(f.toolTipAt(mine.center()), QString("you and bob reacted with 👍"));
    QTRY_COMPARE(f.toolTipAt(theirs), QString("carol reacted with 🎉"));
    // The user's own chip is drawn apart from the others.
    const QImage mineImage = f.viewport()->grab(mine).toImage();
    const QImage theirsImage = f.viewport()->grab(theirsRect).toImage();
    QVERIFY(mineImage.pixelColor(3, mine.height() / 2) != theirsImage.pixelColor(3, mine.height() / 2));

    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, mine.center());
    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, theirs);
    QCOMPARE(toggled.count(), 2);
    QCOMPARE(toggled.at(0), QVariantList({qint64(1), QString("👍")}));
    QCOMPARE(toggled.at(1), QVariantList({qint64(1), QString("🎉")}));
}

void TestMessageRow::addReactionChipOpensThePicker()
{
    Fixture f;
    QSignalSpy toggled(&f.view, &ChatView::reactionToggled);
    f.model.addMessages({msg(7, "alice", "lunch?")});
    f.model.setReactions(7, {MessageStateModel::reaction("🍕", {"bob"}, false)});
    QRect add;
    QTRY_VERIFY(!(add = f.linkRect(7, MessageRowLayout::Link::AddReaction)).isEmpty());
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QCOMPARE(f.toolTipAt(add.center()), QString("Add a reaction"));
    QTest::mouseClick(f.viewport(), Qt::LeftButton, {}, add.center());
    ui::EmojiPicker *picker = f.view.emojiPicker();
    QTRY_VERIFY(picker->isVisible());
    QTest::keyClicks(picker->searchField(), "taco");
    QVERIFY(picker->isNoMatchShown()); // not in the catalog
    picker->searchField()->clear();
    QTest::keyClicks(picker->searchField(), "pizza");
    QCOMPARE(picker->shownEmoji(), QStringList({"🍕"}));
    QTest::keyClick(picker->searchField(), Qt::Key_Return);
    QTRY_VERIFY(!picker->isVisible());
    QCOMPARE(toggled.count(), 1);
    QCOMPARE(toggled.at(0), QVariantList({qint64(7), QString("🍕")}));
}

void TestMessageRow::pendingChangeIsFaded()
{
    Fixture f;
    f.model.addMessages({msg(1, "me", "my own words")});
    QTRY_VERIFY(f.laidOut(1));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    const QPoint word = f.pointIn(1, "words", 0);
    const QRect area(word - QPoint(0, 8), QSize(f.pointIn(1, "words", 5).x() - word.x(), 16));
    const auto darkest = [&] {
        const QImage image = f.viewport()->grab(area).toImage();
        int lowest = 255;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                lowest = qMin(lowest, qGray(image.pixel(x, y)));
        return lowest;
    };
    const int settled = darkest();
    f.model.setChangePending(1, true); // e.g. an edit waiting in the outbox
    QTRY_VERIFY(darkest() > settled + 40); // the text is lighter
    f.model.setChangePending(1, false);
    QTRY_COMPARE(darkest(), settled);
}

void TestMessageRow::ownMentionStandsOut()
{
    Fixture f;
    f.model.addMessages({msg(1, "alice", "thanks @me for that"), msg(2, "alice", "thanks @bob for that")});
    QTRY_VERIFY(f.laidOut(2));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    // "@me" sits on a marked background; another name is only coloured text. Measured as the
    // share of the word's box that shows the row's own background (taken from the space before).
    const int halfLine = f.list()->fontMetrics().height() / 2 - 1;
    const auto plainShare = [&](qint64 seq, const QString &word) {
        const QPoint space = f.pointIn(seq, " " + word, 0) + QPoint(2, -halfLine);
        const QColor background = f.viewport()->grab(QRect(space, QSize(1, 1))).toImage().pixelColor(0, 0);
        const QPoint start = f.pointIn(seq, word, 0);
        const QRect box(start - QPoint(0, halfLine), QPoint(f.pointIn(seq, word, int(word.size())).x() - 1, start.y() + halfLine));
        const QImage image = f.viewport()->grab(box).toImage();
        int plain = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                plain += image.pixelColor(x, y) == background;
        return double(plain) / (image.width() * image.height());
    };
    QVERIFY2(plainShare(1, "@me") < 0.05, qPrintable(QString::number(plainShare(1, "@me"))));
    QVERIFY2(plainShare(2, "@bob") > 0.3, qPrintable(QString::number(plainShare(2, "@bob"))));
}

namespace {

// A conversation with everything issue #18 draws: replies, an edit, a tombstone, reactions,
// Markdown with a code block, links, a pending change and a mention of the user.
void fillConversation(MessageStateModel &model)
{
    const QDate today = QDate::currentDate();
    const auto at = [&](int h, int m) { return QDateTime(today, QTime(h, m)).toMSecsSinceEpoch(); };
    struct Line { qint64 seq; const char *from; const char *text; int h, m; };
    const Line lines[] = {
        {101, "alice", "morning! anyone watching **NVDA**?", 9, 12},
        {102, "alice", "it just broke *480*", 9, 12},
        {103, "bob", "yep, volume is huge. @sam did you get your fill?", 9, 14},
        {104, "sam", "bought 50 at `479.80`", 9, 15},
        {105, "carol", "careful: CPI comes out at 10:30 — see https://www.bls.gov/cpi/ for the schedule", 9, 20},
        {106, "dave", "this was a mistake", 9, 21},
        {107, "erin", "the stop I use:\n```\nstop = entry - 2 * atr(14)\nif price < stop: sell()\n```", 9, 25},
        {108, "sam", "> the last two prints moved the whole market\nthat's why I'm ~~all in~~ half size", 9, 30},
        {109, "bob", "fair", 9, 31},
        {110, "alice", "CPI in 30 minutes, everyone flat?", 10, 0},
        {111, "sam", "flat", 10, 1},
    };
    QList<ChatMessage> messages;
    for (const Line &l : lines) {
        ChatMessage m = sb::test::chatMessage("markets", l.seq, l.from, QString::fromUtf8(l.text), at(l.h, l.m));
        messages << m;
    }
    model.addMessages(messages);
    model.setReply(104, 103, "bob", "yep, volume is huge. @sam did you get your fill?");
    model.setReactions(104, {MessageStateModel::reaction("👍", {"alice", "bob", "sam"}, true),
                                MessageStateModel::reaction("🚀", {"dave"}, false)});
    model.setDeleted(106);
    model.setReactions(107, {MessageStateModel::reaction("🔥", {"alice", "carol"}, false)});
    model.setEdited(108, "> the last two prints moved the whole market\nthat's why I'm ~~all in~~ half size",
        QDateTime(today, QTime(9, 33)));
    model.setReply(109, 106, "dave", ""); // answering what is now a tombstone
    model.setReply(111, 110, "alice", "CPI in 30 minutes, everyone flat?");
    model.setReactions(110, {MessageStateModel::reaction("✅", {"bob", "carol", "dave", "erin"}, false),
                                MessageStateModel::reaction("😬", {"sam"}, true)});
    model.setChangePending(111, true);
    model.setLastRead(109);
}

} // namespace

void TestMessageRow::renderScreenshots()
{
    const QString dir = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set SB_SCREENSHOT_DIR to render the message features to PNGs");
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(*app, mode);
        MessageStateModel messages;
        messages.setOwnUser("sam");
        messages.setConversation("markets");
        fillConversation(messages);

        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        auto *chat = new ChatView(&window);
        chat->setModel(&messages);
        chat->setHeader("#markets", "5 online · prices, charts and chatter");
        auto *composer = new ui::Composer(&window);
        composer->setConversationName("markets");
        composer->startReply(107, "erin", chat->quoteOf(107));
        composer->setText("nice, stealing that");
        layout->addWidget(chat, 1);
        layout->addWidget(composer);
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(chat->isAtBottom());
        QCoreApplication::processEvents();
        // The pointer over Erin's code: the toolbar shows over it.
        const QModelIndex hovered = messages.index(messages.rowForSeq(107));
        const QPoint over = chat->listView()->visualRect(hovered).center();
        QMouseEvent move(QEvent::MouseMove, over, chat->listView()->viewport()->mapToGlobal(over),
            Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(chat->listView()->viewport(), &move);
        QTRY_VERIFY(chat->toolbar()->isVisible());
        const QString name = ui::Theme::modeName(mode);
        QVERIFY(window.grab().save(QDir(dir).filePath("messages-" + name + ".png")));

        // Scrolled up: the jump button, with what is below.
        chat->listView()->verticalScrollBar()->setValue(0);
        QTRY_VERIFY(chat->jumpButton()->isVisible());
        QVERIFY(window.grab().save(QDir(dir).filePath("messages-top-" + name + ".png")));

        chat->openReactionPicker(104, window.mapToGlobal(QPoint(300, 200)));
        QTRY_VERIFY(chat->emojiPicker()->isVisible());
        sb::test::saveMenuShot(chat->emojiPicker(), "emoji-picker-" + name);
        chat->emojiPicker()->hide();
    }
}

QTEST_MAIN(TestMessageRow)
#include "tst_messagerow.moc"
