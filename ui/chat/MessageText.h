#pragma once

#include "ui/chat/MessageMarkup.h"

#include <QFont>
#include <QRectF>
#include <QTextLayout>

#include <memory>
#include <vector>

class QPainter;
class QPalette;

namespace sb::ui {

// A message's formatted text laid out at a width: one QTextLayout per block (paragraph, list
// item, code line), so wrapping costs what plain text costs and a Markdown document is parsed
// once, not on every paint. Draws code blocks on a tinted box, quotes behind a bar, list items
// behind their marker; answers where a character is and which link is under a point.
//
// Positions run over plainText(): the blocks' text joined by '\n', so a selection that crosses
// blocks copies them as lines. Coordinates are relative to the text's top-left.
class MessageText
{
public:
    MessageText() = default;
    Q_DISABLE_COPY_MOVE(MessageText)

    void setBlocks(const MessageMarkup::Blocks &blocks, const QFont &font);
    void layout(int width);

    qreal height() const { return m_height; }
    QRectF boundingRect() const { return m_bounds; } // where there is text
    QRectF lastLineRect() const; // the last line's text, for what closes a message
    int length() const { return int(m_plainText.size()); }
    QString plainText() const { return m_plainText; }
    QString textIn(int start, int end) const;

    // The character boundary nearest `pos`; -1 when `pos` is not over text, unless `clamp`.
    int positionAt(const QPointF &pos, bool clamp) const;
    QPointF pointAt(int position) const; // the middle of position's line
    QString hrefAt(const QPointF &pos) const; // the allowed link under `pos`, or ""

    // With the painter's pen as the text colour; [selectionStart, selectionEnd) highlighted.
    void draw(QPainter *painter, const QPointF &origin, const QPalette &palette,
        int selectionStart = 0, int selectionEnd = 0) const;

private:
    struct Block
    {
        MarkupBlock source;
        std::unique_ptr<QTextLayout> layout;
        QPointF origin;
        int offset = 0; // position of its first character in plainText()
    };

    const Block *blockAt(qreal y) const;
    QList<QTextLayout::FormatRange> formatsFor(const MarkupBlock &block) const;
    void drawDecorations(QPainter *painter, const Block &block) const;

    std::vector<Block> m_blocks;
    QList<QRectF> m_codeBoxes;
    QFont m_font;
    QFont m_codeFont;
    QString m_plainText;
    qreal m_height = 0;
    QRectF m_bounds;
};

} // namespace sb::ui
