#pragma once

#include <QList>
#include <QString>

#include <functional>

namespace sb::server {

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
};

struct AppendResult
{
    bool ok = false;
    bool duplicate = false; // a retry: `message` is the original, stored earlier
    bool idReused = false;  // the id names an earlier message of another conversation
    StoredMessage message;
    QString error;
};

using AppendCallback = std::function<void(const AppendResult &)>;

struct HistoryPage
{
    QList<StoredMessage> messages; // ascending seq
    bool hasMore = false;          // older (for `before`) or skipped (for `after`) messages remain
    bool ok = true;                // false: the store could not be read (Redis down)
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
