#pragma once

#include <QList>
#include <QMetaType>
#include <QSharedData>
#include <QString>
#include <QStringList>

namespace sb::client {

// Where one of the user's own messages is on its way to everyone else.
enum class DeliveryState {
    Pending, // in the outbox, not yet sent (offline, or waiting its turn)
    Sent,    // on the wire, no ack yet
    Acked,   // stored by the server: it has a seq
    Failed,  // refused or out of retries: the user may retry or discard it
};

// One emoji on a message and who put it there (docs/protocol.md, "What a message carries now").
struct Reaction
{
    QString emoji;
    QStringList users; // in the order they reacted
    int count = 0;     // the server's count; users.size() once changes were applied here

    friend bool operator==(const Reaction &a, const Reaction &b)
    {
        return a.emoji == b.emoji && a.users == b.users && a.count == b.count;
    }
};

// What happened to a message after it was sent: an edit, a delete, a reaction added or removed.
// Each is an event of the conversation's stream with a seq of its own (chat.change / dm.change);
// queued in the outbox, it has seq 0 until the server acked it.
struct MessageChange
{
    enum class Kind { Edit, Delete, React, Unreact };

    QString room;    // the conversation: a room's name, or "@peer"
    qint64 seq = 0;  // the change's own seq (0 while pending)
    qint64 target = 0; // the seq of the message changed
    Kind kind = Kind::Edit;
    QString from;    // who edited, deleted or reacted
    QString text;    // Edit: the new text
    QString emoji;   // React, Unreact
    qint64 ts = 0;   // ms since the Unix epoch: the edit's time for an Edit
    QString clientId; // the request id: the server's dedupe key

    bool isConfirmed() const { return seq > 0; }
};

// The state a message gains besides its text (#18): the quote it answers, its last edit, its
// tombstone, its reactions. Most messages have none, so ChatMessage keeps it out of line.
struct MessageState : QSharedData
{
    qint64 replyTo = 0;  // seq of the message answered, 0 for none
    QString replyAuthor; // its author and first ~140 characters, as the server stored them
    QString replyQuote;  // "" once the original was deleted
    qint64 editedAt = 0; // ms since the Unix epoch, 0 when never edited
    bool deleted = false;
    QList<Reaction> reactions; // in the order first used

    bool operator==(const MessageState &o) const
    {
        return replyTo == o.replyTo && replyAuthor == o.replyAuthor && replyQuote == o.replyQuote
            && editedAt == o.editedAt && deleted == o.deleted && reactions == o.reactions;
    }
    bool isPlain() const { return *this == MessageState(); }
};

// A chat or DM message as the client shows and caches it. `room` is the room name, or
// "@peer" for a direct conversation. seq is 0 until the server acked it.
struct ChatMessage
{
    QString room;
    qint64 seq = 0;
    QString from;
    QString text;
    qint64 ts = 0; // ms since the Unix epoch
    QString clientId;
    DeliveryState delivery = DeliveryState::Acked;
    QString error; // why it failed, for the user

    // Reply, edit, tombstone and reactions, out of line: null for the nine messages in ten that
    // have none, so a row of a 100,000-message room does not carry what only some need. Read it
    // with state(), change it with editState() (last, so the fields above still initialise in
    // order: {room, seq, from, text, ts, clientId, delivery, error}).
    QSharedDataPointer<MessageState> extra {};

    bool isConfirmed() const { return seq > 0; }

    // Reply, edit, tombstone and reactions; a shared empty state for a message without any.
    const MessageState &state() const;
    // The state to change (made, or detached from copies, on first use).
    MessageState &editState();
    bool hasState() const { return extra && !extra->isPlain(); }
    bool isDeleted() const { return extra && extra->deleted; }
    // Applies a change meant for this message as a "set" operation, so applying it twice, or
    // to a state that already includes it, changes nothing. True when something changed.
    bool apply(const MessageChange &change);
    // This message was deleted: its text, quote and reactions go, a tombstone stays.
    void makeTombstone();
    // The message it quotes (seq `original`) was deleted: the quote goes (the server's rule).
    bool forgetQuoteOf(qint64 original);
};

// One hit of a full-text search (docs/protocol.md, "search").
struct SearchHit
{
    QString conversation; // a room's name, or "@peer"
    qint64 seq = 0;
    QString from;
    qint64 ts = 0;
    QString snippet; // the matching words between U+0002 and U+0003
};

// One trade from the market feed.
struct MarketTick
{
    QString symbol;
    double price = 0;
    qint64 volume = 0;
    qint64 ts = 0; // ms since the Unix epoch
};

struct PresenceEntry
{
    QString user;
    QString status; // online | away | busy | offline
};

} // namespace sb::client

Q_DECLARE_METATYPE(sb::client::ChatMessage)
Q_DECLARE_METATYPE(sb::client::MessageChange)
Q_DECLARE_METATYPE(sb::client::MarketTick)
