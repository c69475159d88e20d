#pragma once

#include "ChatTypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace sb::client {

// What the client remembers of a room between runs, so it can resume with `since`.
struct RoomRecord
{
    QString room;
    qint64 lastSeq = 0; // every message up to this seq is in the cache
    QString epoch;
    bool joined = false; // the user wants to be in it (rejoined after a reconnect or restart)
};

// One message the user wrote, kept until the server acked it (see Outbox).
struct OutboxRecord
{
    QString id;     // the envelope id: the server's dedupe key
    QString kind;   // "chat" or "dm"
    QString target; // room, or user for a DM
    QString text;
    qint64 createdAt = 0;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    QString error;
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

    // Messages: a (room, seq) already cached is left as it is.
    void saveMessages(const QList<ChatMessage> &messages);
    QList<ChatMessage> latestMessages(const QString &room, int limit);
    QList<ChatMessage> messagesBefore(const QString &room, qint64 beforeSeq, int limit);
    QList<ChatMessage> search(const QString &room, const QString &text, int limit);
    int messageCount(const QString &room);
    void clearRoomHistory(const QString &room);

    void saveRoom(const RoomRecord &room);
    QList<RoomRecord> rooms();

    void saveOutbox(const OutboxRecord &record);
    void removeOutbox(const QString &id);
    QList<OutboxRecord> outbox(); // in creation order

private:
    QList<ChatMessage> readMessages(class QSqlQuery &query);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
};

} // namespace sb::client
