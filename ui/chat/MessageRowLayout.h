#pragma once

#include "client/ChatTypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QRect>
#include <QTextLayout>

class QModelIndex;
class QPainter;
class QPalette;

namespace sb::ui {

// How one chat message row is laid out and drawn: the geometry is computed once (text wrapping
// is the expensive part) and then serves sizeHint, paint and hit-testing alike, so the three can
// never disagree about where the Retry link is. Coordinates are relative to the row's top-left.
//
// From top to bottom: an optional day separator ("Today"), an optional "New messages" divider,
// then the message body. An ungrouped body starts with a 32 px avatar (initials in a coloured
// circle), the author in bold — own messages say "you", because that is how people refer to
// themselves in a conversation and it makes the own rows easy to spot — and the time in muted
// colour; a grouped body is only its text. Own messages keep a right-hand gutter for the
// delivery mark; a failed one gets a line "Failed: reason — Retry · Discard" under its text.
class MessageRowLayout
{
    Q_DECLARE_TR_FUNCTIONS(sb::ui::MessageRowLayout)

public:
    // What the layout needs from a model row, read once through the roles.
    struct Message
    {
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

        static Message fromIndex(const QModelIndex &index);
    };

    enum class Link { None, Retry, Discard };

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
        Highlighted = 2, // the row a search jumped to
    };

    MessageRowLayout(const Message &message, const QFont &font, int width);
    Q_DISABLE_COPY_MOVE(MessageRowLayout)

    int width() const { return m_width; }
    int height() const { return m_height; }

    Link linkAt(const QPoint &pos) const;
    // The character boundary nearest `pos` in the message's text, 0..text length; -1 when `pos`
    // is not over the text, unless `clamp` (a drag that left the text still selects up to it).
    int textPositionAt(const QPoint &pos, bool clamp) const;
    // Where character boundary `position` is drawn: the middle of its line, row-relative.
    QPoint textPoint(int position) const;
    QString textIn(const TextRange &range) const; // as typed, line breaks included
    QRect linkRect(Link link) const; // empty unless the message failed
    QRect statusRect() const { return m_statusRect; } // the delivery mark, own messages only
    QRect timeRect() const { return m_timeRect; } // empty for grouped rows
    QString statusToolTip() const;

    void paint(QPainter *painter, const QPalette &palette, const QPoint &topLeft, int flags,
        const TextRange &selection = {}) const;

    // "Today", "Yesterday", or the locale's long date.
    static QString dayLabel(const QDate &day, const QDate &today);

    static constexpr int AvatarSize = 32;

private:
    void layoutText(int textWidth);
    void layoutFailedLine(int left, int top, int width);
    void paintDivider(QPainter *painter, const QRect &rect, const QString &label,
        const QColor &lineColour, const QColor &textColour) const;
    void paintHeader(QPainter *painter, const QPalette &palette) const;
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

    QRect m_dayRect;
    QRect m_unreadRect;
    QRect m_bodyRect;
    QRect m_avatarRect;
    QRect m_nameRect;
    QRect m_timeRect;
    QPoint m_textOrigin;
    QTextLayout m_text;
    QRect m_statusRect;
    QRect m_failedRect; // "Failed: reason — "
    QString m_failedText; // elided to leave room for the links
    QRect m_retryRect;
    QRect m_discardRect;
};

} // namespace sb::ui
