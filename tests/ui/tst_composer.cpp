// Composer: Enter sends the trimmed text and clears, Shift+Enter is a new line, blank text never
// sends, typing()/typingStopped(), the box grows to six lines, drafts follow conversations.
#include "ui/chat/Composer.h"

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

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
