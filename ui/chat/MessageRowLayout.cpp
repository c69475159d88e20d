#include "ui/chat/MessageRowLayout.h"

#include "models/MessageListModel.h"
#include "ui/Theme.h"
#include "ui/chat/EmojiFont.h"

#include <QFontMetrics>
#include <QLocale>
#include <QModelIndex>
#include <QPainter>
#include <QPalette>

namespace sb::ui {

using client::DeliveryState;
using models::MessageListModel;

namespace {

constexpr int G = Theme::Grid;
constexpr int Margin = 2 * G; // left and right edge of every row
constexpr int ContentLeft = Margin + MessageRowLayout::AvatarSize + 2 * G; // text column
constexpr int DayHeight = 5 * G;
constexpr int UnreadHeight = 3 * G;
constexpr int UngroupedTop = G; // breathing room above a new author
constexpr int GroupedTop = 2; // consecutive messages of one author read as one block
constexpr int BottomPad = 2;
constexpr int HeaderGap = 2; // between the name line and the text
constexpr int QuoteBar = 3;
constexpr int QuotePad = 6; // inside the quote box, after its bar
constexpr int QuoteGap = 4; // between the quote and the text it is answered by
constexpr int ChipPad = 6; // inside a reaction chip
constexpr int ChipGap = 4; // between chips, and above them
constexpr qreal FadedOpacity = 0.55; // provisional content: a pending message or change

// Readable initials on any avatar colour: the light ones (yellow, teal) need dark text.
QColor initialsColour(const QColor &background)
{
    const qreal luminance = 0.2126 * background.redF() + 0.7152 * background.greenF()
        + 0.0722 * background.blueF();
    return luminance > 0.6 ? QColor(0x1f, 0x29, 0x37) : QColor(Qt::white);
}

QString countText(int count)
{
    return QString::number(qMax(1, count));
}

} // namespace

QList<MessageRowLayout::Reaction> MessageRowLayout::Reaction::fromVariant(const QVariant &value)
{
    QList<Reaction> reactions;
    const QVariantList list = value.toList();
    reactions.reserve(list.size());
    for (const QVariant &item : list) {
        const QVariantMap map = item.toMap();
        Reaction reaction;
        reaction.emoji = map.value(QStringLiteral("emoji")).toString();
        reaction.count = map.value(QStringLiteral("count")).toInt();
        reaction.users = map.value(QStringLiteral("users")).toStringList();
        reaction.mine = map.value(QStringLiteral("mine")).toBool();
        if (!reaction.emoji.isEmpty() && reaction.count > 0)
            reactions.append(reaction);
    }
    return reactions;
}

MessageRowLayout::Message MessageRowLayout::Message::fromIndex(const QModelIndex &index)
{
    Message m;
    m.seq = index.data(MessageListModel::SeqRole).toLongLong();
    m.author = index.data(MessageListModel::AuthorRole).toString();
    m.text = index.data(MessageListModel::TextRole).toString();
    m.timestamp = index.data(MessageListModel::TimestampRole).toDateTime();
    m.delivery = DeliveryState(index.data(MessageListModel::DeliveryRole).toInt());
    m.errorText = index.data(MessageListModel::ErrorTextRole).toString();
    m.own = index.data(MessageListModel::IsOwnRole).toBool();
    m.grouped = index.data(MessageListModel::GroupedWithPreviousRole).toBool();
    m.dayBreak = index.data(MessageListModel::DayBreakRole).toBool();
    m.mention = index.data(MessageListModel::IsMentionRole).toBool();
    m.firstUnread = index.data(MessageListModel::FirstUnreadRole).toBool();
    if (const auto *model = qobject_cast<const MessageListModel *>(index.model()))
        m.ownUser = model->ownUser();
    m.replyTo = index.data(MessageListModel::ReplyToRole).toLongLong();
    m.replyAuthor = index.data(MessageListModel::ReplyAuthorRole).toString();
    m.replyQuote = index.data(MessageListModel::ReplyQuoteRole).toString();
    m.editedAt = index.data(MessageListModel::EditedAtRole).toDateTime();
    m.deleted = index.data(MessageListModel::DeletedRole).toBool();
    m.changePending = index.data(MessageListModel::ChangePendingRole).toBool();
    m.reactions = Reaction::fromVariant(index.data(MessageListModel::ReactionsRole));
    return m;
}

MessageRowLayout::MessageRowLayout(const Message &message, const QFont &font, int width)
    : m_message(message)
    , m_width(width)
    , m_font(font)
    , m_nameFont(Theme::scaledFont(font, 1.0, true))
    , m_smallFont(Theme::scaledFont(font, 0.85, false))
    , m_smallBoldFont(Theme::scaledFont(font, 0.85, true))
    , m_smallItalicFont(m_smallFont)
    , m_emojiFont(EmojiFont::applied(font))
{
    m_smallItalicFont.setItalic(true);
    int y = 0;
    if (m_message.dayBreak) {
        m_dayRect = QRect(0, y, width, DayHeight);
        y += DayHeight;
    }
    if (m_message.firstUnread) {
        m_unreadRect = QRect(0, y, width, UnreadHeight);
        y += UnreadHeight;
    }
    const int bodyTop = y;
    if (!m_message.grouped) {
        y += UngroupedTop;
        m_avatarRect = QRect(Margin, y, AvatarSize, AvatarSize);
        const QFontMetrics nameMetrics(m_nameFont);
        const QFontMetrics smallMetrics(m_smallFont);
        const QString name = m_message.own ? tr("you") : m_message.author;
        m_nameRect = QRect(ContentLeft, y, nameMetrics.horizontalAdvance(name), nameMetrics.height());
        const QString time = m_message.timestamp.toString(QStringLiteral("hh:mm"));
        // Baselines aligned: the smaller time font sits lower by the ascent difference.
        const int timeTop = y + nameMetrics.ascent() - smallMetrics.ascent();
        m_timeRect = QRect(m_nameRect.right() + 1 + G, timeTop, smallMetrics.horizontalAdvance(time),
            smallMetrics.height());
        y += nameMetrics.height() + HeaderGap;
    } else {
        y += GroupedTop;
    }

    // Own messages keep a gutter for the delivery mark, so the text never runs under it.
    const int gutter = m_message.own
        ? QFontMetrics(m_smallFont).horizontalAdvance(tr("◷ pending")) + 2 * G
        : 0;
    const int textWidth = qMax(4 * G, width - ContentLeft - Margin - gutter);
    if (m_message.replyTo > 0 && !m_message.deleted)
        y = layoutQuote(y, textWidth);

    if (m_message.deleted) {
        MarkupBlock tombstone;
        tombstone.text = tr("message deleted");
        tombstone.spans.append({0, int(tombstone.text.size()), MessageMarkup::Italic, {}});
        m_text.setBlocks({tombstone}, m_font);
    } else {
        m_text.setBlocks(m_message.hasMarkup ? m_message.markup
                                              : MessageMarkup::parse(m_message.text, m_message.ownUser),
            m_font);
    }
    m_text.layout(textWidth);
    m_textOrigin = QPoint(ContentLeft, y);
    const int textHeight = qMax(qCeil(m_text.height()), QFontMetrics(m_font).height());
    QRect lastLine = m_text.lastLineRect().translated(m_textOrigin).toAlignedRect();
    if (lastLine.isEmpty())
        lastLine = QRect(m_textOrigin, QSize(0, QFontMetrics(m_font).height()));
    y += textHeight;

    if (m_message.editedAt.isValid() && !m_message.deleted) {
        // After the last word when it fits there, else on a line of its own.
        const QFontMetrics metrics(m_smallFont);
        const QString edited = tr("(edited)");
        const QSize size(metrics.horizontalAdvance(edited), metrics.height());
        const int afterText = lastLine.right() + 1 + G / 2;
        if (afterText + size.width() <= ContentLeft + textWidth) {
            const QFontMetrics textMetrics(m_font);
            // On the last line's baseline.
            const int top = lastLine.top() + textMetrics.ascent() - metrics.ascent();
            m_editedRect = QRect(QPoint(afterText, top), size);
        } else {
            m_editedRect = QRect(QPoint(ContentLeft, y), size);
            y += size.height();
        }
    }

    if (m_message.own) {
        // Beside the last line: the mark closes the message it belongs to.
        m_statusRect = QRect(width - Margin - gutter + 2 * G, lastLine.top(), gutter - 2 * G,
            lastLine.height());
    }
    if (!m_message.reactions.isEmpty() && !m_message.deleted)
        y = layoutReactions(y, textWidth);
    if (m_message.own && m_message.delivery == DeliveryState::Failed) {
        y += G / 2;
        layoutFailedLine(ContentLeft, y, width - ContentLeft - Margin);
        y += m_failedRect.height();
    }
    y += BottomPad;
    if (!m_message.grouped)
        y = qMax(y, m_avatarRect.bottom() + 1 + BottomPad);
    m_bodyRect = QRect(0, bodyTop, width, y - bodyTop);
    m_height = y;
}

int MessageRowLayout::layoutQuote(int top, int width)
{
    const QFontMetrics boldMetrics(m_smallBoldFont);
    const QFontMetrics metrics(m_smallFont);
    const int inner = qMax(G, width - QuoteBar - 2 * QuotePad);
    // An empty quote: the original is gone, though who wrote it is still known.
    const bool originalDeleted = m_message.replyQuote.isEmpty();
    const QFontMetrics quoteMetrics(originalDeleted ? m_smallItalicFont : m_smallFont);
    const QString quote = originalDeleted ? tr("message deleted")
                                          : QString(m_message.replyQuote).replace(u'\n', u' ');
    m_quoteAuthor = boldMetrics.elidedText(m_message.replyAuthor, Qt::ElideRight, inner);
    m_quoteText = quoteMetrics.elidedText(quote, Qt::ElideRight, inner);
    const int contentWidth = qMax(boldMetrics.horizontalAdvance(m_quoteAuthor),
        quoteMetrics.horizontalAdvance(m_quoteText));
    const int height = boldMetrics.height() + metrics.height() + QuotePad;
    m_quoteRect = QRect(ContentLeft, top + 2, QuoteBar + 2 * QuotePad + contentWidth, height);
    return m_quoteRect.bottom() + 1 + QuoteGap;
}

int MessageRowLayout::layoutReactions(int top, int width)
{
    const QFontMetrics countMetrics(m_smallBoldFont);
    const int chipHeight = qMax(QFontMetrics(m_font).height(), countMetrics.height()) + 4;
    int x = ContentLeft;
    int y = top + ChipGap;
    const auto place = [&](int chipWidth) {
        if (x > ContentLeft && x + chipWidth > ContentLeft + width) {
            x = ContentLeft;
            y += chipHeight + ChipGap;
        }
        const QRect rect(x, y, chipWidth, chipHeight);
        x += chipWidth + ChipGap;
        return rect;
    };
    for (const Reaction &reaction : std::as_const(m_message.reactions)) {
        const int chipWidth = ChipPad + EmojiFont::advance(m_emojiFont, reaction.emoji) + G / 2
            + countMetrics.horizontalAdvance(countText(reaction.count)) + ChipPad;
        m_reactionRects.append(place(chipWidth));
    }
    m_addReactionRect = place(ChipPad + QFontMetrics(m_font).horizontalAdvance(QStringLiteral("☺+")) + ChipPad);
    return y + chipHeight;
}

void MessageRowLayout::layoutFailedLine(int left, int top, int width)
{
    const QFontMetrics metrics(m_smallFont);
    const QFontMetrics boldMetrics(m_smallBoldFont);
    const QString retry = tr("Retry");
    const QString discard = tr("Discard");
    const QString separator = QStringLiteral(" · ");
    const int linksWidth = boldMetrics.horizontalAdvance(retry) + metrics.horizontalAdvance(separator)
        + boldMetrics.horizontalAdvance(discard);
    const QString full = m_message.errorText.isEmpty()
        ? tr("Failed — ")
        : tr("Failed: %1 — ").arg(m_message.errorText);
    // The links always fit: a long reason gives way, never the way out of the failure.
    m_failedText = metrics.elidedText(full, Qt::ElideMiddle, qMax(0, width - linksWidth));
    const int height = qMax(metrics.height(), boldMetrics.height());
    m_failedRect = QRect(left, top, metrics.horizontalAdvance(m_failedText), height);
    // Generous hit areas: a few pixels around the words, as a browser link would have.
    m_retryRect = QRect(m_failedRect.right() + 1, top, boldMetrics.horizontalAdvance(retry), height);
    m_discardRect = QRect(m_retryRect.right() + 1 + metrics.horizontalAdvance(separator), top,
        boldMetrics.horizontalAdvance(discard), height);
}

MessageRowLayout::Hit MessageRowLayout::hitAt(const QPoint &pos) const
{
    Hit hit;
    const auto near = [&pos](const QRect &rect) { return rect.adjusted(-2, -2, 2, 2).contains(pos); };
    if (near(m_retryRect)) {
        hit.link = Link::Retry;
    } else if (near(m_discardRect)) {
        hit.link = Link::Discard;
    } else if (m_quoteRect.contains(pos)) {
        hit.link = Link::Quote;
    } else if (m_addReactionRect.contains(pos)) {
        hit.link = Link::AddReaction;
    } else {
        for (int i = 0; i < m_reactionRects.size(); ++i) {
            if (m_reactionRects.at(i).contains(pos)) {
                hit.link = Link::Reaction;
                hit.reaction = i;
                return hit;
            }
        }
        hit.href = m_text.hrefAt(QPointF(pos - m_textOrigin));
        if (!hit.href.isEmpty())
            hit.link = Link::Url;
    }
    return hit;
}

QRect MessageRowLayout::linkRect(Link link) const
{
    switch (link) {
    case Link::Retry: return m_retryRect;
    case Link::Discard: return m_discardRect;
    case Link::Quote: return m_quoteRect;
    case Link::AddReaction: return m_addReactionRect;
    case Link::Reaction:
    case Link::Url:
    case Link::None: break;
    }
    return {};
}

QRect MessageRowLayout::reactionRect(int index) const
{
    return m_reactionRects.value(index);
}

QString MessageRowLayout::reactionToolTip(int index) const
{
    if (index < 0 || index >= m_message.reactions.size())
        return {};
    const Reaction &reaction = m_message.reactions.at(index);
    // Everyone but the user by name (the user is "you", first), up to a handful; the rest counted.
    constexpr int MaxNames = 8;
    QStringList names;
    for (const QString &user : reaction.users) {
        if (user != m_message.ownUser && names.size() < MaxNames)
            names.append(user);
    }
    const int others = reaction.count - int(names.size()) - (reaction.mine ? 1 : 0);
    if (reaction.mine)
        names.prepend(tr("you"));
    if (others > 0)
        names.append(tr("%n other(s)", nullptr, others));
    QString who;
    if (names.size() == 1)
        who = names.first();
    else
        who = tr("%1 and %2").arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.last());
    return tr("%1 reacted with %2").arg(who, reaction.emoji);
}

QString MessageRowLayout::statusText() const
{
    switch (m_message.delivery) {
    case DeliveryState::Pending: return tr("◷ pending");
    case DeliveryState::Sent: return QStringLiteral("✓");
    case DeliveryState::Acked: return QStringLiteral("✓✓");
    case DeliveryState::Failed: break; // the line under the text says it, with what to do
    }
    return {};
}

QString MessageRowLayout::statusToolTip() const
{
    switch (m_message.delivery) {
    case DeliveryState::Pending: return tr("Waiting to be sent — it goes out when you are online");
    case DeliveryState::Sent: return tr("Sent — waiting for the server to store it");
    case DeliveryState::Acked: return tr("Delivered");
    case DeliveryState::Failed: return tr("Not sent — retry or discard it");
    }
    return {};
}

QString MessageRowLayout::dayLabel(const QDate &day, const QDate &today)
{
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

int MessageRowLayout::textPositionAt(const QPoint &pos, bool clamp) const
{
    if (m_message.deleted)
        return -1; // nothing to select in a tombstone
    return m_text.positionAt(QPointF(pos - m_textOrigin), clamp);
}

QPoint MessageRowLayout::textPoint(int position) const
{
    return m_textOrigin + m_text.pointAt(position).toPoint();
}

QString MessageRowLayout::textIn(const TextRange &range) const
{
    return m_text.textIn(range.start, range.end);
}

void MessageRowLayout::paint(QPainter *painter, const QPalette &palette, const QPoint &topLeft,
    int flags, const TextRange &selection) const
{
    painter->save();
    painter->translate(topLeft);
    painter->setRenderHint(QPainter::Antialiasing);

    const QColor muted = Theme::muted();
    if (m_message.dayBreak) {
        const QDate today = QDate::currentDate();
        paintDivider(painter, m_dayRect, dayLabel(m_message.timestamp.date(), today),
            Theme::withAlpha(muted, 0.35), muted);
    }
    if (m_message.firstUnread)
        paintDivider(painter, m_unreadRect, tr("New messages"), Theme::accent(), Theme::accent());

    if (m_message.mention) {
        painter->fillRect(m_bodyRect, Theme::mention());
        // A bar at the edge marks mentions for anyone who cannot tell the tint apart.
        painter->fillRect(QRect(m_bodyRect.left(), m_bodyRect.top(), 3, m_bodyRect.height()),
            Theme::isDark() ? QColor(0xfb, 0xbf, 0x24) : QColor(0xf5, 0x9e, 0x0b));
    }
    if (flags & Highlighted)
        painter->fillRect(m_bodyRect, Theme::withAlpha(Theme::accent(), Theme::isDark() ? 0.30 : 0.16));
    else if ((flags & Hovered) && !m_message.mention)
        painter->fillRect(m_bodyRect, palette.color(QPalette::AlternateBase));

    if (!m_message.grouped)
        paintHeader(painter, palette);

    // Provisional content looks provisional: faded until the server has the message or change.
    const bool faded = m_message.changePending
        || (m_message.own && m_message.delivery == DeliveryState::Pending);
    if (faded)
        painter->setOpacity(FadedOpacity);
    if (!m_quoteRect.isEmpty())
        paintQuote(painter);
    painter->setPen(m_message.deleted ? muted : palette.color(QPalette::Text));
    m_text.draw(painter, m_textOrigin, palette, selection.start, selection.end);
    if (!m_editedRect.isEmpty()) {
        painter->setFont(m_smallFont);
        painter->setPen(muted);
        painter->drawText(m_editedRect, Qt::AlignLeft | Qt::AlignTop, tr("(edited)"));
    }
    if (!m_reactionRects.isEmpty())
        paintReactions(painter, palette);
    painter->setOpacity(1.0);

    if (m_message.own) {
        paintStatus(painter, palette);
        if (m_message.delivery == DeliveryState::Failed)
            paintFailedLine(painter, palette);
    }
    painter->restore();
}

void MessageRowLayout::paintDivider(QPainter *painter, const QRect &rect, const QString &label,
    const QColor &lineColour, const QColor &textColour) const
{
    const QFontMetrics metrics(m_smallBoldFont);
    const int labelWidth = metrics.horizontalAdvance(label);
    const int centreY = rect.center().y();
    const int labelLeft = rect.center().x() - labelWidth / 2;
    painter->setPen(QPen(lineColour, 1));
    painter->drawLine(QPointF(Margin, centreY + 0.5), QPointF(labelLeft - G, centreY + 0.5));
    painter->drawLine(QPointF(labelLeft + labelWidth + G, centreY + 0.5),
        QPointF(rect.right() - Margin, centreY + 0.5));
    painter->setFont(m_smallBoldFont);
    painter->setPen(textColour);
    painter->drawText(QRect(labelLeft, rect.top(), labelWidth, rect.height()),
        Qt::AlignCenter, label);
}

void MessageRowLayout::paintHeader(QPainter *painter, const QPalette &palette) const
{
    const QColor avatar = Theme::avatar(m_message.author);
    painter->setPen(Qt::NoPen);
    painter->setBrush(avatar);
    painter->drawEllipse(m_avatarRect);
    painter->setFont(m_nameFont);
    painter->setPen(initialsColour(avatar));
    painter->drawText(m_avatarRect, Qt::AlignCenter, Theme::initials(m_message.author));

    painter->setFont(m_nameFont);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(m_nameRect, Qt::AlignLeft | Qt::AlignTop,
        m_message.own ? tr("you") : m_message.author);
    painter->setFont(m_smallFont);
    painter->setPen(Theme::muted());
    painter->drawText(m_timeRect, Qt::AlignLeft | Qt::AlignTop,
        m_message.timestamp.toString(QStringLiteral("hh:mm")));
}

void MessageRowLayout::paintQuote(QPainter *painter) const
{
    // The quoted author's avatar colour ties the quote to their messages above.
    const QColor colour = Theme::avatar(m_message.replyAuthor);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Theme::withAlpha(colour, Theme::isDark() ? 0.16 : 0.10));
    painter->drawRoundedRect(m_quoteRect, 3, 3);
    painter->fillRect(QRect(m_quoteRect.left(), m_quoteRect.top(), QuoteBar, m_quoteRect.height()), colour);
    const QFontMetrics boldMetrics(m_smallBoldFont);
    const int left = m_quoteRect.left() + QuoteBar + QuotePad;
    const int top = m_quoteRect.top() + QuotePad / 2;
    painter->setFont(m_smallBoldFont);
    painter->setPen(Theme::isDark() ? colour.lighter(135) : colour.darker(115));
    painter->drawText(QPoint(left, top + boldMetrics.ascent()), m_quoteAuthor);
    const bool originalDeleted = m_message.replyQuote.isEmpty();
    painter->setFont(originalDeleted ? m_smallItalicFont : m_smallFont);
    painter->setPen(Theme::muted());
    painter->drawText(QPoint(left, top + boldMetrics.height() + QFontMetrics(m_smallFont).ascent()),
        m_quoteText);
}

void MessageRowLayout::paintReactions(QPainter *painter, const QPalette &palette) const
{
    const QFontMetrics countMetrics(m_smallBoldFont);
    const QColor accent = Theme::accent();
    const auto chip = [&](const QRect &rect, bool mine) {
        painter->setPen(QPen(mine ? accent : palette.color(QPalette::Mid), 1));
        painter->setBrush(mine ? Theme::withAlpha(accent, Theme::isDark() ? 0.30 : 0.14)
                               : palette.color(QPalette::AlternateBase));
        const qreal radius = rect.height() / 2.0;
        painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    };
    for (int i = 0; i < m_reactionRects.size(); ++i) {
        const Reaction &reaction = m_message.reactions.at(i);
        const QRect rect = m_reactionRects.at(i);
        chip(rect, reaction.mine);
        const int emojiWidth = EmojiFont::advance(m_emojiFont, reaction.emoji);
        painter->setFont(m_emojiFont);
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(QRect(rect.left() + ChipPad, rect.top(), emojiWidth, rect.height()),
            Qt::AlignVCenter | Qt::AlignLeft, reaction.emoji);
        painter->setFont(m_smallBoldFont);
        painter->setPen(reaction.mine ? (Theme::isDark() ? accent.lighter(140) : accent)
                                      : palette.color(QPalette::Text));
        painter->drawText(QRect(rect.left() + ChipPad + emojiWidth + G / 2, rect.top(),
                              countMetrics.horizontalAdvance(countText(reaction.count)), rect.height()),
            Qt::AlignVCenter | Qt::AlignLeft, countText(reaction.count));
    }
    chip(m_addReactionRect, false);
    painter->setFont(m_font);
    painter->setPen(Theme::muted());
    painter->drawText(m_addReactionRect, Qt::AlignCenter, QStringLiteral("☺+"));
}

void MessageRowLayout::paintStatus(QPainter *painter, const QPalette &palette) const
{
    Q_UNUSED(palette)
    // Delivered is the accent (the one "good" colour); everything still on its way is muted.
    QColor colour = Theme::muted();
    if (m_message.delivery == DeliveryState::Acked)
        colour = Theme::accent();
    else if (m_message.delivery == DeliveryState::Failed)
        colour = Theme::down();
    painter->setFont(m_message.delivery == DeliveryState::Failed ? m_smallBoldFont : m_smallFont);
    painter->setPen(colour);
    painter->drawText(m_statusRect, Qt::AlignRight | Qt::AlignVCenter, statusText());
}

void MessageRowLayout::paintFailedLine(QPainter *painter, const QPalette &palette) const
{
    painter->setFont(m_smallFont);
    painter->setPen(Theme::down());
    painter->drawText(m_failedRect, Qt::AlignLeft | Qt::AlignVCenter, m_failedText);

    QFont linkFont = m_smallBoldFont;
    linkFont.setUnderline(true);
    painter->setFont(linkFont);
    painter->setPen(palette.color(QPalette::Link));
    painter->drawText(m_retryRect, Qt::AlignLeft | Qt::AlignVCenter, tr("Retry"));
    painter->drawText(m_discardRect, Qt::AlignLeft | Qt::AlignVCenter, tr("Discard"));
    painter->setFont(m_smallFont);
    painter->setPen(Theme::muted());
    painter->drawText(QRect(m_retryRect.right() + 1, m_retryRect.top(),
                          m_discardRect.left() - m_retryRect.right() - 1, m_retryRect.height()),
        Qt::AlignCenter, QStringLiteral("·"));
}

} // namespace sb::ui
