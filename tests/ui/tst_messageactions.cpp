// Acting on a message in the ChatView: the hover toolbar follows the pointer and offers edit and
// delete only where allowed, its buttons and the context menu emit the right requests, delete
// asks first, scrollToSeq highlights for a moment, the jump button counts what is below, and
// ComposerLink takes replies, edits and Up-arrow to the composer.
#include "ChatMessages.h"
#include "ChatViewFixture.h"
#include "MenuShot.h"
#include "MessageStateModel.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"
#include "ui/chat/ComposerLink.h"
#include "ui/chat/EmojiPicker.h"
#include "ui/chat/MessageMenu.h"
#include "ui/chat/MessageToolbar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace sb;
using client::ChatMessage;
using test::MessageStateModel;
using ui::ChatView;
using ui::MessageToolbar;

namespace {

const qint64 Base = QDateTime(QDate(2024, 3, 14), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch();
constexpr qint64 Minute = 60 * 1000;

ChatMessage msg(qint64 seq, const QString &from, const QString &text)
{
    return sb::test::chatMessage("general", seq, from, text, Base + seq * 10 * Minute);
}

struct Fixture : sb::test::ChatViewFixture<MessageStateModel>
{
    Fixture()
        : ChatViewFixture({600, 500})
    {
        model.addMessages({msg(1, "alice", "NVDA broke 480"), msg(2, "me", "bought 50"),
            msg(3, "bob", "nice"), msg(4, "me", "stop at 472")});
    }
    MessageToolbar *toolbar() const { return view.toolbar(); }
    QToolButton *button(const char *name) const { return toolbar()->button(QString::fromLatin1(name)); }
    // The pointer over message `seq`: the toolbar shows for it.
    bool hoverOver(qint64 seq) const
    {
        hover(list()->visualRect(row(seq)).center());
        return toolbar()->isVisible() && toolbar()->index() == row(seq);
    }
    QStringList shownButtons() const
    {
        QStringList names;
        for (const char *name : {"reply", "react", "edit", "delete", "more"}) {
            if (!button(name)->isHidden())
                names << QString::fromLatin1(name);
        }
        return names;
    }
    // Enough messages after the first four to scroll through several screens.
    void addMany()
    {
        QList<ChatMessage> many;
        for (int seq = 5; seq < 200; ++seq)
            many << msg(seq, seq % 2 ? "alice" : "bob", QString("message %1").arg(seq));
        model.addMessages(many);
    }
    QMessageBox *confirmation() const { return view.findChild<QMessageBox *>("confirmDelete"); }
};

QStringList actionNames(const QMenu *menu)
{
    QStringList names;
    for (const QAction *action : menu->actions()) {
        if (!action->objectName().isEmpty())
            names << action->objectName();
    }
    return names;
}

} // namespace

class TestMessageActions : public QObject
{
    Q_OBJECT

private slots:
    void toolbarFollowsThePointer();
    void toolbarButtonsEmitTheirRequests();
    void deleteAsksFirst();
    void editAndDeleteOnlyWherePermitted();
    void contextMenuActions();
    void moreButtonOpensTheContextMenu();
    void scrollToSeqHighlightsForAMoment();
    void jumpToLatestCountsWhatIsBelow();
    void composerLinkTakesRepliesAndEdits();
};

void TestMessageActions::toolbarFollowsThePointer()
{
    Fixture f;
    QTRY_VERIFY(f.laidOut(4));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QVERIFY(!f.toolbar()->isVisible());
    QVERIFY(f.hoverOver(1));
    QCOMPARE(f.shownButtons(), QStringList({"reply", "react", "more"})); // alice's: no edit, no delete
    // Over the row's top edge at the right, inside the view.
    const QRect row = f.list()->visualRect(f.row(1));
    QVERIFY(f.toolbar()->geometry().right() <= row.right());
    QVERIFY(f.toolbar()->geometry().bottom() > row.top());
    QVERIFY(f.toolbar()->geometry().top() >= 0);

    QVERIFY(f.hoverOver(2));
    QCOMPARE(f.shownButtons(), QStringList({"reply", "react", "edit", "delete", "more"})); // own

    // A message still on its way has nothing to act on yet.
    ChatMessage pending = msg(0, "me", "sending…");
    pending.clientId = "c1";
    QVERIFY(f.model.addPending(pending));
    QTRY_VERIFY(f.rowHeight(4) > 0);
    f.hover(f.list()->visualRect(f.model.index(4)).center());
    QVERIFY(!f.toolbar()->isVisible());

    // Away from the messages: gone.
    QVERIFY(f.hoverOver(3));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(f.viewport(), &leave);
    QVERIFY(!f.toolbar()->isVisible());

    // A message deleted under the pointer loses its actions.
    QVERIFY(f.hoverOver(2));
    f.model.setDeleted(2);
    QTRY_COMPARE(f.shownButtons(), QStringList({"more"}));
}

void TestMessageActions::toolbarButtonsEmitTheirRequests()
{
    Fixture f;
    QSignalSpy reply(&f.view, &ChatView::replyRequested);
    QSignalSpy edit(&f.view, &ChatView::editRequested);
    QSignalSpy toggled(&f.view, &ChatView::reactionToggled);
    QTRY_VERIFY(f.laidOut(4));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QVERIFY(f.hoverOver(4));
    QTest::mouseClick(f.button("reply"), Qt::LeftButton);
    QCOMPARE(reply.count(), 1);
    QCOMPARE(reply.at(0).at(0).toLongLong(), 4);
    QTest::mouseClick(f.button("edit"), Qt::LeftButton);
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.at(0).at(0).toLongLong(), 4);

    QVERIFY(f.hoverOver(1));
    QTest::mouseClick(f.button("react"), Qt::LeftButton);
    ui::EmojiPicker *picker = f.view.emojiPicker();
    QTRY_VERIFY(picker->isVisible());
    QTest::keyClicks(picker->searchField(), "rocket");
    QTest::keyClick(picker->searchField(), Qt::Key_Return);
    QCOMPARE(toggled.count(), 1);
    QCOMPARE(toggled.at(0), QVariantList({qint64(1), QString("🚀")}));
    QCOMPARE(reply.count() + edit.count(), 2);
}

void TestMessageActions::deleteAsksFirst()
{
    Fixture f;
    QSignalSpy deleted(&f.view, &ChatView::deleteRequested);
    QTRY_VERIFY(f.laidOut(4));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QVERIFY(f.hoverOver(2));
    QTest::mouseClick(f.button("delete"), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = f.confirmation()) && box->isVisible());
    QVERIFY(box->informativeText().contains("bought 50"));
    sb::test::saveMenuShot(box, "confirm-delete");
    QCOMPARE(deleted.count(), 0); // asked, not done
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!f.confirmation());
    QCOMPARE(deleted.count(), 0);

    f.view.confirmDelete(2);
    QTRY_VERIFY((box = f.confirmation()) && box->isVisible());
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel)); // Enter does not delete
    box->findChild<QPushButton *>("delete")->click();
    QCOMPARE(deleted.count(), 1);
    QCOMPARE(deleted.at(0).at(0).toLongLong(), 2);

    // Not the user's message: no question, nothing to delete.
    f.view.confirmDelete(1);
    QCoreApplication::processEvents();
    QVERIFY(!f.confirmation());
    QCOMPARE(deleted.count(), 1);
}

void TestMessageActions::editAndDeleteOnlyWherePermitted()
{
    Fixture f;
    QSignalSpy edit(&f.view, &ChatView::editRequested);
    QTRY_VERIFY(f.laidOut(4));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    // As the controller says: an admin may delete anything, and only the latest own message
    // may be edited here.
    f.view.setPermissions([](qint64 seq) { return seq == 4; }, [](qint64) { return true; });
    QVERIFY(f.hoverOver(1));
    QCOMPARE(f.shownButtons(), QStringList({"reply", "react", "delete", "more"}));
    QVERIFY(f.hoverOver(2));
    QCOMPARE(f.shownButtons(), QStringList({"reply", "react", "delete", "more"}));
    QVERIFY(f.hoverOver(4));
    QCOMPARE(f.shownButtons(), QStringList({"reply", "react", "edit", "delete", "more"}));
    QVERIFY(!f.view.canEdit(2));
    f.view.requestEdit(2);
    QCOMPARE(edit.count(), 0);
    f.view.requestEdit(4);
    QCOMPARE(edit.count(), 1);
    QCOMPARE(f.view.lastEditableSeq(), 4);
    f.view.setPermissions([](qint64 seq) { return seq == 2; }, {});
    QCOMPARE(f.view.lastEditableSeq(), 2);
    QVERIFY(!f.view.canDelete(1)); // back to the default: own messages only
    QVERIFY(f.view.canDelete(4));

    // The menu offers the same.
    ui::MessageMenu menus(&f.view);
    QMenu *menu = menus.menuFor(f.row(2));
    QVERIFY(actionNames(menu).contains("edit"));
    delete menu;
    menu = menus.menuFor(f.row(4));
    QVERIFY(!actionNames(menu).contains("edit"));
    QVERIFY(actionNames(menu).contains("delete"));
    delete menu;
    menu = menus.menuFor(f.row(1));
    QVERIFY(!actionNames(menu).contains("edit"));
    QVERIFY(!actionNames(menu).contains("delete"));
    delete menu;
}

void TestMessageActions::contextMenuActions()
{
    Fixture f;
    ui::MessageMenu menus(&f.view);
    QSignalSpy reply(&f.view, &ChatView::replyRequested);
    QSignalSpy edit(&f.view, &ChatView::editRequested);
    QSignalSpy toggled(&f.view, &ChatView::reactionToggled);
    QTRY_VERIFY(f.laidOut(4));
    QMenu *menu = menus.menuFor(f.row(2));
    sb::test::saveMenuShot(menu, "menu-message-actions");
    QCOMPARE(actionNames(menu), QStringList({"reply", "react", "edit", "delete", "copyText",
                                    "copyLink", "showInHistory", "replyMention", "copyAuthor"}));
    const auto trigger = [&](const char *name) { menu->findChild<QAction *>(name)->trigger(); };
    trigger("reply");
    QCOMPARE(reply.at(0).at(0).toLongLong(), 2);
    trigger("edit");
    QCOMPARE(edit.at(0).at(0).toLongLong(), 2);
    trigger("copyText");
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("bought 50"));
    trigger("copyLink");
    QCOMPARE(QGuiApplication::clipboard()->text(), QString("switchboard://general/2"));
    trigger("delete");
    QTRY_VERIFY(f.confirmation() && f.confirmation()->isVisible());
    f.confirmation()->button(QMessageBox::Cancel)->click();
    trigger("react");
    QTRY_VERIFY(f.view.emojiPicker()->isVisible());
    f.view.emojiPicker()->grid()->setFocus();
    QTest::keyClick(f.view.emojiPicker()->searchField(), Qt::Key_Return); // the first: most used
    QCOMPARE(toggled.count(), 1);
    QCOMPARE(toggled.at(0).at(0).toLongLong(), 2);
    delete menu;

    // A tombstone keeps only its link; a DM's link names the peer.
    f.model.setDeleted(3);
    menu = menus.menuFor(f.row(3));
    QVERIFY(!actionNames(menu).contains("reply"));
    QVERIFY(!actionNames(menu).contains("react"));
    QVERIFY(!menu->findChild<QAction *>("copyText")->isEnabled());
    QVERIFY(menu->findChild<QAction *>("copyLink")->isEnabled());
    delete menu;
    QCOMPARE(ui::MessageMenu::linkFor("@bob", 7), QString("switchboard://@bob/7"));
}

void TestMessageActions::moreButtonOpensTheContextMenu()
{
    Fixture f;
    ui::MessageMenu menus(&f.view);
    QSignalSpy reply(&f.view, &ChatView::replyRequested);
    QTRY_VERIFY(f.laidOut(4));
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QVERIFY(f.hoverOver(3));
    QTest::mouseClick(f.button("more"), Qt::LeftButton);
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())));
    // About the message under the toolbar, opened under the button.
    QVERIFY(qAbs(menu->pos().y() - f.button("more")->mapToGlobal(QPoint(0, f.button("more")->height())).y()) < 30);
    menu->findChild<QAction *>("reply")->trigger();
    QCOMPARE(reply.count(), 1);
    QCOMPARE(reply.at(0).at(0).toLongLong(), 3);
    menu->close();
}

void TestMessageActions::scrollToSeqHighlightsForAMoment()
{
    Fixture f;
    f.addMany();
    QTRY_VERIFY(f.settledAtBottom());
    QVERIFY(f.view.scrollToSeq(3));
    QVERIFY(f.list()->selectionModel()->isSelected(f.row(3)));
    QVERIFY(f.viewport()->rect().intersects(f.list()->visualRect(f.row(3))));
    // The highlight fades on its own (a quote's jump should not leave a marked row behind).
    QTRY_VERIFY(!f.list()->selectionModel()->isSelected(f.row(3)));
    QVERIFY(!f.view.scrollToSeq(999));
}

void TestMessageActions::jumpToLatestCountsWhatIsBelow()
{
    Fixture f;
    f.addMany();
    QTRY_VERIFY(f.settledAtBottom());
    QToolButton *jump = f.view.jumpButton();
    QVERIFY(!jump->isVisible());
    QCOMPARE(f.view.messagesBelow(), 0);

    f.bar()->setValue(f.bar()->maximum() / 2);
    QTRY_VERIFY(jump->isVisible());
    const int below = f.view.messagesBelow();
    QVERIFY(below > 50 && below < 150);
    QCOMPARE(jump->text(), QString("↓  %1 newer").arg(below));
    // Over the list's bottom-right corner.
    QVERIFY(jump->geometry().bottom() < f.viewport()->height());
    QVERIFY(jump->geometry().right() < f.viewport()->width());
    QVERIFY(jump->geometry().left() > f.viewport()->width() / 2);

    f.model.addMessages({msg(300, "alice", "new one"), msg(301, "bob", "and another")});
    QTRY_COMPARE(f.view.messagesBelow(), below + 2);
    QTRY_COMPARE(jump->text(), QString("↓  %1 newer").arg(below + 2));

    QTest::mouseClick(jump, Qt::LeftButton);
    QTRY_VERIFY(f.view.isAtBottom());
    QTRY_VERIFY(!jump->isVisible());
    // The last-read line still comes from the model's marker.
    f.model.setLastRead(150);
    QCOMPARE(f.model.firstUnreadRow(), f.model.rowForSeq(151));
}

void TestMessageActions::composerLinkTakesRepliesAndEdits()
{
    Fixture f;
    ui::Composer composer;
    composer.setConversationName("general");
    composer.show();
    f.model.setEdited(4, "stop at **472**", QDateTime::fromMSecsSinceEpoch(Base + 50 * Minute));
    qint64 asked = 0;
    new ui::ComposerLink(&f.view, &composer, [&] { return asked; });
    QSignalSpy sent(&composer, &ui::Composer::sendRequested);
    QSignalSpy edited(&composer, &ui::Composer::editSubmitted);

    f.view.requestReply(1);
    QCOMPARE(composer.replyTo(), 1);
    QCOMPARE(composer.contextTitle(), QString("Replying to alice"));
    QCOMPARE(composer.contextDetail(), QString("NVDA broke 480"));
    QTest::keyClicks(composer.editor(), "same here");
    QTest::keyClick(composer.editor(), Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0), QVariantList({QString("same here"), qint64(1)}));

    // Edit loads the text as typed, Markdown and all.
    f.view.requestEdit(4);
    QCOMPARE(composer.editing(), 4);
    QCOMPARE(composer.text(), QString("stop at **472**"));
    QTest::keyClick(composer.editor(), Qt::Key_Escape);
    QCOMPARE(composer.editing(), 0);

    // Up-arrow in the empty box: what the controller says is the last editable one...
    asked = 2;
    composer.editor()->setFocus();
    QTest::keyClick(composer.editor(), Qt::Key_Up);
    QCOMPARE(composer.editing(), 2);
    QCOMPARE(composer.text(), QString("bought 50"));
    composer.editor()->selectAll();
    QTest::keyClicks(composer.editor(), "bought 60");
    QTest::keyClick(composer.editor(), Qt::Key_Return);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0), QVariantList({qint64(2), QString("bought 60")}));
    // ...and nothing when there is none.
    asked = 0;
    QTest::keyClick(composer.editor(), Qt::Key_Up);
    QCOMPARE(composer.editing(), 0);
    QCOMPARE(sent.count(), 1);

    // Without a callback, the view's own choice: the newest own message.
    ui::Composer other;
    other.setConversationName("general");
    new ui::ComposerLink(&f.view, &other);
    QTest::keyClick(other.editor(), Qt::Key_Up);
    QCOMPARE(other.editing(), 4);
}

QTEST_MAIN(TestMessageActions)
#include "tst_messageactions.moc"
