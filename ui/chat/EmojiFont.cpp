#include "ui/chat/EmojiFont.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QHash>
#include <QTextBoundaryFinder>

namespace sb::ui {

namespace {

// Whether a grapheme cluster is drawn as an emoji: it starts with a pictograph, or asks for the
// emoji presentation (U+FE0F, a keycap's U+20E3). Plain digits, '#' and '*' stay text.
bool isEmojiCluster(QStringView cluster)
{
    if (cluster.isEmpty())
        return false;
    if (cluster.contains(QChar(0xFE0F)) || cluster.contains(QChar(0x20E3)))
        return true;
    const char32_t first = cluster.toUcs4().value(0);
    return (first >= 0x1F000 && first <= 0x1FAFF) // pictographs, faces, flags, food, …
        || (first >= 0x2600 && first <= 0x27BF) // symbols and dingbats (☀ ✅ ❤ ✨)
        || (first >= 0x2300 && first <= 0x23FF) // ⌚ ⏰ ⏳
        || (first >= 0x2B00 && first <= 0x2BFF); // ⬆ ⭐
}

} // namespace

QString EmojiFont::family()
{
    static const QString found = [] {
        const QStringList families = QFontDatabase::families();
        if (families.contains(QStringLiteral("Noto Color Emoji")))
            return QStringLiteral("Noto Color Emoji");
        for (const QString &name : families) {
            if (name.contains(QLatin1String("Emoji"), Qt::CaseInsensitive))
                return name;
        }
        return QString();
    }();
    return found;
}

QFont EmojiFont::applied(const QFont &font)
{
    if (family().isEmpty())
        return font;
    QFont emoji = font;
    emoji.setFamilies(QStringList {family()} + font.families());
    return emoji;
}

int EmojiFont::advance(const QFont &font, const QString &emoji)
{
    static QHash<QString, int> widths; // GUI thread only, as every font use is
    constexpr int Kept = 2000; // emoji × font sizes in use: a handful each in practice
    const QString key = font.key() + u'\x1f' + emoji;
    if (const auto it = widths.constFind(key); it != widths.constEnd())
        return *it;
    if (widths.size() >= Kept)
        widths.clear();
    const int width = QFontMetrics(font).horizontalAdvance(emoji);
    widths.insert(key, width);
    return width;
}

QList<std::pair<int, int>> EmojiFont::runs(const QString &text)
{
    QList<std::pair<int, int>> found;
    bool maybe = false; // most messages have none: skip the boundary finder for them
    for (const QChar c : text) {
        if (c.isSurrogate() || c.unicode() >= 0x2300) {
            maybe = true;
            break;
        }
    }
    if (!maybe || family().isEmpty())
        return found;
    QTextBoundaryFinder clusters(QTextBoundaryFinder::Grapheme, text);
    int start = 0;
    for (int end = int(clusters.toNextBoundary()); end > 0; end = int(clusters.toNextBoundary())) {
        if (isEmojiCluster(QStringView(text).mid(start, end - start))) {
            if (!found.isEmpty() && found.last().first + found.last().second == start)
                found.last().second += end - start;
            else
                found.append({start, end - start});
        }
        start = end;
    }
    return found;
}

} // namespace sb::ui
