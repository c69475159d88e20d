#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace sb::server {

// What a row of a conversation's stream is: a message, or a change to an earlier one. Every kind
// takes a seq of its own, so resume, paging, dedupe and the Redis engine carry changes as they
// carry messages. The names are the wire's (`change` of chat.change) and the database's.
enum class ChangeKind { Message, Edit, Delete, React, Unreact };
inline QString changeKindName(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Message: return QStringLiteral("message");
    case ChangeKind::Edit: return QStringLiteral("edit");
    case ChangeKind::Delete: return QStringLiteral("delete");
    case ChangeKind::React: return QStringLiteral("react");
    case ChangeKind::Unreact: return QStringLiteral("unreact");
    }
    return {};
}
inline ChangeKind changeKindFromName(const QString &name)
{
    for (ChangeKind kind : {ChangeKind::Edit, ChangeKind::Delete, ChangeKind::React, ChangeKind::Unreact}) {
        if (name == changeKindName(kind))
            return kind;
    }
    return ChangeKind::Message;
}

// One emoji under a message and who put it there, in the order they did.
struct Reaction
{
    QString emoji;
    QStringList users;
};

// A chat or DM message as stored. For a room, `conversation` is the room name; for a DM it is
// the pair's key (see HistoryStore::dmConversation) and `recipient` is set.
struct StoredMessage
{
    QString conversation;
    qint64 seq = 0;
    QString sender;
    QString recipient;
    QString text;
    qint64 ts = 0;
    QString clientId;
    ChangeKind kind = ChangeKind::Message;
    qint64 target = 0; // a change: the seq of the message it changes
    QString emoji{};   // React, Unreact
    // A reply: the message it answers, its author and its first characters as they were when
    // the reply was stored (emptied if that message is deleted later).
    qint64 replyTo = 0;
    QString replyFrom{};
    QString replyText{};
    // A message's state with its changes folded in (text above is the text after edits).
    qint64 editedTs = 0;  // the last edit's time, 0 when never edited
    qint64 deletedTs = 0; // a tombstone since then: text is empty
    QList<Reaction> reactions{};
};

// A message to make durable. `seq` is not chosen by the caller: the store assigns the next one.
struct AppendRequest
{
    QString conversation;
    QString epoch; // the conversation's epoch, recorded if this creates the conversation
    QString sender;
    QString recipient;
    QString clientId; // the envelope id of the send: (clientId, sender) is the dedupe key
    QString text;
    qint64 ts = 0;
    ChangeKind kind = ChangeKind::Message;
    qint64 target = 0; // a change: the seq it changes
    QString emoji{};
    qint64 replyTo = 0;        // a message that answers this seq
    bool moderator = false;    // may delete others' messages (an admin, in rooms)
};

struct AppendResult
{
    bool ok = false;
    bool duplicate = false; // a retry: `message` is the original, stored earlier
    bool idReused = false;  // the id names an earlier message of another conversation
    StoredMessage message;
    QString error;
    // Refused by the rules of changes and replies (unknown or deleted target, not the author,
    // too many reactions): an ErrorCode and a sentence for the user. Nothing was stored.
    QString refusedCode;
    QString refusedReason;
};

using AppendCallback = std::function<void(const AppendResult &)>;

struct HistoryPage
{
    QList<StoredMessage> messages; // ascending seq
    bool hasMore = false;          // older (for `before`) or skipped (for `after`) messages remain
    bool hasNewer = false;         // `around` pages: newer messages remain
    bool ok = true;                // false: the store could not be read (Redis down)
};

// How a user wants to hear of one conversation (room.notify / dm.notify): which messages notify
// (every one, those that mention the user, none) and whether the conversation is muted (its
// unread count recedes and nothing notifies). A conversation never set has the default.
struct NotifySetting
{
    QString level = QStringLiteral("all"); // all | mentions | none
    bool muted = false;

    bool operator==(const NotifySetting &other) const
    {
        return level == other.level && muted == other.muted;
    }
};

// What `search` looks for, already narrowed to what the asker may read.
struct SearchRequest
{
    QString terms;             // the user's words (SearchIndex::matchExpression quotes them)
    QStringList rooms;         // rooms to search
    QStringList directs;       // DM conversations to search (HistoryStore::dmConversation)
    qint64 directMinTs = 0;    // DMs only from then on (a guest's, since it took its name)
    QString from;              // only this sender, when set
    qint64 beforeTs = 0;       // only hits older than this (paging), when set
    int limit = 20;
};

struct SearchHit
{
    QString conversation;
    qint64 seq = 0;
    QString sender;
    qint64 ts = 0;
    QString snippet; // the matching words between U+0002 and U+0003
};

struct SearchResult
{
    QList<SearchHit> hits; // newest first
    bool hasMore = false;
    bool ok = true;        // false: the index could not be read
};

struct ConversationInfo
{
    QString name;
    QString epoch;
    qint64 lastSeq = 0;
    bool ok = true; // false: the store could not be read (Redis down); the rest is empty
};

// One of a user's direct conversations: with whom, its history stream, and when it last moved.
struct DirectConversation
{
    QString peer;
    ConversationInfo info;
    qint64 lastTs = 0; // ts of the newest message, 0 when none is stored
};

struct DirectConversations
{
    QList<DirectConversation> conversations;
    bool ok = true; // false: the store could not be read (Redis down)
};

} // namespace sb::server
