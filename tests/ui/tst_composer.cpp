// Composer: Enter sends the trimmed text and clears, Shift+Enter is a new line, blank text never
// sends, typing()/typingStopped(), the box grows to six lines, drafts follow conversations;
// replies carry the quoted seq, edits submit and give the draft back, Up-arrow asks for the last
// editable message, "@" and "#" complete names.
#include "ui/chat/Composer.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using sb::ui::Composer;

class TestComposer : public QObject
{
    Q_OBJECT

private slots:
    void enterSendsTrimmedTextAndClears();
    void shiftEnterInsertsNewline();
    void blankTextDoesNotSend();
    void sendButtonSends();
    void typingSignals();
    void growsFromOneToSixLines();
    void draftsFollowTheConversation();
    void disabledWithoutConversation();
    void replyCarriesTheQuotedSeq();
    void replyIsCancelledByCloseOrEscape();
    void editSubmitsAndGivesTheDraftBack();
    void upArrowInAnEmptyBoxAsksForTheLastEdit();
    void switchingConversationsEndsReplyAndEdit();
    void atCompletesMembersAndHashCompletesRooms();
};

namespace {

struct Fixture
{
    Composer composer;
    QPlainTextEdit *edit = composer.editor();

    Fixture()
    {
        composer.setConversationName("general");
        composer.resize(400, 200);
        composer.show();
        edit->setFocus();
    }
};

} // namespace

void TestComposer::enterSendsTrimmedTextAndClears()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QTest::keyClicks(f.edit, "  hello world  ");
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toString(), QString("hello world"));
    QVERIFY(f.composer.text().isEmpty());

    QTest::keyClicks(f.edit, "keypad");
    QTest::keyClick(f.edit, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(sent.count(), 2);
    QCOMPARE(sent.at(1).at(0).toString(), QString("keypad"));
}

void TestComposer::shiftEnterInsertsNewline()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QTest::keyClicks(f.edit, "line one");
    QTest::keyClick(f.edit, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(f.edit, "line two");
    QCOMPARE(sent.count(), 0);
    QCOMPARE(f.composer.text(), QString("line one\nline two"));
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toString(), QString("line one\nline two"));
}

void TestComposer::blankTextDoesNotSend()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QTest::keyClick(f.edit, Qt::Key_Return);
    QTest::keyClicks(f.edit, "   \t ");
    QVERIFY(!f.composer.sendButton()->isEnabled());
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 0);
    QCOMPARE(f.composer.text(), QString("   \t ")); // kept: nothing was sent
}

void TestComposer::sendButtonSends()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QVERIFY(!f.composer.sendButton()->isEnabled());
    QTest::keyClicks(f.edit, "via button");
    QVERIFY(f.composer.sendButton()->isEnabled());
    QTest::mouseClick(f.composer.sendButton(), Qt::LeftButton);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toString(), QString("via button"));
    QVERIFY(!f.composer.sendButton()->isEnabled());
}

void TestComposer::typingSignals()
{
    Fixture f;
    QSignalSpy typing(&f.composer, &Composer::typing);
    QSignalSpy stopped(&f.composer, &Composer::typingStopped);
    QTest::keyClicks(f.edit, "abc");
    QCOMPARE(typing.count(), 3);
    QTest::keyClick(f.edit, Qt::Key_Backspace); // removing text is not typing
    QCOMPARE(typing.count(), 3);
    QCOMPARE(stopped.count(), 0);
    QTest::keyClick(f.edit, Qt::Key_Backspace);
    QTest::keyClick(f.edit, Qt::Key_Backspace);
    QCOMPARE(stopped.count(), 1); // emptied

    QTest::keyClicks(f.edit, "x");
    QCOMPARE(typing.count(), 4);
    QTest::keyClick(f.edit, Qt::Key_Return); // sending empties it as well
    QCOMPARE(stopped.count(), 2);

    f.composer.setText("set by the program"); // e.g. a restored draft
    QCOMPARE(typing.count(), 4);
}

void TestComposer::growsFromOneToSixLines()
{
    Fixture f;
    QCOMPARE(f.composer.visibleLines(), 1);
    const int oneLine = f.edit->height();
    QTest::keyClick(f.edit, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClick(f.edit, Qt::Key_Return, Qt::ShiftModifier);
    QTRY_COMPARE(f.composer.visibleLines(), 3);
    QVERIFY(f.edit->height() > oneLine);
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(f.edit, Qt::Key_Return, Qt::ShiftModifier);
    QTRY_COMPARE(f.composer.visibleLines(), Composer::MaxLines);
    const int six = f.edit->height();
    f.composer.setText({});
    QTRY_COMPARE(f.composer.visibleLines(), 1);
    QCOMPARE(f.edit->height(), oneLine);
    QVERIFY(six > 5 * oneLine / 2);
}

void TestComposer::draftsFollowTheConversation()
{
    Fixture f;
    QSignalSpy typing(&f.composer, &Composer::typing);
    QTest::keyClicks(f.edit, "half a thought");
    const int typed = typing.count();
    f.composer.switchConversation("general", "@bob");
    QVERIFY(f.composer.text().isEmpty());
    QCOMPARE(f.composer.conversationName(), QString("@bob"));
    QCOMPARE(f.edit->placeholderText(), QString("Message @bob"));
    QCOMPARE(f.composer.draft("general"), QString("half a thought"));

    QTest::keyClicks(f.edit, "hi bob");
    f.composer.switchConversation("@bob", "general");
    QCOMPARE(f.composer.text(), QString("half a thought"));
    QCOMPARE(f.edit->placeholderText(), QString("Message #general"));
    QCOMPARE(f.composer.draft("@bob"), QString("hi bob"));
    QCOMPARE(typing.count(), typed + 6); // "hi bob" only: restoring is not typing

    f.composer.setDraft("random", "prepared");
    f.composer.switchConversation("general", "random");
    QCOMPARE(f.composer.text(), QString("prepared"));
    // Sending clears the draft for good.
    QTest::keyClick(f.edit, Qt::Key_Return);
    f.composer.switchConversation("random", "general");
    QCOMPARE(f.composer.draft("random"), QString());
}

void TestComposer::disabledWithoutConversation()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    f.composer.setConversationName({});
    QVERIFY(!f.composer.isEnabled());
    QVERIFY(!f.edit->placeholderText().isEmpty());
    f.composer.send();
    QCOMPARE(sent.count(), 0);
    f.composer.setConversationName("general");
    QVERIFY(f.composer.isEnabled());
}

void TestComposer::replyCarriesTheQuotedSeq()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QVERIFY(!f.composer.isContextBarShown());
    f.composer.startReply(42, "alice", "NVDA broke\n480 just now");
    QVERIFY(f.composer.isContextBarShown());
    QCOMPARE(f.composer.replyTo(), 42);
    QCOMPARE(f.composer.contextTitle(), QString("Replying to alice"));
    QCOMPARE(f.composer.contextDetail(), QString("NVDA broke 480 just now")); // on one line
    QTest::keyClicks(f.edit, "congrats");
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0), QVariantList({QString("congrats"), qint64(42)}));
    // Answered: the next message is a message of its own.
    QVERIFY(!f.composer.isContextBarShown());
    QCOMPARE(f.composer.replyTo(), 0);
    QTest::keyClicks(f.edit, "and another");
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.at(1), QVariantList({QString("and another"), qint64(0)}));
    f.composer.startReply(0, "nobody", "unsent messages cannot be answered");
    QVERIFY(!f.composer.isContextBarShown());
}

void TestComposer::replyIsCancelledByCloseOrEscape()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    f.composer.startReply(7, "bob", "hi");
    QTest::keyClicks(f.edit, "kept");
    QTest::mouseClick(f.composer.contextCloseButton(), Qt::LeftButton);
    QVERIFY(!f.composer.isContextBarShown());
    QCOMPARE(f.composer.replyTo(), 0);
    QCOMPARE(f.composer.text(), QString("kept")); // only the reply goes, not the text
    f.composer.startReply(7, "bob", "hi");
    QTest::keyClick(f.edit, Qt::Key_Escape);
    QCOMPARE(f.composer.replyTo(), 0);
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.at(0), QVariantList({QString("kept"), qint64(0)}));
}

void TestComposer::editSubmitsAndGivesTheDraftBack()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    QSignalSpy edited(&f.composer, &Composer::editSubmitted);
    QSignalSpy typing(&f.composer, &Composer::typing);
    QSignalSpy drafts(&f.composer, &Composer::draftChanged);
    QTest::keyClicks(f.edit, "half a draft");
    const int typed = typing.count();
    const int draftChanges = drafts.count();

    f.composer.startEdit(9, "teh typo");
    QCOMPARE(f.composer.editing(), 9);
    QCOMPARE(f.composer.text(), QString("teh typo"));
    QCOMPARE(f.composer.contextTitle(), QString("Editing message"));
    QCOMPARE(f.composer.draft("general"), QString("half a draft")); // waiting aside
    f.edit->selectAll();
    QTest::keyClicks(f.edit, "the typo");
    QCOMPARE(typing.count(), typed); // an edit is not typing in the room
    QCOMPARE(drafts.count(), draftChanges); // nor a change to the draft
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0), QVariantList({qint64(9), QString("the typo")}));
    QCOMPARE(sent.count(), 0);
    QCOMPARE(f.composer.editing(), 0);
    QCOMPARE(f.composer.text(), QString("half a draft"));

    // Esc cancels; an unchanged text, or a blank one, is no edit.
    f.composer.startEdit(9, "the typo");
    QTest::keyClicks(f.edit, " and more");
    QTest::keyClick(f.edit, Qt::Key_Escape);
    QCOMPARE(f.composer.text(), QString("half a draft"));
    f.composer.startEdit(9, "the typo");
    QTest::keyClick(f.edit, Qt::Key_Return);
    f.composer.startEdit(9, "the typo");
    f.edit->clear();
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(f.composer.editing(), 9); // still editing: blank is not a text
    QTest::mouseClick(f.composer.contextCloseButton(), Qt::LeftButton);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(f.composer.text(), QString("half a draft"));
    QCOMPARE(f.composer.editing(), 0);
}

void TestComposer::upArrowInAnEmptyBoxAsksForTheLastEdit()
{
    Fixture f;
    QSignalSpy asked(&f.composer, &Composer::editLastRequested);
    QTest::keyClick(f.edit, Qt::Key_Up);
    QCOMPARE(asked.count(), 1);
    QTest::keyClicks(f.edit, "x");
    QTest::keyClick(f.edit, Qt::Key_Up); // moves the cursor in the text instead
    QTest::keyClick(f.edit, Qt::Key_Up, Qt::ShiftModifier);
    QCOMPARE(asked.count(), 1);
    f.composer.setText({});
    f.composer.startEdit(3, "");
    QTest::keyClick(f.edit, Qt::Key_Up); // already editing
    QCOMPARE(asked.count(), 1);
}

void TestComposer::switchingConversationsEndsReplyAndEdit()
{
    Fixture f;
    QTest::keyClicks(f.edit, "draft here");
    f.composer.startEdit(5, "an old message");
    f.composer.switchConversation("general", "@bob");
    QCOMPARE(f.composer.editing(), 0);
    QVERIFY(!f.composer.isContextBarShown());
    QCOMPARE(f.composer.draft("general"), QString("draft here")); // the draft, not the edit
    f.composer.startReply(8, "bob", "hey");
    f.composer.switchConversation("@bob", "general");
    QCOMPARE(f.composer.replyTo(), 0);
    QCOMPARE(f.composer.text(), QString("draft here"));
}

void TestComposer::atCompletesMembersAndHashCompletesRooms()
{
    Fixture f;
    QSignalSpy sent(&f.composer, &Composer::sendRequested);
    f.composer.setMemberNames({"alice", "alfred", "bob"});
    f.composer.setRoomNames({"general", "markets", "random"});
    QAbstractItemView *popup = f.composer.completer()->popup();

    QTest::keyClicks(f.edit, "hi @al");
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(f.composer.completer()->completionCount(), 2);
    QTest::keyClick(popup, Qt::Key_Down); // keys go to the popup while it shows
    QTest::keyClick(popup, Qt::Key_Tab);
    QCOMPARE(f.composer.text(), QString("hi @alfred "));
    QVERIFY(!popup->isVisible());

    QTest::keyClicks(f.edit, "see #MAR");
    QTRY_VERIFY(popup->isVisible());
    QTest::keyClick(f.edit, Qt::Key_Return); // Enter takes the name, it does not send
    QCOMPARE(f.composer.text(), QString("hi @alfred see #markets "));
    QCOMPARE(sent.count(), 0);

    // Nothing to complete: an address, an unknown name, Esc.
    QTest::keyClicks(f.edit, "mail bob@al");
    QVERIFY(!popup->isVisible());
    QTest::keyClicks(f.edit, " @zed");
    QVERIFY(!popup->isVisible());
    QTest::keyClicks(f.edit, " @b");
    QTRY_VERIFY(popup->isVisible());
    QTest::keyClick(f.edit, Qt::Key_Escape);
    QVERIFY(!popup->isVisible());
    QTest::keyClick(f.edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toString(), QString("hi @alfred see #markets mail bob@al @zed @b"));
}

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
