#pragma once

#include <QFont>
#include <QList>
#include <QString>

#include <utility>

namespace sb::ui {

// Colour emoji wherever a message, a reaction or the picker shows one. The system's text font
// often has its own black-and-white pictographs (DejaVu Sans has the faces), which font fallback
// would pick before the colour font: so runs of emoji get the emoji family (Noto Color Emoji on
// Debian, fonts-noto-color-emoji) explicitly, and the rest of the text keeps its font.
class EmojiFont
{
public:
    static QString family(); // "" when no emoji font is installed
    // `font` with the emoji family first: for text that is only emoji (a chip, the picker).
    static QFont applied(const QFont &font);
    // How wide `emoji` is in `font`, remembered: measuring a colour emoji makes FreeType load
    // (and decode) its bitmap every time, ~0.2 ms a glyph, and a reaction chip measures one on
    // every layout of its row.
    static int advance(const QFont &font, const QString &emoji);
    // The emoji in `text`, as [start, length) runs of whole grapheme clusters.
    static QList<std::pair<int, int>> runs(const QString &text);
};

} // namespace sb::ui
