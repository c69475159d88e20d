#pragma once

#include "ui/chat/MessageRowLayout.h"

#include <QCache>
#include <QHash>
#include <QMetaObject>
#include <QPointer>
#include <QStyledItemDelegate>
#include <QUrl>

class QAbstractItemView;

namespace sb::ui {

// Paints MessageListModel rows (see MessageRowLayout for what a row looks like) and keeps
// scrollback cheap: QListView asks every row's sizeHint whenever it lays out, so heights are
// cached per message and width and only recomputed for rows whose data changed. Laid-out text is
// kept for a few hundred rows — the ones on screen and around them — so painting while scrolling
// does not wrap text again either. Markdown is parsed once per message text and kept (for the
// rows that have any, MessageMarkup::needsMarkdown) across widths, so dragging the window edge
// only wraps text again. A theme change drops the laid-out rows (their colours), not the heights.
//
// Clicks: Retry and Discard on a failed row, the quote (quoteClicked with the quoted seq), a
// reaction chip (reactionClicked), the add-reaction chip, and links in the text, which only
// LinkOpener opens (http, https, mailto).
//
// Call setModel() with the model the view shows: the delegate listens to it to drop the cache
// entries of changed rows and tells the view (sizeHintChanged) that heights moved.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QObject *parent = nullptr);

    void setModel(QAbstractItemModel *model);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    // Where a failed row's Retry or Discard link is, in the view's viewport coordinates (for
    // the pointer cursor and for tests); empty when the row shows no such link.
    QRect linkRect(const QAbstractItemView *view, const QModelIndex &index,
        MessageRowLayout::Link link) const;
    MessageRowLayout::Link linkAt(const QAbstractItemView *view, const QPoint &viewportPos) const;
    QRect reactionRect(const QAbstractItemView *view, const QModelIndex &index, int reaction) const;

    // Text selection inside one message (ChatView drives it with the mouse). The row is held by
    // a persistent index, so history loading above it does not move the selection elsewhere.
    // textPositionAt: see MessageRowLayout::textPositionAt, for `index`'s row in the viewport.
    int textPositionAt(const QAbstractItemView *view, const QModelIndex &index,
        const QPoint &viewportPos, bool clamp) const;
    QPoint textPoint(const QAbstractItemView *view, const QModelIndex &index, int position) const;
    void setTextSelection(const QModelIndex &index, int anchor, int cursor);
    void clearTextSelection();
    QModelIndex selectedRow() const { return m_selectedRow; }
    MessageRowLayout::TextRange selectedRange() const;
    QString selectedText(const QAbstractItemView *view) const;

    // How many rows were laid out (text wrapped) since construction: lets tests prove that
    // scrolling reuses the cache instead of wrapping every row again.
    int layoutCount() const { return m_layoutCount; }
    void clearCache();

    MessageRowLayout::Hit hitAt(const QAbstractItemView *view, const QPoint &viewportPos) const;
    // The row's text as shown (without Markdown syntax): what selection positions count in.
    QString shownText(const QAbstractItemView *view, const QModelIndex &index) const;
    // The row's body (without its day or unread divider), in viewport coordinates.
    QRect bodyRect(const QAbstractItemView *view, const QModelIndex &index) const;

signals:
    void retryClicked(const QString &clientId);
    void discardClicked(const QString &clientId);
    void quoteClicked(qint64 quotedSeq);
    void reactionClicked(qint64 seq, const QString &emoji);
    // The "add a reaction" chip; `globalPos` is where to open a picker.
    void addReactionClicked(qint64 seq, const QPoint &globalPos);
    // A link in the text was clicked; `opened` is false when LinkOpener refused it.
    void linkClicked(const QUrl &url, bool opened);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    // A message keeps its identity across inserts above it: its seq, or while it is unconfirmed
    // its client id. Row numbers would shift with every page of older history.
    struct RowKey
    {
        qint64 seq = 0;
        QString clientId;

        friend bool operator==(const RowKey &a, const RowKey &b)
        {
            return a.seq == b.seq && a.clientId == b.clientId;
        }
        friend size_t qHash(const RowKey &key, size_t seed = 0)
        {
            return key.seq > 0 ? qHash(key.seq, seed) : qHash(key.clientId, seed);
        }
    };
    struct CachedSize
    {
        int width = 0;
        int height = 0;
    };
    struct CachedMarkup
    {
        QString text; // what was parsed: an edit brings a new text, a new parse
        MessageMarkup::Blocks blocks;
    };

    static RowKey keyOf(const QModelIndex &index);
    static int rowWidth(const QStyleOptionViewItem &option);
    const MessageRowLayout &layoutFor(const QModelIndex &index, const QFont &font, int width) const;
    // The row as laid out for the view's width and font (what paint uses), for hit-testing.
    const MessageRowLayout &layoutIn(const QAbstractItemView *view, const QModelIndex &index) const;
    void checkFont(const QFont &font) const;
    void invalidateRows(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    MessageRowLayout::Message messageFor(const QModelIndex &index, const RowKey &key) const;

    // Heights for every row met so far, keyed by identity; an entry only counts for the width it
    // was measured at. One width per row (not one per width ever seen) keeps the memory bounded
    // while the user drags the window edge.
    mutable QHash<RowKey, CachedSize> m_sizes;
    mutable QCache<RowKey, MessageRowLayout> m_layouts;
    mutable QCache<RowKey, CachedMarkup> m_markup; // only rows with Markdown in them
    mutable QFont m_font; // the font the caches were built with
    mutable int m_layoutCount = 0;
    QPointer<QAbstractItemModel> m_model;
    QPersistentModelIndex m_selectedRow;
    int m_selectionAnchor = 0;
    int m_selectionCursor = 0;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace sb::ui
