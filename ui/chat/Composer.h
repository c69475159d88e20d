#pragma once

#include <QHash>
#include <QWidget>

class QCompleter;
class QKeyEvent;
class QLabel;
class QPlainTextEdit;
class QStringListModel;
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
//
// Replying: startReply() shows the quoted author and text above the box (× cancels); the next
// send carries the quoted seq (sendRequested's replyTo, 0 otherwise). Editing: startEdit() puts
// the message's text in the box under an "Editing" bar, the draft waiting aside; Enter submits
// (editSubmitted; an unchanged text just ends the edit), Esc or × cancels, and either way the
// draft comes back. Up-arrow in an empty box asks for the last message the user may edit
// (editLastRequested). "@" completes from setMemberNames(), "#" from setRoomNames(): a popup
// while typing the name, Tab or Enter takes the highlighted one, Esc closes it. Switching
// conversations ends a reply or an edit.
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

    void startReply(qint64 seq, const QString &author, const QString &text);
    void cancelReply();
    qint64 replyTo() const { return m_replyTo; } // 0 when not replying
    void startEdit(qint64 seq, const QString &text);
    void cancelEdit();
    qint64 editing() const { return m_editSeq; } // 0 when not editing
    bool isContextBarShown() const; // the reply or edit bar

    void setMemberNames(const QStringList &names); // "@" completes these
    void setRoomNames(const QStringList &names); // "#" completes these

    QPlainTextEdit *editor() const { return m_edit; }
    QToolButton *sendButton() const { return m_send; }
    QCompleter *completer() const { return m_completer; }
    QToolButton *contextCloseButton() const { return m_contextClose; }
    QString contextTitle() const; // "Replying to alice", "Editing message"
    QString contextDetail() const; // the quoted text, or how to leave the edit

public slots:
    void send();

signals:
    // replyTo: the seq of the message answered, 0 for none.
    void sendRequested(const QString &text, qint64 replyTo);
    void editSubmitted(qint64 seq, const QString &text);
    void editLastRequested(); // Up-arrow in an empty box: call startEdit() with it
    void typing();
    void typingStopped();
    // The user changed the text of `conversation`'s draft (typed, deleted or sent): not for text
    // set by the program (switching conversations, restoring drafts).
    void draftChanged(const QString &conversation, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Context { None, Reply, Edit };

    void onTextChanged();
    void updateHeight();
    void updatePlaceholder();
    void showContext(Context context, const QString &title, const QString &detail);
    void endContext(); // back to writing a new message (a stashed draft comes back)
    QString currentDraft() const; // what the user was writing, also while an edit is in the box
    // "@al" or "#gen" just before the cursor: the sigil's position, else -1.
    int completionStart() const;
    void updateCompletion();
    void acceptCompletion(const QString &name);
    bool completionKey(QKeyEvent *key); // Tab/Enter/Esc while the popup shows

    QPlainTextEdit *m_edit = nullptr;
    QToolButton *m_send = nullptr;
    QWidget *m_contextBar = nullptr;
    QLabel *m_contextTitle = nullptr;
    QLabel *m_contextDetail = nullptr;
    QToolButton *m_contextClose = nullptr;
    Context m_context = Context::None;
    qint64 m_replyTo = 0;
    qint64 m_editSeq = 0;
    QString m_editOriginal; // to tell an unchanged edit
    QString m_stash; // the draft set aside while editing
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completions = nullptr;
    QStringList m_members;
    QStringList m_rooms;
    QString m_conversation;
    QHash<QString, QString> m_drafts; // every conversation but the one on screen
    qsizetype m_lastLength = 0;
    bool m_programmatic = false; // text changes made by us, not typed
    int m_lines = 1;
};

} // namespace sb::ui
