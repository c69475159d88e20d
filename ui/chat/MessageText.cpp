#include "ui/chat/MessageText.h"

#include "ui/Theme.h"
#include "ui/chat/EmojiFont.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>

namespace sb::ui {

namespace {

constexpr qreal QuoteIndent = 12; // per > level: a 3 px bar and the gap after it
constexpr qreal QuoteBar = 3;
constexpr qreal ListIndent = 20; // per list level; the marker sits right-aligned in it
constexpr qreal CodePadX = 6;
constexpr qreal CodePadY = 4;
constexpr qreal BlockGap = 4; // where a code box or a quote begins or ends

QColor codeBackground()
{
    return Theme::withAlpha(Theme::muted(), Theme::isDark() ? 0.22 : 0.14);
}

bool isCode(const MarkupBlock &block)
{
    return block.kind == MarkupBlock::Kind::Code;
}

// Blocks that read as one: no gap between them.
bool sameRun(const MarkupBlock &a, const MarkupBlock &b)
{
    return isCode(a) == isCode(b) && a.quoteLevel == b.quoteLevel;
}

} // namespace

void MessageText::setBlocks(const MessageMarkup::Blocks &blocks, const QFont &font)
{
    m_font = font;
    m_codeFont = Theme::scaledFont(font, 0.92);
    m_codeFont.setFamilies({QFontDatabase::systemFont(QFontDatabase::FixedFont).family()});
    m_codeFont.setFixedPitch(true);
    m_codeFont.setStyleHint(QFont::Monospace);
    m_plainText = MessageMarkup::plainText(blocks);
    m_blocks.clear();
    m_blocks.reserve(blocks.size());
    int offset = 0;
    for (const MarkupBlock &source : blocks) {
        Block block;
        block.source = source;
        block.offset = offset;
        offset += int(source.text.size()) + 1;
        // QTextLayout breaks lines only at U+2028; a '\n' would vanish and glue two lines
        // together. Same length, so positions still match plainText().
        QString text = source.text;
        text.replace(u'\n', QChar::LineSeparator);
        block.layout = std::make_unique<QTextLayout>(text, isCode(source) ? m_codeFont : m_font);
        QTextOption option;
        option.setWrapMode(isCode(source) ? QTextOption::WrapAnywhere
                                          : QTextOption::WrapAtWordBoundaryOrAnywhere);
        block.layout->setTextOption(option);
        block.layout->setCacheEnabled(true);
        block.layout->setFormats(formatsFor(source));
        m_blocks.push_back(std::move(block));
    }
}

QList<QTextLayout::FormatRange> MessageText::formatsFor(const MarkupBlock &block) const
{
    QList<QTextLayout::FormatRange> formats;
    for (const MarkupSpan &span : block.spans) {
        QTextLayout::FormatRange range;
        range.start = span.start;
        range.length = span.length;
        QTextCharFormat &format = range.format;
        if (span.styles & MessageMarkup::Bold)
            format.setFontWeight(QFont::Bold);
        if (span.styles & MessageMarkup::Italic)
            format.setFontItalic(true);
        if (span.styles & MessageMarkup::Strike)
            format.setFontStrikeOut(true);
        if (span.styles & MessageMarkup::Code) {
            format.setFontFamilies(m_codeFont.families());
            format.setFontFixedPitch(true);
            format.setBackground(codeBackground());
        }
        if (span.styles & MessageMarkup::Link) {
            format.setForeground(QGuiApplication::palette().color(QPalette::Link));
            format.setFontUnderline(true);
        }
        if (span.styles & MessageMarkup::Mention) {
            format.setForeground(Theme::accent());
            format.setFontWeight(QFont::DemiBold);
        }
        if (span.styles & MessageMarkup::OwnMention) {
            // "@me" stands out from the other names: the reader was addressed right there.
            // Light text on a strong tint in the dark theme; the accent on a pale one in light.
            const bool dark = Theme::isDark();
            format.setBackground(Theme::withAlpha(Theme::accent(), dark ? 0.60 : 0.20));
            format.setForeground(dark ? QColor(Qt::white) : Theme::accent().darker(125));
            format.setFontWeight(QFont::Bold);
        }
        formats.append(range);
    }
    for (const auto &[start, length] : EmojiFont::runs(block.text)) {
        QTextLayout::FormatRange emoji;
        emoji.start = start;
        emoji.length = length;
        emoji.format.setFontFamilies({EmojiFont::family()});
        formats.append(emoji);
    }
    return formats;
}

void MessageText::layout(int width)
{
    m_codeBoxes.clear();
    m_bounds = QRectF();
    qreal y = 0;
    const MarkupBlock *previous = nullptr;
    for (Block &block : m_blocks) {
        const MarkupBlock &source = block.source;
        if (previous && !sameRun(*previous, source))
            y += BlockGap;
        const bool code = isCode(source);
        const bool opensBox = code && (!previous || !isCode(*previous) || previous->quoteLevel != source.quoteLevel);
        if (opensBox)
            y += CodePadY;
        qreal left = source.quoteLevel * QuoteIndent + source.listDepth * ListIndent;
        if (code)
            left += CodePadX;
        const qreal lineWidth = qMax<qreal>(16, width - left - (code ? CodePadX : 0));
        QTextLayout &layout = *block.layout;
        layout.beginLayout();
        qreal lineY = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(lineWidth);
            line.setPosition(QPointF(0, lineY));
            lineY += line.height();
        }
        layout.endLayout();
        if (layout.lineCount() == 0 || block.source.text.isEmpty())
            lineY = QFontMetricsF(code ? m_codeFont : m_font).height(); // an empty line still shows
        block.origin = QPointF(left, y);
        const QRectF extent(block.origin, QSizeF(layout.boundingRect().width(), lineY));
        m_bounds = m_bounds.isNull() ? extent : m_bounds.united(extent);
        if (code) {
            const qreal boxLeft = left - CodePadX;
            const QRectF box(boxLeft, y - (opensBox ? CodePadY : 0), width - boxLeft,
                lineY + (opensBox ? CodePadY : 0));
            if (!opensBox && !m_codeBoxes.isEmpty())
                m_codeBoxes.last() = m_codeBoxes.last().united(box);
            else
                m_codeBoxes.append(box);
        }
        y += lineY;
        const bool closesBox = code
            && (&block == &m_blocks.back() || !sameRun(source, (&block + 1)->source));
        if (closesBox) {
            y += CodePadY;
            m_codeBoxes.last().setBottom(y);
        }
        previous = &source;
    }
    m_height = y;
}

QRectF MessageText::lastLineRect() const
{
    if (m_blocks.empty())
        return {};
    const Block &last = m_blocks.back();
    if (last.layout->lineCount() == 0)
        return QRectF(last.origin, QSizeF(0, QFontMetricsF(m_font).height()));
    const QTextLine line = last.layout->lineAt(last.layout->lineCount() - 1);
    return QRectF(last.origin + QPointF(line.x(), line.y()), QSizeF(line.naturalTextWidth(), line.height()));
}

QString MessageText::textIn(int start, int end) const
{
    const int from = qBound(0, start, length());
    const int to = qBound(from, end, length());
    return m_plainText.mid(from, to - from);
}

const MessageText::Block *MessageText::blockAt(qreal y) const
{
    if (m_blocks.empty())
        return nullptr;
    for (const Block &block : m_blocks) {
        if (y < block.origin.y() + block.layout->boundingRect().height())
            return &block;
    }
    return &m_blocks.back();
}

int MessageText::positionAt(const QPointF &pos, bool clamp) const
{
    if (!clamp && !m_bounds.contains(pos))
        return -1;
    if (m_blocks.empty() || pos.y() < 0)
        return 0;
    if (pos.y() >= m_height)
        return length();
    const Block *block = blockAt(pos.y());
    const QTextLayout &layout = *block->layout;
    const QPointF local = pos - block->origin;
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (local.y() < line.y() + line.height() || i == layout.lineCount() - 1)
            return block->offset + line.xToCursor(local.x());
    }
    return block->offset;
}

QPointF MessageText::pointAt(int position) const
{
    const int at = qBound(0, position, length());
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it) {
        if (at < it->offset)
            continue;
        const int local = qMin(at - it->offset, int(it->source.text.size()));
        const QTextLine line = it->layout->lineForTextPosition(local);
        if (!line.isValid())
            return it->origin;
        return it->origin + QPointF(line.cursorToX(local), line.y() + line.height() / 2);
    }
    return {};
}

QString MessageText::hrefAt(const QPointF &pos) const
{
    if (!m_bounds.contains(pos))
        return {};
    const Block *block = blockAt(pos.y());
    if (!block || block->source.spans.isEmpty())
        return {};
    const QPointF local = pos - block->origin;
    for (int i = 0; i < block->layout->lineCount(); ++i) {
        const QTextLine line = block->layout->lineAt(i);
        if (local.y() < line.y() || local.y() >= line.y() + line.height())
            continue;
        if (local.x() < line.x() || local.x() > line.x() + line.naturalTextWidth())
            return {};
        const int character = line.xToCursor(local.x(), QTextLine::CursorOnCharacter);
        for (const MarkupSpan &span : block->source.spans) {
            if ((span.styles & MessageMarkup::Link) && character >= span.start
                && character < span.start + span.length)
                return span.href;
        }
        return {};
    }
    return {};
}

void MessageText::drawDecorations(QPainter *painter, const Block &block) const
{
    const MarkupBlock &source = block.source;
    const qreal height = qMax(block.layout->boundingRect().height(), QFontMetricsF(m_font).height());
    for (int level = 0; level < source.quoteLevel; ++level) {
        painter->fillRect(QRectF(level * QuoteIndent, block.origin.y(), QuoteBar, height),
            Theme::withAlpha(Theme::muted(), 0.55));
    }
    if (source.kind == MarkupBlock::Kind::ListItem && block.layout->lineCount() > 0) {
        const QFontMetricsF metrics(m_font);
        const QTextLine first = block.layout->lineAt(0);
        const qreal right = block.origin.x() - 6;
        painter->setFont(m_font);
        painter->drawText(QPointF(right - metrics.horizontalAdvance(source.marker),
                              block.origin.y() + first.y() + first.ascent()),
            source.marker);
    }
}

void MessageText::draw(QPainter *painter, const QPointF &origin, const QPalette &palette,
    int selectionStart, int selectionEnd) const
{
    painter->save();
    painter->translate(origin);
    for (const QRectF &box : m_codeBoxes) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(codeBackground());
        painter->drawRoundedRect(box, 4, 4);
    }
    painter->restore();
    for (const Block &block : m_blocks) {
        painter->save();
        painter->translate(origin);
        drawDecorations(painter, block);
        painter->restore();
        QList<QTextLayout::FormatRange> selections;
        const int start = qMax(selectionStart - block.offset, 0);
        const int end = qMin(selectionEnd - block.offset, int(block.source.text.size()));
        if (selectionEnd > selectionStart && end > start) {
            QTextLayout::FormatRange selected;
            selected.start = start;
            selected.length = end - start;
            selected.format.setBackground(palette.color(QPalette::Highlight));
            selected.format.setForeground(palette.color(QPalette::HighlightedText));
            selections.append(selected);
        }
        block.layout->draw(painter, origin + block.origin, selections);
    }
}

} // namespace sb::ui
