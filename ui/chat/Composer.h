#pragma once

#include <QHash>
#include <QWidget>

class QPlainTextEdit;
class QToolButton;

namespace sb::ui {

// Where the user writes: a text box that grows from one to six lines (then scrolls) and a send
// button. Enter sends, Shift+Enter starts a new line. Text is trimmed; blank text never sends.
//
// Each conversation keeps its own unsent draft: switchConversation() files the text away under
// the conversation being left and brings back the one of the conversation being opened, so a
// half-written message survives a look at another room.
//
// typing() fires on every change that adds text (the Session throttles it to one event per
// 3 s); typingStopped() fires when the box becomes empty, by deleting or by sending.
class Composer : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxLines = 6;

    explicit Composer(QWidget *parent = nullptr);

    // "general" shows "Message #general", "@bob" shows "Message @bob"; "" disables the composer
    // and says to pick a conversation first.
    void setConversationName(const QString &name);
    QString conversationName() const { return m_conversation; }

    // Files the current text under `from` and shows `to`'s draft (and name).
    void switchConversation(const QString &from, const QString &to);
    void setDraft(const QString &conversation, const QString &text);
    QString draft(const QString &conversation) const;
    // Every unsent draft, the one on screen included (conversation → text).
    QHash<QString, QString> drafts() const;

    QString text() const;
    void setText(const QString &text); // no typing() for text set by the program
    // "@name " at the cursor (after a space when the text before it has none), then focus:
    // a reply to or a mention of someone, from a context menu.
    void insertMention(const QString &name);
    int visibleLines() const; // 1…MaxLines: how tall the box currently is

    QPlainTextEdit *editor() const { return m_edit; }
    QToolButton *sendButton() const { return m_send; }

public slots:
    void send();

signals:
    void sendRequested(const QString &text);
    void typing();
    void typingStopped();
    // The user changed the text of `conversation`'s draft (typed, deleted or sent): not for text
    // set by the program (switching conversations, restoring drafts).
    void draftChanged(const QString &conversation, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onTextChanged();
    void updateHeight();
    void updatePlaceholder();

    QPlainTextEdit *m_edit = nullptr;
    QToolButton *m_send = nullptr;
    QString m_conversation;
    QHash<QString, QString> m_drafts; // every conversation but the one on screen
    qsizetype m_lastLength = 0;
    bool m_programmatic = false; // text changes made by us, not typed
    int m_lines = 1;
};

} // namespace sb::ui
