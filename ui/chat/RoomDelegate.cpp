#include "ui/chat/RoomDelegate.h"

#include "models/PresenceModel.h"
#include "models/RoomListModel.h"
#include "ui/Theme.h"
#include "ui/chat/StatusDot.h"

#include <QPainter>
#include <QPainterPath>

namespace sb::ui {

using models::RoomListModel;

namespace {

constexpr int G = Theme::Grid;
constexpr int Inset = G; // the highlight is inset from the sidebar edges
constexpr int TextLeft = 2 * G; // '#' or the dot
constexpr int NameLeft = 4 * G;
constexpr int BadgeHeight = 2 * G + 2;

QFont smallBold(const QFont &font)
{
    return Theme::scaledFont(font, 0.8, true);
}

int kindOf(const QModelIndex &index)
{
    return index.data(RoomListModel::KindRole).toInt();
}

int badgeWidth(const QFont &font, const QString &text)
{
    return qMax(BadgeHeight, QFontMetrics(smallBold(font)).horizontalAdvance(text) + G + 2);
}

} // namespace

RoomDelegate::RoomDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void RoomDelegate::setPresenceModel(const models::PresenceModel *presence)
{
    m_presence = presence;
}

bool RoomDelegate::startsSection(const QModelIndex &index)
{
    return index.row() == 0 || kindOf(index.siblingAtRow(index.row() - 1)) != kindOf(index);
}

QRect RoomDelegate::itemRect(const QRect &rowRect, const QModelIndex &index)
{
    return startsSection(index) ? rowRect.adjusted(0, HeaderHeight, 0, 0) : rowRect;
}

QString RoomDelegate::unreadBadgeText(int unread)
{
    if (unread <= 0)
        return {};
    return unread > 99 ? tr("99+") : QString::number(unread);
}

QString RoomDelegate::sectionTitle(const QModelIndex &index) const
{
    return kindOf(index) == RoomListModel::RoomKind ? tr("ROOMS") : tr("DIRECT");
}

QString RoomDelegate::statusOf(const QModelIndex &index) const
{
    // The model knows the peer's status from every shared room; the open room's people are
    // only a fallback for models that are not told (a DM's peer is rarely in the open room).
    const QString known = index.data(RoomListModel::PeerStatusRole).toString();
    if (!known.isEmpty() || !m_presence)
        return known;
    return m_presence->status(index.data(Qt::DisplayRole).toString());
}

QSize RoomDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(option)
    return {NameLeft, RowHeight + (startsSection(index) ? HeaderHeight : 0)};
}

QRect RoomDelegate::unreadBadgeRect(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString text = unreadBadgeText(index.data(RoomListModel::UnreadRole).toInt());
    if (text.isEmpty())
        return {};
    const QRect item = itemRect(option.rect, index);
    const int width = badgeWidth(option.font, text);
    return {item.right() - 2 * G - width + 1, item.center().y() - BadgeHeight / 2 + 1, width,
        BadgeHeight};
}

QRect RoomDelegate::mentionBadgeRect(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.data(RoomListModel::HasMentionRole).toBool())
        return {};
    const QRect item = itemRect(option.rect, index);
    const QRect unread = unreadBadgeRect(option, index);
    const int right = unread.isEmpty() ? item.right() - 2 * G : unread.left() - G / 2 - 1;
    return {right - BadgeHeight + 1, item.center().y() - BadgeHeight / 2 + 1, BadgeHeight,
        BadgeHeight};
}

void RoomDelegate::paintBadge(QPainter *painter, const QRect &rect, const QString &text,
    const QColor &background, const QStyleOptionViewItem &option) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(QRectF(rect), rect.height() / 2.0, rect.height() / 2.0);
    painter->setFont(smallBold(option.font));
    painter->setPen(option.palette.color(QPalette::HighlightedText));
    painter->drawText(rect, Qt::AlignCenter, text);
}

void RoomDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;

    if (startsSection(index)) {
        const QRect header(option.rect.left() + TextLeft, option.rect.top(),
            option.rect.width() - 2 * TextLeft, HeaderHeight - G / 2);
        QFont font = smallBold(option.font);
        font.setLetterSpacing(QFont::PercentageSpacing, 108); // small caps read better spaced
        painter->setFont(font);
        painter->setPen(Theme::muted());
        painter->drawText(header, Qt::AlignLeft | Qt::AlignBottom, sectionTitle(index));
    }

    const QRect item = itemRect(option.rect, index);
    const QRect highlight = item.adjusted(Inset, 2, -Inset, -2);
    const bool current = index.data(RoomListModel::IsCurrentRole).toBool();
    const bool hovered = option.state & QStyle::State_MouseOver;
    const bool focused = (option.state & QStyle::State_HasFocus)
        && (option.state & QStyle::State_Selected);
    if (current || hovered || focused) {
        const QColor fill = current
            ? Theme::withAlpha(Theme::accent(), Theme::isDark() ? 0.32 : 0.16)
            : palette.color(QPalette::AlternateBase);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(highlight), 6, 6);
    }

    const int unread = index.data(RoomListModel::UnreadRole).toInt();
    const bool mention = index.data(RoomListModel::HasMentionRole).toBool();
    const bool emphasised = unread > 0 || mention || current;
    const QColor text = palette.color(QPalette::Text);
    // Read conversations recede a little; unread ones are full strength and bold; muted ones
    // (never unread) recede further and say so where the badge would be.
    const bool muted = index.data(RoomListModel::MutedRole).toBool();
    const QColor nameColour = emphasised ? text : Theme::withAlpha(text, muted ? 0.5 : 0.72);

    const int prefixLeft = item.left() + TextLeft;
    if (kindOf(index) == RoomListModel::DirectKind) {
        const QRectF dot(prefixLeft + 1, item.center().y() - StatusDot::Size / 2.0 + 1,
            StatusDot::Size, StatusDot::Size);
        StatusDot::paint(painter, dot, statusOf(index));
    } else {
        painter->setFont(option.font);
        painter->setPen(Theme::muted());
        painter->drawText(QRect(prefixLeft, item.top(), NameLeft - TextLeft, item.height()),
            Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("#"));
    }

    const QRect unreadRect = unreadBadgeRect(option, index);
    const QRect mentionRect = mentionBadgeRect(option, index);
    int nameRight = item.right() - 2 * G;
    if (muted && mentionRect.isEmpty() && unreadRect.isEmpty()) {
        const QFont small = Theme::scaledFont(option.font, 0.85);
        const QString label = tr("muted");
        const int width = QFontMetrics(small).horizontalAdvance(label);
        painter->setFont(small);
        painter->setPen(Theme::muted());
        painter->drawText(QRect(nameRight - width, item.top(), width, item.height()),
            Qt::AlignRight | Qt::AlignVCenter, label);
        nameRight -= width + G;
    }
    if (!mentionRect.isEmpty())
        nameRight = mentionRect.left() - G;
    else if (!unreadRect.isEmpty())
        nameRight = unreadRect.left() - G;

    QFont nameFont = option.font;
    nameFont.setBold(unread > 0 || mention);
    painter->setFont(nameFont);
    painter->setPen(nameColour);
    const QRect nameRect(item.left() + NameLeft, item.top(), nameRight - item.left() - NameLeft,
        item.height());
    const QString name = QFontMetrics(nameFont).elidedText(
        index.data(Qt::DisplayRole).toString(), Qt::ElideRight, nameRect.width());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter, name);

    if (!mentionRect.isEmpty())
        paintBadge(painter, mentionRect, QStringLiteral("@"), Theme::down(), option);
    if (!unreadRect.isEmpty())
        paintBadge(painter, unreadRect, unreadBadgeText(unread), Theme::accent(), option);
    painter->restore();
}

} // namespace sb::ui
