// MessageMarkup: what a message's Markdown becomes (styles, blocks, links, mentions), that raw
// HTML and images never render, that only http/https/mailto links survive, that typed line
// breaks stay, and that the plain-text shortcut gives what Markdown would have given.
#include "ui/chat/LinkOpener.h"
#include "ui/chat/MessageMarkup.h"

#include <QTest>
#include <QTextDocument>
#include <QUrl>

using sb::ui::LinkOpener;
using sb::ui::MarkupBlock;
using sb::ui::MarkupSpan;
using sb::ui::MessageMarkup;

namespace {

// The styles of the characters [start, start + length) of `block`, or -1 when they differ.
int stylesAt(const MarkupBlock &block, const QString &word)
{
    const int start = int(block.text.indexOf(word));
    if (start < 0)
        return -1;
    int styles = 0;
    for (const MarkupSpan &span : block.spans) {
        if (span.start <= start && span.start + span.length >= start + word.size())
            styles |= span.styles;
    }
    return styles;
}

QString hrefOf(const MarkupBlock &block, const QString &word)
{
    const int start = int(block.text.indexOf(word));
    for (const MarkupSpan &span : block.spans) {
        if ((span.styles & MessageMarkup::Link) && span.start <= start && span.start + span.length > start)
            return span.href;
    }
    return {};
}

} // namespace

class TestMessageMarkup : public QObject
{
    Q_OBJECT

private slots:
    void inlineStyles();
    void blocks();
    void rawHtmlStaysText();
    void imagesAndHeadingsAreNotRendered();
    void linksOnlyForSafeSchemes();
    void bareUrlsBecomeLinks();
    void typedLineBreaksStay();
    void mentionsMarkTheOwnUser();
    void plainTextSkipsTheParserAndMatchesIt_data();
    void plainTextSkipsTheParserAndMatchesIt();
    void linkOpenerAllowsOnlyWebAndMail();
};

void TestMessageMarkup::inlineStyles()
{
    const auto blocks = MessageMarkup::parse("**bold** *italic* ~~gone~~ `x = 1` plain", {});
    QCOMPARE(blocks.size(), 1);
    const MarkupBlock &b = blocks.first();
    QCOMPARE(b.text, QString("bold italic gone x = 1 plain"));
    QCOMPARE(stylesAt(b, "bold"), int(MessageMarkup::Bold));
    QCOMPARE(stylesAt(b, "italic"), int(MessageMarkup::Italic));
    QCOMPARE(stylesAt(b, "gone"), int(MessageMarkup::Strike));
    QCOMPARE(stylesAt(b, "x = 1"), int(MessageMarkup::Code));
    QCOMPARE(stylesAt(b, "plain"), 0);
}

void TestMessageMarkup::blocks()
{
    const auto blocks = MessageMarkup::parse(
        "look:\n```\nint x = 1;\n  return x;\n```\n> quoted\n- one\n- two\n1. first", {});
    QStringList texts;
    for (const MarkupBlock &b : blocks)
        texts << b.text;
    QCOMPARE(texts, QStringList({"look:", "int x = 1;", "  return x;", "quoted", "one", "two", "first"}));
    QCOMPARE(blocks.at(1).kind, MarkupBlock::Kind::Code);
    QCOMPARE(blocks.at(2).kind, MarkupBlock::Kind::Code);
    QCOMPARE(stylesAt(blocks.at(1), "int"), 0); // code blocks carry no inline styles
    QCOMPARE(blocks.at(3).quoteLevel, 1);
    QCOMPARE(blocks.at(3).kind, MarkupBlock::Kind::Paragraph);
    QCOMPARE(blocks.at(4).kind, MarkupBlock::Kind::ListItem);
    QCOMPARE(blocks.at(4).marker, QString("•"));
    QCOMPARE(blocks.at(6).marker, QString("1."));
    // Markdown inside a code block stays as typed.
    const auto code = MessageMarkup::parse("```\n**not bold** <b>\n```", {});
    QCOMPARE(code.size(), 1);
    QCOMPARE(code.first().text, QString("**not bold** <b>"));
}

void TestMessageMarkup::rawHtmlStaysText()
{
    const QString html = "<b>bold?</b> <script>alert(1)</script> <img src=x onerror=alert(1)>";
    const auto blocks = MessageMarkup::parse(html, {});
    QCOMPARE(blocks.size(), 1);
    QCOMPARE(blocks.first().text, html); // every character shown, none interpreted
    QCOMPARE(stylesAt(blocks.first(), "bold?"), 0);
    QVERIFY(blocks.first().spans.isEmpty());
    // Entities are Markdown's: decoded, and "AT&T" stays as it is.
    QCOMPARE(MessageMarkup::parse("AT&T &amp; &lt;tag&gt;", {}).first().text, QString("AT&T & <tag>"));
}

void TestMessageMarkup::imagesAndHeadingsAreNotRendered()
{
    // No remote images: the alt text stays a link to the address, nothing is fetched.
    const auto image = MessageMarkup::parse("![chart](https://example.com/x.png)", {});
    QCOMPARE(image.size(), 1);
    QVERIFY(!image.first().text.contains(QChar::ObjectReplacementCharacter));
    QCOMPARE(image.first().text, QString("!chart"));
    QCOMPARE(hrefOf(image.first(), "chart"), QString("https://example.com/x.png"));
    // "# 1 priority" is what was typed, not a banner.
    const auto heading = MessageMarkup::parse("# 1 priority today", {});
    QCOMPARE(heading.first().text, QString("# 1 priority today"));
    QCOMPARE(stylesAt(heading.first(), "priority"), 0);
}

void TestMessageMarkup::linksOnlyForSafeSchemes()
{
    const auto blocks = MessageMarkup::parse(
        "[site](https://example.com/a) [evil](javascript:alert(1)) [file](file:///etc/passwd) "
        "[mail](mailto:bob@example.com) [data](data:text/html,x)", {});
    const MarkupBlock &b = blocks.first();
    QCOMPARE(b.text, QString("site evil file mail data"));
    QCOMPARE(hrefOf(b, "site"), QString("https://example.com/a"));
    QCOMPARE(hrefOf(b, "mail"), QString("mailto:bob@example.com"));
    for (const char *word : {"evil", "file", "data"}) {
        QVERIFY2(hrefOf(b, word).isEmpty(), word);
        QCOMPARE(stylesAt(b, word), 0); // not even drawn as a link
    }
}

void TestMessageMarkup::bareUrlsBecomeLinks()
{
    const auto blocks = MessageMarkup::parse(
        "see https://example.com/q?x=1, www.qt.io and bob@example.com", {});
    const MarkupBlock &b = blocks.first();
    QCOMPARE(hrefOf(b, "https://"), QString("https://example.com/q?x=1"));
    QCOMPARE(hrefOf(b, "www.qt.io"), QString("http://www.qt.io"));
    QCOMPARE(hrefOf(b, "bob@"), QString("mailto:bob@example.com"));
    QVERIFY(hrefOf(b, "see").isEmpty());
}

void TestMessageMarkup::typedLineBreaksStay()
{
    // CommonMark would join these into "first line second line".
    const auto blocks = MessageMarkup::parse("first line\nsecond *line*\n\nthird", {});
    QCOMPARE(MessageMarkup::plainText(blocks), QString("first line\nsecond line\nthird"));
    QCOMPARE(MessageMarkup::prepare("a\nb"), QString("a  \nb"));
    QCOMPARE(MessageMarkup::prepare("```\na\nb\n```"), QString("```\na\nb\n```")); // code untouched
}

void TestMessageMarkup::mentionsMarkTheOwnUser()
{
    const auto blocks = MessageMarkup::parse("@Sam and @bob, email sam@example.com, `@sam`", "sam");
    const MarkupBlock &b = blocks.first();
    QCOMPARE(stylesAt(b, "@Sam"), MessageMarkup::Mention | MessageMarkup::OwnMention);
    QCOMPARE(stylesAt(b, "@bob"), int(MessageMarkup::Mention));
    QVERIFY(!(stylesAt(b, "@example") & MessageMarkup::Mention)); // an address, not a mention
    const int inCode = int(b.text.lastIndexOf("@sam"));
    QCOMPARE(stylesAt(b, b.text.mid(inCode)), int(MessageMarkup::Code)); // code: left alone
    // The plain path marks them too.
    const auto plain = MessageMarkup::parse("thanks @sam", "sam");
    QCOMPARE(stylesAt(plain.first(), "@sam"), MessageMarkup::Mention | MessageMarkup::OwnMention);
}

void TestMessageMarkup::plainTextSkipsTheParserAndMatchesIt_data()
{
    QTest::addColumn<QString>("text");
    for (const char *text : {"careful: CPI comes out at 10:30, the last two prints moved it",
             "NVDA 480.20 +3.1% (huge volume)", "@sam you still long NVDA?", "is it 5-6 or 7?",
             "1000 shares, 2.5 each; that's $2,500 = a lot", "what's up with \"quotes\" and 'ticks'",
             "emoji 👍🏽 and accents: café, naïve", "a.b.c/d?e=f", "-5% today", "100 is the level"})
        QTest::newRow(text) << QString::fromUtf8(text);
}

void TestMessageMarkup::plainTextSkipsTheParserAndMatchesIt()
{
    // The shortcut may only be taken where Qt's parser would change nothing.
    QFETCH(QString, text);
    QVERIFY(!MessageMarkup::needsMarkdown(text));
    QTextDocument document;
    document.setMarkdown(text, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownNoHTML | 0x0004
                                                              | 0x0008 | 0x0400 | 0x0200));
    QCOMPARE(document.toPlainText(), text);
    QCOMPARE(document.blockCount(), 1);
    const auto blocks = MessageMarkup::parse(text, {});
    QCOMPARE(blocks.size(), 1);
    QCOMPARE(blocks.first().text, text);
    // And the texts that need the parser say so.
    for (const char *rich : {"**b**", "a_b_", "`c`", "> q", "- item", "1. item", "x\ny", "<b>",
             "https://x.y", "www.x.y", "me@x.y", "# h", "a\\b", "[l](u)", "~~s~~", "&amp;"})
        QVERIFY2(MessageMarkup::needsMarkdown(QString::fromUtf8(rich)), rich);
}

void TestMessageMarkup::linkOpenerAllowsOnlyWebAndMail()
{
    for (const char *ok : {"https://example.com", "http://example.com/a?b", "HTTPS://EXAMPLE.COM",
             "mailto:bob@example.com"})
        QVERIFY2(LinkOpener::isAllowed(QUrl(ok)), ok);
    for (const char *bad : {"javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
             "ftp://example.com", "switchboard://general/4", "http:///nohost", "mailto:", "",
             "vbscript:x", "smb://host/share"})
        QVERIFY2(!LinkOpener::isAllowed(QUrl(bad)), bad);
    QVERIFY(!LinkOpener::open(QUrl("javascript:alert(1)")));
}

QTEST_MAIN(TestMessageMarkup)
#include "tst_messagemarkup.moc"
