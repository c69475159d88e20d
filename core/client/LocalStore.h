#pragma once

#include "ChatTypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace sb::client {

// What the client remembers of a room between runs, so it can resume with `since`.
struct RoomRecord
{
    QString room;
    qint64 lastSeq = 0; // every message up to this seq is in the cache
    QString epoch;
    bool joined = false; // the user wants to be in it (rejoined after a reconnect or restart)
};

// One thing the user did, kept until the server acked it (see Outbox): a message they wrote, or
// a change to a message (edit, delete, reaction), or how far they read a conversation.
struct OutboxRecord
{
    QString id;     // the envelope id: the server's dedupe key
    QString kind;   // OutboxKind: "chat" or "dm" (messages), "edit", "delete", "react",
                    // "unreact", "read"
    QString target; // messages: the room, or the user for a DM; the others: the conversation's
                    // key (a room, or "@peer")
    QString text;   // a message's or an edit's text, a reaction's emoji
    qint64 createdAt = 0;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    QString error;
    qint64 targetSeq = 0; // the message a reply answers or a change changes; a read marker's seq
};

// The client's SQLite file for one server and user: cached history (shown at start and
// offline), each room's resume point, and the persistent outbox. Writes are small and batched
// in transactions; it lives on the GUI thread.
class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    bool open(const QString &path, QString *error);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString path() const { return m_path; }

    // Where the store of `user` on `serverUrl` lives under `baseDir`.
    static QString pathFor(const QString &baseDir, const QString &serverUrl, const QString &user);

    // Messages: a (room, seq) already cached keeps its sender and time and takes the text and
    // state given (the server's latest).
    void saveMessages(const QList<ChatMessage> &messages);
    // An edit, delete or reaction: applied to the cached message (a delete purges its text and
    // the quotes of it). False when the message is not cached.
    bool applyChange(const MessageChange &change);
    QList<ChatMessage> latestMessages(const QString &room, int limit);
    QList<ChatMessage> messagesBefore(const QString &room, qint64 beforeSeq, int limit);
    // The message at or before `seq` with older ones, and newer ones: `limit` in all, ascending.
    QList<ChatMessage> messagesAround(const QString &room, qint64 seq, int limit);
    QList<ChatMessage> search(const QString &room, const QString &text, int limit);
    int messageCount(const QString &room);
    void clearRoomHistory(const QString &room);

    void saveRoom(const RoomRecord &room);
    QList<RoomRecord> rooms();

    void saveOutbox(const OutboxRecord &record);
    void removeOutbox(const QString &id);
    QList<OutboxRecord> outbox(); // in creation order

private:
    QList<ChatMessage> readMessages(QSqlQuery &query);
    static void bindMessage(QSqlQuery &query, const ChatMessage &message);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
};

} // namespace sb::client
