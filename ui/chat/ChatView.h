#pragma once

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;

namespace sb::models {
class MessageListModel;
}

namespace sb::ui {

class MessageDelegate;

// The message column of the main window: a header strip ("#markets" and "14 online · topic"),
// the messages, and a typing line under them.
//
// Scrolling behaves the way chat users expect: at the bottom, new messages keep the view at the
// bottom; scrolled up, nothing moves under the reader — not when new messages arrive below, and
// not when a page of older history is inserted above (the top visible message stays put). When
// the reader gets within three screens of the top, olderMessagesWanted() asks for the next page
// (once, until rows arrive or the model resets), so history is there before they reach it.
class ChatView : public QWidget
{
    Q_OBJECT

public:
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

    // Scrolls to the message with this seq and highlights it (search results, jump to reply).
    // false when it is not loaded.
    bool scrollToSeq(qint64 seq);
    void scrollToBottom();
    bool isAtBottom() const;
    bool isEmptyStateVisible() const;

    // Part of one message's text, selected by dragging over it (a double-click takes a word);
    // Ctrl+C copies it. Empty when nothing is selected.
    QString selectedText() const;
    void copySelection() const;

    QListView *listView() const { return m_list; }
    MessageDelegate *delegate() const { return m_delegate; }

signals:
    void olderMessagesWanted();
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);

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

    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    bool m_selectingText = false; // a drag that began over a message's text is under way
    int m_selectionAnchor = 0; // where it began
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_typing = nullptr;
    MessageDelegate *m_delegate = nullptr;
    QPointer<models::MessageListModel> m_model;

    bool m_stickToBottom = true;
    bool m_olderRequested = false;
    bool m_adjusting = false; // our own scrolling, not the reader's
    // The top visible message and its offset from the viewport top, to keep it in place.
    QPersistentModelIndex m_anchor;
    int m_anchorOffset = 0;
};

} // namespace sb::ui
