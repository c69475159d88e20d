#include "ui/chat/MessageDelegate.h"

#include "models/MessageListModel.h"
#include "ui/Theme.h"
#include "ui/chat/LinkOpener.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace sb::ui {

using models::MessageListModel;

namespace {

// Enough for the rows on a tall screen several times over; each entry holds wrapped text.
constexpr int LayoutCacheRows = 400;
// Parsed Markdown, kept across widths: a tenth of a 100,000-message room, a few MiB.
constexpr int MarkupCacheRows = 10000;
constexpr int MinimumWidth = 160; // below this the text column would vanish

} // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(LayoutCacheRows)
    , m_markup(MarkupCacheRows)
{
    // Laid-out rows carry the theme's colours (links, code, mentions); their heights stay.
    connect(Theme::notifier(), &ThemeNotifier::changed, this, [this] { m_layouts.clear(); });
}

void MessageDelegate::setModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    clearCache();
    m_model = model;
    if (!model)
        return;
    m_connections << connect(model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            invalidateRows(topLeft, bottomRight);
        });
    m_connections << connect(model, &QAbstractItemModel::modelReset, this,
        &MessageDelegate::clearCache);
}

void MessageDelegate::clearCache()
{
    m_sizes.clear();
    m_layouts.clear();
    m_markup.clear();
}

void MessageDelegate::invalidateRows(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const RowKey key = keyOf(topLeft.siblingAtRow(row));
        m_sizes.remove(key);
        m_layouts.remove(key);
        m_markup.remove(key); // the own user's name (its @mentions) may have changed
    }
    // QListView does not re-measure rows on dataChanged by itself; one signal schedules one
    // relayout, which finds every other height in the cache.
    emit sizeHintChanged(topLeft);
}

MessageDelegate::RowKey MessageDelegate::keyOf(const QModelIndex &index)
{
    const qint64 seq = index.data(MessageListModel::SeqRole).toLongLong();
    if (seq > 0)
        return {seq, {}};
    return {0, index.data(MessageListModel::ClientIdRole).toString()};
}

int MessageDelegate::rowWidth(const QStyleOptionViewItem &option)
{
    // QListView hands sizeHint an option without a useful rect: the viewport decides the width,
    // and paint must use the very same number to hit the same cache entries.
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        return qMax(MinimumWidth, view->viewport()->width());
    return qMax(MinimumWidth, option.rect.width());
}

const MessageRowLayout &MessageDelegate::layoutIn(const QAbstractItemView *view, const QModelIndex &index) const
{
    return layoutFor(index, view->font(), qMax(MinimumWidth, view->viewport()->width()));
}

void MessageDelegate::checkFont(const QFont &font) const
{
    if (font == m_font)
        return;
    m_font = font;
    m_sizes.clear();
    m_layouts.clear();
}

const MessageRowLayout &MessageDelegate::layoutFor(
    const QModelIndex &index, const QFont &font, int width) const
{
    const RowKey key = keyOf(index);
    if (MessageRowLayout *cached = m_layouts.object(key); cached && cached->width() == width)
        return *cached;
    auto *layout = new MessageRowLayout(messageFor(index, key), font, width);
    ++m_layoutCount;
    m_sizes.insert(key, {width, layout->height()});
    m_layouts.insert(key, layout); // takes ownership; always fits, as its cost is 1
    return *layout;
}

MessageRowLayout::Message MessageDelegate::messageFor(const QModelIndex &index, const RowKey &key) const
{
    MessageRowLayout::Message message = MessageRowLayout::Message::fromIndex(index);
    if (message.deleted || !MessageMarkup::needsMarkdown(message.text))
        return message; // plain text: nothing to parse, nothing worth keeping
    if (const CachedMarkup *cached = m_markup.object(key); cached && cached->text == message.text) {
        message.markup = cached->blocks;
    } else {
        message.markup = MessageMarkup::parse(message.text, message.ownUser);
        m_markup.insert(key, new CachedMarkup {message.text, message.markup});
    }
    message.hasMarkup = true;
    return message;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    checkFont(option.font);
    const int width = rowWidth(option);
    const auto it = m_sizes.constFind(keyOf(index));
    if (it != m_sizes.constEnd() && it->width == width)
        return {width, it->height};
    return {width, layoutFor(index, option.font, width).height()};
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    checkFont(option.font);
    const MessageRowLayout &layout = layoutFor(index, option.font, rowWidth(option));
    int flags = MessageRowLayout::NoFlags;
    if (option.state & QStyle::State_MouseOver)
        flags |= MessageRowLayout::Hovered;
    if (option.state & QStyle::State_Selected)
        flags |= MessageRowLayout::Highlighted;
    const bool selected = m_selectedRow.isValid() && m_selectedRow == index;
    layout.paint(painter, option.palette, option.rect.topLeft(), flags,
        selected ? selectedRange() : MessageRowLayout::TextRange {});
}

int MessageDelegate::textPositionAt(const QAbstractItemView *view, const QModelIndex &index,
    const QPoint &viewportPos, bool clamp) const
{
    if (!view || !index.isValid())
        return -1;
    const QRect rowRect = view->visualRect(index);
    return layoutIn(view, index)
        .textPositionAt(viewportPos - rowRect.topLeft(), clamp);
}

QPoint MessageDelegate::textPoint(const QAbstractItemView *view, const QModelIndex &index, int position) const
{
    if (!view || !index.isValid())
        return {};
    return view->visualRect(index).topLeft()
        + layoutIn(view, index).textPoint(position);
}

void MessageDelegate::setTextSelection(const QModelIndex &index, int anchor, int cursor)
{
    m_selectedRow = index;
    m_selectionAnchor = anchor;
    m_selectionCursor = cursor;
}

void MessageDelegate::clearTextSelection()
{
    m_selectedRow = QPersistentModelIndex();
    m_selectionAnchor = m_selectionCursor = 0;
}

MessageRowLayout::TextRange MessageDelegate::selectedRange() const
{
    if (!m_selectedRow.isValid())
        return {};
    return { qMin(m_selectionAnchor, m_selectionCursor), qMax(m_selectionAnchor, m_selectionCursor) };
}

QString MessageDelegate::selectedText(const QAbstractItemView *view) const
{
    if (!view || !m_selectedRow.isValid() || selectedRange().isEmpty())
        return {};
    return layoutIn(view, m_selectedRow)
        .textIn(selectedRange());
}

QRect MessageDelegate::linkRect(
    const QAbstractItemView *view, const QModelIndex &index, MessageRowLayout::Link link) const
{
    if (!view || !index.isValid())
        return {};
    const QRect rowRect = view->visualRect(index);
    const QRect local =
        layoutIn(view, index).linkRect(link);
    return local.isEmpty() ? QRect() : local.translated(rowRect.topLeft());
}

QRect MessageDelegate::reactionRect(
    const QAbstractItemView *view, const QModelIndex &index, int reaction) const
{
    if (!view || !index.isValid())
        return {};
    const QRect local = layoutIn(view, index).reactionRect(reaction);
    return local.isEmpty() ? QRect() : local.translated(view->visualRect(index).topLeft());
}

MessageRowLayout::Hit MessageDelegate::hitAt(const QAbstractItemView *view, const QPoint &viewportPos) const
{
    const QModelIndex index = view ? view->indexAt(viewportPos) : QModelIndex();
    if (!index.isValid())
        return {};
    const QRect rowRect = view->visualRect(index);
    return layoutIn(view, index).hitAt(viewportPos - rowRect.topLeft());
}

MessageRowLayout::Link MessageDelegate::linkAt(
    const QAbstractItemView *view, const QPoint &viewportPos) const
{
    return hitAt(view, viewportPos).link;
}

QString MessageDelegate::shownText(const QAbstractItemView *view, const QModelIndex &index) const
{
    if (!view || !index.isValid())
        return {};
    return layoutIn(view, index).shownText();
}

QRect MessageDelegate::bodyRect(const QAbstractItemView *view, const QModelIndex &index) const
{
    if (!view || !index.isValid())
        return {};
    return layoutIn(view, index).bodyRect().translated(view->visualRect(index).topLeft());
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    // Act on release, like a push button: a press that drags away does nothing.
    if (event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const auto *mouse = static_cast<QMouseEvent *>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    const MessageRowLayout &layout = layoutFor(index, option.font, rowWidth(option));
    const QPoint local = mouse->position().toPoint() - option.rect.topLeft();
    const MessageRowLayout::Hit hit = layout.hitAt(local);
    const MessageRowLayout::Message &message = layout.message();
    switch (hit.link) {
    case MessageRowLayout::Link::Retry:
        emit retryClicked(index.data(MessageListModel::ClientIdRole).toString());
        return true;
    case MessageRowLayout::Link::Discard:
        emit discardClicked(index.data(MessageListModel::ClientIdRole).toString());
        return true;
    case MessageRowLayout::Link::Quote:
        emit quoteClicked(message.replyTo);
        return true;
    case MessageRowLayout::Link::Reaction:
        emit reactionClicked(message.seq, message.reactions.at(hit.reaction).emoji);
        return true;
    case MessageRowLayout::Link::AddReaction: {
        const QRect chip = layout.linkRect(MessageRowLayout::Link::AddReaction).translated(option.rect.topLeft());
        const QWidget *widget = option.widget;
        if (const auto *view = qobject_cast<const QAbstractItemView *>(widget))
            widget = view->viewport();
        emit addReactionClicked(message.seq, widget ? widget->mapToGlobal(chip.bottomLeft()) : chip.bottomLeft());
        return true;
    }
    case MessageRowLayout::Link::Url: {
        const QUrl url(hit.href);
        emit linkClicked(url, LinkOpener::open(url));
        return true;
    }
    case MessageRowLayout::Link::None:
        break;
    }
    return false;
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const MessageRowLayout &layout = layoutFor(index, option.font, rowWidth(option));
    const QPoint local = event->pos() - option.rect.topLeft();
    const MessageRowLayout::Hit hit = layout.hitAt(local);
    QString tip;
    if (hit.link == MessageRowLayout::Link::Reaction)
        tip = layout.reactionToolTip(hit.reaction);
    else if (hit.link == MessageRowLayout::Link::AddReaction)
        tip = tr("Add a reaction");
    else if (hit.link == MessageRowLayout::Link::Quote)
        tip = tr("Show the message this answers");
    else if (hit.link == MessageRowLayout::Link::Url)
        tip = hit.href;
    else if (layout.editedRect().contains(local))
        tip = tr("Edited %1").arg(QLocale().toString(layout.message().editedAt, QLocale::LongFormat));
    else if (layout.statusRect().contains(local))
        tip = layout.statusToolTip();
    else if (layout.timeRect().contains(local))
        tip = QLocale().toString(
            index.data(MessageListModel::TimestampRole).toDateTime(), QLocale::LongFormat);
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return true; // no tooltip with the whole message text: it is already on screen
    }
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}

} // namespace sb::ui
