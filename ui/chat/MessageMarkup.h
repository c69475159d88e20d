#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace sb::ui {

// A run of characters in one block with the styles it is drawn in.
struct MarkupSpan
{
    int start = 0;
    int length = 0;
    int styles = 0; // MessageMarkup::Style flags
    QString href; // only with Style::Link: an http, https or mailto URL (LinkOpener::isAllowed)

    friend bool operator==(const MarkupSpan &a, const MarkupSpan &b)
    {
        return a.start == b.start && a.length == b.length && a.styles == b.styles && a.href == b.href;
    }
};

// One paragraph, list item or line of a code block, as the reader sees it: its text without any
// Markdown syntax, and the spans that style it.
struct MarkupBlock
{
    enum class Kind { Paragraph, ListItem, Code };

    Kind kind = Kind::Paragraph;
    int quoteLevel = 0; // > quote depth
    int listDepth = 0; // 1 for a top-level list item
    QString marker; // "•" or "3." for list items
    QString text;
    QList<MarkupSpan> spans;
};

// A message's text as formatted blocks. Parsing is Qt's own (QTextDocument::setMarkdown, md4c
// inside Qt) with raw HTML switched off (MarkdownNoHTML: "<b>" stays the four characters it is),
// GitHub's strikethrough and permissive autolinks (a bare https://…, www.… or name@host becomes a
// link), and no tables or task lists. Before parsing, what a chat message should not turn into
// is escaped: "# " headings and "![…](…)" images (no remote images, ever). Every typed line
// break stays a line break (CommonMark would join the lines). Links whose scheme is not http,
// https or mailto keep their text but lose the link. After parsing, @names become mention spans
// (the own user's marked apart), except inside code.
//
// Parsing costs a QTextDocument, so plain text skips it: needsMarkdown() is a cheap scan that
// says whether the text has any character Markdown could act on; without one, parse() returns
// the text as one paragraph, exactly as Markdown would have.
class MessageMarkup
{
public:
    enum Style {
        Bold = 0x1,
        Italic = 0x2,
        Strike = 0x4,
        Code = 0x8, // inline `code`
        Link = 0x10,
        Mention = 0x20, // @someone
        OwnMention = 0x40, // @me (with Mention)
    };

    using Blocks = QList<MarkupBlock>;

    static Blocks parse(const QString &text, const QString &ownUser);
    static bool needsMarkdown(QStringView text);
    // The Markdown handed to Qt: headings and images escaped, line breaks made hard.
    static QString prepare(const QString &text);
    // The blocks' text as one string, blocks joined by '\n' (what a selection copies).
    static QString plainText(const Blocks &blocks);

private:
    static Blocks parseMarkdown(const QString &text);
    static void addMentions(MarkupBlock &block, const QString &ownUser);
};

} // namespace sb::ui
