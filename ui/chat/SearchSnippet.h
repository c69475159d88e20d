#pragma once

#include <QList>
#include <QString>

namespace sb::ui {

// A search hit's excerpt as the server sends it: each matching word between U+0002 and U+0003
// (docs/protocol.md, "search"). Parsed into the text to show and the ranges to draw bold; a
// marker left open runs to the end, a stray closing one is dropped, so no control character is
// ever drawn.
struct SearchSnippet
{
    static constexpr QChar HighlightStart = QChar(0x0002);
    static constexpr QChar HighlightEnd = QChar(0x0003);

    struct Range
    {
        int start = 0;
        int length = 0;
        friend bool operator==(const Range &a, const Range &b)
        {
            return a.start == b.start && a.length == b.length;
        }
    };

    QString text;
    QList<Range> highlights;

    static SearchSnippet parse(const QString &marked);
};

} // namespace sb::ui
