#include "ui/chat/MessageRowLayout.h"

#include "models/MessageListModel.h"
#include "ui/Theme.h"

#include <QFontMetrics>
#include <QLocale>
#include <QModelIndex>
#include <QPainter>
#include <QPalette>
#include <QRegularExpression>

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

// Readable initials on any avatar colour: the light ones (yellow, teal) need dark text.
QColor initialsColour(const QColor &background)
{
    const qreal luminance = 0.2126 * background.redF() + 0.7152 * background.greenF()
        + 0.0722 * background.blueF();
    return luminance > 0.6 ? QColor(0x1f, 0x29, 0x37) : QColor(Qt::white);
}

} // namespace

MessageRowLayout::Message MessageRowLayout::Message::fromIndex(const QModelIndex &index)
{
    Message m;
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
    return m;
}

MessageRowLayout::MessageRowLayout(const Message &message, const QFont &font, int width)
    : m_message(message)
    , m_width(width)
    , m_font(font)
    , m_nameFont(Theme::scaledFont(font, 1.0, true))
    , m_smallFont(Theme::scaledFont(font, 0.85, false))
    , m_smallBoldFont(Theme::scaledFont(font, 0.85, true))
{
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
    m_textOrigin = QPoint(ContentLeft, y);
    layoutText(textWidth);
    const QRectF textBounds = m_text.boundingRect();
    const int textHeight = qMax(qCeil(textBounds.height()), QFontMetrics(m_font).height());
    y += textHeight;

    if (m_message.own) {
        // Beside the last line: the mark closes the message it belongs to.
        QRect lastLine(0, m_textOrigin.y(), 0, QFontMetrics(m_font).height());
        if (m_text.lineCount() > 0) {
            const QTextLine line = m_text.lineAt(m_text.lineCount() - 1);
            lastLine = QRect(0, m_textOrigin.y() + qRound(line.y()), 0, qCeil(line.height()));
        }
        m_statusRect = QRect(width - Margin - gutter + 2 * G, lastLine.top(), gutter - 2 * G,
            lastLine.height());
    }
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

void MessageRowLayout::layoutText(int textWidth)
{
    // QTextLayout breaks lines only at U+2028; a typed '\n' would vanish and glue the lines
    // together ("notesecond"). Same length, so the mention ranges below still line up.
    QString text = m_message.text;
    text.replace(u'\n', QChar::LineSeparator);
    m_text.setText(text);
    m_text.setFont(m_font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text.setTextOption(option);
    m_text.setCacheEnabled(true);

    // @names stand out in the accent colour, so a reader sees who is being addressed.
    static const QRegularExpression mentionPattern(QStringLiteral("(?<![\\w@])@[\\w.-]*\\w"));
    QList<QTextLayout::FormatRange> formats;
    for (auto it = mentionPattern.globalMatch(m_message.text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QTextLayout::FormatRange range;
        range.start = int(match.capturedStart());
        range.length = int(match.capturedLength());
        range.format.setForeground(Theme::accent());
        range.format.setFontWeight(QFont::DemiBold);
        formats.append(range);
    }
    m_text.setFormats(formats);

    m_text.beginLayout();
    qreal y = 0;
    for (QTextLine line = m_text.createLine(); line.isValid(); line = m_text.createLine()) {
        line.setLineWidth(textWidth);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    m_text.endLayout();
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

MessageRowLayout::Link MessageRowLayout::linkAt(const QPoint &pos) const
{
    if (m_retryRect.adjusted(-2, -2, 2, 2).contains(pos))
        return Link::Retry;
    if (m_discardRect.adjusted(-2, -2, 2, 2).contains(pos))
        return Link::Discard;
    return Link::None;
}

QRect MessageRowLayout::linkRect(Link link) const
{
    switch (link) {
    case Link::Retry: return m_retryRect;
    case Link::Discard: return m_discardRect;
    case Link::None: break;
    }
    return {};
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
    const QPointF inText = QPointF(pos - m_textOrigin);
    const QRectF bounds = m_text.boundingRect();
    if (!clamp && !bounds.contains(inText))
        return -1;
    if (m_text.lineCount() == 0)
        return 0;
    if (inText.y() < 0)
        return 0;
    if (inText.y() >= bounds.bottom())
        return int(m_message.text.size());
    for (int i = 0; i < m_text.lineCount(); ++i) {
        const QTextLine line = m_text.lineAt(i);
        if (inText.y() < line.y() + line.height())
            return line.xToCursor(inText.x());
    }
    return int(m_message.text.size());
}

QPoint MessageRowLayout::textPoint(int position) const
{
    const QTextLine line = m_text.lineForTextPosition(qBound(0, position, int(m_message.text.size())));
    if (!line.isValid())
        return m_textOrigin;
    return m_textOrigin
        + QPointF(line.cursorToX(position), line.y() + line.height() / 2).toPoint();
}

QString MessageRowLayout::textIn(const TextRange &range) const
{
    const int start = qBound(0, range.start, int(m_message.text.size()));
    const int end = qBound(start, range.end, int(m_message.text.size()));
    return m_message.text.mid(start, end - start);
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

    // A pending message looks provisional: faded until the server has it.
    QColor textColour = palette.color(QPalette::Text);
    if (m_message.own && m_message.delivery == DeliveryState::Pending)
        textColour = Theme::withAlpha(textColour, 0.55);
    painter->setPen(textColour);
    QList<QTextLayout::FormatRange> selections;
    if (!selection.isEmpty()) {
        QTextLayout::FormatRange selected;
        selected.start = selection.start;
        selected.length = selection.end - selection.start;
        selected.format.setBackground(palette.color(QPalette::Highlight));
        selected.format.setForeground(palette.color(QPalette::HighlightedText));
        selections.append(selected);
    }
    m_text.draw(painter, m_textOrigin, selections);

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
