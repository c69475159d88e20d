#pragma once

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QListView;
class QTimer;
class QToolButton;

namespace sb::models {
class MessageListModel;
}

namespace sb::ui {

class EmojiPicker;
class MessageDelegate;
class MessageToolbar;

// The message column of the main window: a header strip ("#markets" and "14 online · topic"),
// the messages, and a typing line under them.
//
// Scrolling behaves the way chat users expect: at the bottom, new messages keep the view at the
// bottom; scrolled up, nothing moves under the reader — not when new messages arrive below, and
// not when a page of older history is inserted above (the top visible message stays put). When
// the reader gets within three screens of the top, olderMessagesWanted() asks for the next page
// (once, until rows arrive or the model resets), so history is there before they reach it.
// Scrolled up, a "Jump to latest" button floats over the bottom with the count of messages
// below.
//
// Acting on a message: a toolbar over the message under the pointer (MessageToolbar: reply,
// react, edit, delete, more) and the context menu (MessageMenu) both end in the slots below, which
// check what is allowed and emit what the user asked for; the window passes it on to the
// controller. Edit and delete are offered only where setPermissions() allows them (by default:
// the user's own confirmed messages); delete asks first. React opens an EmojiPicker. Clicks in a
// message (a quote, a reaction chip, a link) come out as signals too; links open only through
// LinkOpener.
class ChatView : public QWidget
{
    Q_OBJECT

public:
    using Permission = std::function<bool(qint64 seq)>;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setModel(models::MessageListModel *model);
    models::MessageListModel *model() const;

    // The strip above the messages: title "#markets", subtitle "14 online · topic".
    void setHeader(const QString &title, const QString &subtitle);
    QString headerTitle() const;
    QString headerSubtitle() const;

    // "alice is typing…" under the list; hidden (keeping its space) when empty.
    void setTypingText(const QString &text);
    QString typingText() const;

    // Who may edit and delete which message (ChatController::canEdit / canDelete). A null
    // function means the default: the user's own confirmed messages. Tombstones never.
    void setPermissions(Permission canEdit, Permission canDelete);
    bool canEdit(qint64 seq) const;
    bool canDelete(qint64 seq) const;
    bool canReact(qint64 seq) const; // confirmed and not deleted: also what a reply needs
    // The loaded message's text as typed (Markdown and all) and author; "" when not loaded.
    QString textOf(qint64 seq) const;
    QString authorOf(qint64 seq) const;
    // Its text as shown, on one line (without Markdown syntax): for a reply's quote.
    QString quoteOf(qint64 seq) const;
    // The newest loaded message the user may edit, 0 for none (Up-arrow in an empty composer).
    qint64 lastEditableSeq() const;

    void scrollToBottom();
    bool isAtBottom() const;
    bool isEmptyStateVisible() const;

    // Part of one message's text, selected by dragging over it (a double-click takes a word);
    // Ctrl+C copies it. Empty when nothing is selected.
    QString selectedText() const;
    void copySelection() const;

    QListView *listView() const { return m_list; }
    MessageDelegate *delegate() const { return m_delegate; }
    MessageToolbar *toolbar() const { return m_toolbar; }
    EmojiPicker *emojiPicker(); // created on first use
    QToolButton *jumpButton() const { return m_jump; }
    int messagesBelow() const; // rows under the viewport's bottom edge

public slots:
    // Scrolls to the message with this seq and highlights it for a moment (search results,
    // a jump to a quoted message once it is loaded). false when it is not loaded.
    bool scrollToSeq(qint64 seq);
    // The actions on one message, from the toolbar, the context menu or a shortcut. Each does
    // nothing when the action is not allowed for that message.
    void requestReply(qint64 seq);
    void openReactionPicker(qint64 seq, const QPoint &globalPos);
    void requestEdit(qint64 seq);
    void confirmDelete(qint64 seq); // asks first; deleteRequested() only on "Delete"

signals:
    void olderMessagesWanted();
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);
    void replyRequested(qint64 seq);
    void editRequested(qint64 seq);
    void deleteRequested(qint64 seq);
    void reactionToggled(qint64 seq, const QString &emoji);
    void quoteClicked(qint64 quotedSeq); // jump there (the controller loads history around it)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onScrolled(int value);
    void onRangeChanged(int minimum, int maximum);
    void onRowsInserted();
    void onModelReset();
    void rememberAnchor();
    void restoreAnchor();
    void maybeWantOlder();
    void updateEmptyState();
    // The mouse over the messages: true when it selected text (the list must not act on it).
    bool handleSelectionMouse(QEvent *event);
    void selectWordAt(const QModelIndex &index, int position);
    void updateToolbar();
    void updateJumpButton();
    QModelIndex indexOfSeq(qint64 seq) const;
    // A loaded, live message, and `permission` (null: the user's own messages) says yes.
    bool isAllowed(const Permission &permission, qint64 seq) const;

    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    bool m_selectingText = false; // a drag that began over a message's text is under way
    int m_selectionAnchor = 0; // where it began
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_typing = nullptr;
    MessageDelegate *m_delegate = nullptr;
    MessageToolbar *m_toolbar = nullptr;
    EmojiPicker *m_picker = nullptr;
    qint64 m_pickerSeq = 0; // the message the open picker reacts to
    QToolButton *m_jump = nullptr;
    QTimer *m_flash = nullptr; // ends scrollToSeq's highlight
    QPoint m_hoverPos {-1, -1}; // the pointer over the viewport, while it is there
    Permission m_canEdit;
    Permission m_canDelete;
    QPointer<models::MessageListModel> m_model;

    bool m_stickToBottom = true;
    bool m_olderRequested = false;
    bool m_adjusting = false; // our own scrolling, not the reader's
    // The top visible message and its offset from the viewport top, to keep it in place.
    QPersistentModelIndex m_anchor;
    int m_anchorOffset = 0;
};

} // namespace sb::ui
