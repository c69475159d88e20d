#pragma once

#include "client/ChatTypes.h"
#include "ui/chat/MessageMarkup.h"
#include "ui/chat/MessageText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QRect>
#include <QStringList>

class QModelIndex;
class QPainter;
class QPalette;

namespace sb::ui {

// How one chat message row is laid out and drawn: the geometry is computed once (text wrapping
// is the expensive part) and then serves sizeHint, paint and hit-testing alike, so the three can
// never disagree about where the Retry link or a reaction is. Coordinates are relative to the
// row's top-left.
//
// From top to bottom: an optional day separator ("Today"), an optional "New messages" divider,
// then the message body. An ungrouped body starts with a 32 px avatar (initials in a coloured
// circle), the author in bold — own messages say "you", because that is how people refer to
// themselves in a conversation and it makes the own rows easy to spot — and the time in muted
// colour; a grouped body goes straight to its content. The content: the quote of the message it
// answers (author and the start of its text; a click jumps there), the text (Markdown, see
// MessageMarkup) with "(edited)" after it, or "message deleted" in muted italics for a
// tombstone; then the reactions as chips (emoji and count, tinted when one is the user's own)
// and a chip to add one. Own messages keep a right-hand gutter for the delivery mark; a failed
// one gets a line "Failed: reason — Retry · Discard" under its text. While the user's own change
// to the message (an edit, a delete, a reaction) waits to be sent, the content is faded.
class MessageRowLayout
{
    Q_DECLARE_TR_FUNCTIONS(sb::ui::MessageRowLayout)

public:
    struct Reaction
    {
        QString emoji;
        int count = 0;
        QStringList users;
        bool mine = false;

        // ReactionsRole's QVariantList of {emoji, count, users, mine}.
        static QList<Reaction> fromVariant(const QVariant &value);
    };

    // What the layout needs from a model row, read once through the roles.
    struct Message
    {
        qint64 seq = 0;
        QString author;
        QString text;
        QDateTime timestamp;
        client::DeliveryState delivery = client::DeliveryState::Acked;
        QString errorText;
        bool own = false;
        bool grouped = false;
        bool dayBreak = false;
        bool mention = false;
        bool firstUnread = false;
        QString ownUser; // whose @mentions are marked apart
        qint64 replyTo = 0;
        QString replyAuthor;
        QString replyQuote;
        QDateTime editedAt; // invalid: never edited
        bool deleted = false;
        bool changePending = false;
        QList<Reaction> reactions;
        // The text as blocks, when the caller has them from an earlier parse (the delegate
        // keeps them across widths); parsed from `text` otherwise.
        MessageMarkup::Blocks markup;
        bool hasMarkup = false;

        static Message fromIndex(const QModelIndex &index);
    };

    enum class Link { None, Retry, Discard, Quote, Reaction, AddReaction, Url };

    // What is under a point: a link, which reaction chip, which URL.
    struct Hit
    {
        Link link = Link::None;
        int reaction = -1;
        QString href;
    };

    // Characters [start, end) of the message's text, selected with the mouse. No member
    // initialisers: they would keep `= {}` from being a default argument in this class.
    struct TextRange
    {
        int start;
        int end;
        bool isEmpty() const { return end <= start; }
    };

    enum PaintFlag {
        NoFlags = 0,
        Hovered = 1, // the pointer is over the row
        Highlighted = 2, // the row a search or a quote jumped to
    };

    MessageRowLayout(const Message &message, const QFont &font, int width);
    Q_DISABLE_COPY_MOVE(MessageRowLayout)

    int width() const { return m_width; }
    int height() const { return m_height; }
    const Message &message() const { return m_message; }

    Hit hitAt(const QPoint &pos) const;
    Link linkAt(const QPoint &pos) const { return hitAt(pos).link; }
    // The character boundary nearest `pos` in the shown text, 0..length; -1 when `pos` is not
    // over the text, unless `clamp` (a drag that left the text still selects up to it).
    int textPositionAt(const QPoint &pos, bool clamp) const;
    // Where character boundary `position` is drawn: the middle of its line, row-relative.
    QPoint textPoint(int position) const;
    QString textIn(const TextRange &range) const; // as shown, line breaks included
    QString shownText() const { return m_text.plainText(); } // the text without Markdown syntax
    QRect linkRect(Link link) const; // Retry/Discard (failed only), Quote, AddReaction; else empty
    QRect reactionRect(int index) const;
    QRect bodyRect() const { return m_bodyRect; } // the message without its dividers
    QRect statusRect() const { return m_statusRect; } // the delivery mark, own messages only
    QRect timeRect() const { return m_timeRect; } // empty for grouped rows
    QRect editedRect() const { return m_editedRect; } // "(edited)", empty when never edited
    QString statusToolTip() const;
    QString reactionToolTip(int index) const; // "alice, bob and you reacted with 👍"

    void paint(QPainter *painter, const QPalette &palette, const QPoint &topLeft, int flags,
        const TextRange &selection = {}) const;

    // "Today", "Yesterday", or the locale's long date.
    static QString dayLabel(const QDate &day, const QDate &today);

    static constexpr int AvatarSize = 32;

private:
    int layoutQuote(int top, int width);
    int layoutReactions(int top, int width);
    void layoutFailedLine(int left, int top, int width);
    void paintDivider(QPainter *painter, const QRect &rect, const QString &label,
        const QColor &lineColour, const QColor &textColour) const;
    void paintHeader(QPainter *painter, const QPalette &palette) const;
    void paintQuote(QPainter *painter) const;
    void paintReactions(QPainter *painter, const QPalette &palette) const;
    void paintStatus(QPainter *painter, const QPalette &palette) const;
    void paintFailedLine(QPainter *painter, const QPalette &palette) const;
    QString statusText() const;

    Message m_message;
    int m_width = 0;
    int m_height = 0;
    QFont m_font;
    QFont m_nameFont;
    QFont m_smallFont;
    QFont m_smallBoldFont;
    QFont m_smallItalicFont;
    QFont m_emojiFont; // the reaction chips' emoji

    QRect m_dayRect;
    QRect m_unreadRect;
    QRect m_bodyRect;
    QRect m_avatarRect;
    QRect m_nameRect;
    QRect m_timeRect;
    QRect m_quoteRect;
    QString m_quoteAuthor; // elided to fit
    QString m_quoteText;
    QPoint m_textOrigin;
    MessageText m_text;
    QRect m_editedRect;
    QList<QRect> m_reactionRects;
    QRect m_addReactionRect;
    QRect m_statusRect;
    QRect m_failedRect; // "Failed: reason — "
    QString m_failedText; // elided to leave room for the links
    QRect m_retryRect;
    QRect m_discardRect;
};

} // namespace sb::ui
