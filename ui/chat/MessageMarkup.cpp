#include "ui/chat/MessageMarkup.h"

#include "ui/chat/LinkOpener.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QUrl>

namespace sb::ui {

namespace {

// md4c's flags, as Qt passes them through (qtextdocument.h names only the two dialects): GitHub's
// dialect without its tables, task lists and underline.
constexpr int PermissiveUrlAutolinks = 0x0004;
constexpr int PermissiveEmailAutolinks = 0x0008;
constexpr int Strikethrough = 0x0200;
constexpr int PermissiveWwwAutolinks = 0x0400;

QTextDocument::MarkdownFeatures chatFeatures()
{
    return QTextDocument::MarkdownFeatures(QTextDocument::MarkdownNoHTML | PermissiveUrlAutolinks
        | PermissiveEmailAutolinks | PermissiveWwwAutolinks | Strikethrough);
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// "```" or "~~~" (three or more) after up to three spaces: a code fence. Returns its length.
int fenceLength(QStringView line, QChar *fenceChar)
{
    int i = 0;
    while (i < 3 && i < line.size() && line.at(i) == u' ')
        ++i;
    if (i >= line.size() || (line.at(i) != u'`' && line.at(i) != u'~'))
        return 0;
    const QChar c = line.at(i);
    int run = 0;
    while (i + run < line.size() && line.at(i + run) == c)
        ++run;
    if (run < 3)
        return 0;
    *fenceChar = c;
    return run;
}

// A list marker at the start: "- ", "+ ", "* " or "12. " / "12) ".
bool startsLikeAList(QStringView text)
{
    if (text.isEmpty())
        return false;
    if (text.at(0) == u'-' || text.at(0) == u'+')
        return text.size() == 1 || text.at(1).isSpace();
    int digits = 0;
    while (digits < text.size() && digits < 10 && text.at(digits).isDigit())
        ++digits;
    if (digits == 0 || digits == 10 || digits >= text.size())
        return false;
    const QChar after = text.at(digits);
    return (after == u'.' || after == u')') && (digits + 1 == text.size() || text.at(digits + 1).isSpace());
}

int stylesOf(const QTextCharFormat &format)
{
    int styles = 0;
    if (format.fontWeight() > QFont::Normal)
        styles |= MessageMarkup::Bold;
    if (format.fontItalic())
        styles |= MessageMarkup::Italic;
    if (format.fontStrikeOut())
        styles |= MessageMarkup::Strike;
    if (format.fontFixedPitch())
        styles |= MessageMarkup::Code;
    return styles;
}

MarkupBlock blockFrom(const QTextBlock &block)
{
    MarkupBlock result;
    const QTextBlockFormat format = block.blockFormat();
    result.quoteLevel = format.property(QTextFormat::BlockQuoteLevel).toInt();
    const bool code = format.nonBreakableLines() || format.hasProperty(QTextFormat::BlockCodeFence)
        || format.hasProperty(QTextFormat::BlockCodeLanguage);
    if (code) {
        result.kind = MarkupBlock::Kind::Code;
    } else if (QTextList *list = block.textList()) {
        result.kind = MarkupBlock::Kind::ListItem;
        result.listDepth = qMax(1, list->format().indent());
        const QTextListFormat::Style style = list->format().style();
        result.marker = (style == QTextListFormat::ListDecimal)
            ? list->itemText(block)
            : QString(result.listDepth > 1 ? QStringLiteral("◦") : QStringLiteral("•"));
    }
    // Headings cannot be typed ("# " is escaped), but "text" over a line of "---" is one:
    // bold, at the text's size, rather than a banner in the middle of a conversation.
    const int blockStyles = format.headingLevel() > 0 ? MessageMarkup::Bold : 0;

    for (auto it = block.begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        QString text = fragment.text();
        text.remove(QChar::ObjectReplacementCharacter); // an image that slipped through: dropped
        if (text.isEmpty())
            continue;
        const QTextCharFormat charFormat = fragment.charFormat();
        MarkupSpan span;
        span.start = int(result.text.size());
        span.length = int(text.size());
        span.styles = blockStyles | (code ? 0 : stylesOf(charFormat));
        const QUrl url(charFormat.anchorHref());
        if (charFormat.isAnchor() && LinkOpener::isAllowed(url)) {
            span.styles |= MessageMarkup::Link;
            span.href = url.toString();
        }
        result.text += text.replace(QChar::LineSeparator, u'\n');
        if (span.styles != 0)
            result.spans.append(span);
    }
    return result;
}

} // namespace

bool MessageMarkup::needsMarkdown(QStringView text)
{
    if (text.isEmpty())
        return false;
    if (text.at(0).isSpace() || startsLikeAList(text))
        return true; // an indented code block or a list
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (c.unicode()) {
        case '*': case '_': case '~': case '`': case '>': case '<': case '[': case ']':
        case '&': case '#': case '\\': case '|': case '\n': case '\r':
            return true;
        case ':': // https://…
            if (text.mid(i, 3) == u"://")
                return true;
            break;
        case '.': // www.…
            if (i >= 3 && text.mid(i - 3, 3).compare(u"www", Qt::CaseInsensitive) == 0)
                return true;
            break;
        case '@': // name@host (an @mention has no word character before it)
            if (i > 0 && (isWordChar(text.at(i - 1)) || text.at(i - 1) == u'.'))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

QString MessageMarkup::prepare(const QString &text)
{
    static const QRegularExpression heading(QStringLiteral("^( {0,3})(#{1,6})(\\s|$)"));
    QString source = text;
    source.remove(u'\r');
    QStringList lines = source.split(u'\n');
    QChar fenceChar;
    int fence = 0; // the open fence's length, 0 outside code
    for (int i = 0; i < lines.size(); ++i) {
        QString &line = lines[i];
        QChar c;
        const int run = fenceLength(line, &c);
        if (fence > 0) {
            if (run >= fence && c == fenceChar)
                fence = 0; // the code block ends; its lines stay untouched
            continue;
        }
        if (run > 0) {
            fence = run;
            fenceChar = c;
            continue;
        }
        if (const QRegularExpressionMatch match = heading.match(line); match.hasMatch())
            line.insert(match.capturedStart(2), u'\\');
        line.replace(QStringLiteral("!["), QStringLiteral("\\!["));
        // Two trailing spaces make a hard break: the reader sees the lines as they were typed.
        const bool nextIsText = i + 1 < lines.size() && !lines.at(i + 1).trimmed().isEmpty();
        if (nextIsText && !line.trimmed().isEmpty())
            line += QStringLiteral("  ");
    }
    return lines.join(u'\n');
}

MessageMarkup::Blocks MessageMarkup::parseMarkdown(const QString &text)
{
    QTextDocument document;
    document.setUndoRedoEnabled(false);
    document.setMarkdown(prepare(text), chatFeatures());
    Blocks blocks;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        blocks.append(blockFrom(block));
    // A trailing empty block (after a closing fence, a rule) would only add height.
    while (blocks.size() > 1 && blocks.constLast().text.isEmpty())
        blocks.removeLast();
    return blocks;
}

void MessageMarkup::addMentions(MarkupBlock &block, const QString &ownUser)
{
    if (block.kind == MarkupBlock::Kind::Code || !block.text.contains(u'@'))
        return;
    static const QRegularExpression mention(QStringLiteral("(?<![\\w@])@[\\w.-]*\\w"));
    const auto inCode = [&block](int position) {
        for (const MarkupSpan &span : std::as_const(block.spans)) {
            if ((span.styles & Code) && position >= span.start && position < span.start + span.length)
                return true;
        }
        return false;
    };
    for (auto it = mention.globalMatch(block.text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const int start = int(match.capturedStart());
        if (inCode(start))
            continue;
        MarkupSpan span;
        span.start = start;
        span.length = int(match.capturedLength());
        span.styles = Mention;
        if (!ownUser.isEmpty()
            && match.capturedView().mid(1).compare(ownUser, Qt::CaseInsensitive) == 0)
            span.styles |= OwnMention;
        block.spans.append(span);
    }
}

MessageMarkup::Blocks MessageMarkup::parse(const QString &text, const QString &ownUser)
{
    Blocks blocks;
    if (needsMarkdown(text)) {
        blocks = parseMarkdown(text);
    } else {
        MarkupBlock paragraph;
        paragraph.text = text;
        blocks.append(paragraph);
    }
    for (MarkupBlock &block : blocks)
        addMentions(block, ownUser);
    return blocks;
}

QString MessageMarkup::plainText(const Blocks &blocks)
{
    QString text;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        if (i > 0)
            text += u'\n';
        text += blocks.at(i).text;
    }
    return text;
}

} // namespace sb::ui
