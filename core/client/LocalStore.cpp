#include "LocalStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStore, "switchboard.client.store")

namespace sb::client {

namespace {

const char *const Schema[] = {
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "CREATE TABLE IF NOT EXISTS messages ("
    " room TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL,"
    " ts INTEGER NOT NULL, client_id TEXT NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS rooms ("
    " room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, epoch TEXT NOT NULL, joined INTEGER NOT NULL"
    ") WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS outbox ("
    " id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL,"
    " error TEXT NOT NULL DEFAULT '')",
};

// Columns added after the first release: added to a file an older client made (SQLite's ADD
// COLUMN with a default rewrites nothing).
struct AddedColumn
{
    const char *table;
    const char *name;
    const char *declaration;
};
const AddedColumn AddedColumns[] = {
    // A message's state (#18): the quote it answers, its last edit, its tombstone, reactions.
    {"messages", "reply_to", "INTEGER NOT NULL DEFAULT 0"},
    {"messages", "reply_from", "TEXT NOT NULL DEFAULT ''"},
    {"messages", "reply_text", "TEXT NOT NULL DEFAULT ''"},
    {"messages", "edited_ts", "INTEGER NOT NULL DEFAULT 0"},
    {"messages", "deleted", "INTEGER NOT NULL DEFAULT 0"},
    {"messages", "reactions", "TEXT NOT NULL DEFAULT ''"}, // JSON [{emoji, count, users}]
    // The seq an outbox entry is about: a reply's original, a change's message, a read marker.
    {"outbox", "target_seq", "INTEGER NOT NULL DEFAULT 0"},
};

const QString MessageColumns = QStringLiteral(
    "room, seq, sender, text, ts, client_id, reply_to, reply_from, reply_text, edited_ts, deleted,"
    " reactions");

QString encodeReactions(const QList<Reaction> &reactions)
{
    if (reactions.isEmpty())
        return QString(QLatin1String(""));
    QJsonArray array;
    for (const Reaction &r : reactions)
        array.append(QJsonObject{{QLatin1String("emoji"), r.emoji},
                                 {QLatin1String("count"), r.count},
                                 {QLatin1String("users"), QJsonArray::fromStringList(r.users)}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<Reaction> decodeReactions(const QString &json)
{
    QList<Reaction> reactions;
    if (json.isEmpty())
        return reactions;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonObject o = value.toObject();
        Reaction r{o.value(QLatin1String("emoji")).toString(), {}, o.value(QLatin1String("count")).toInt()};
        for (const QJsonValue &user : o.value(QLatin1String("users")).toArray())
            r.users.append(user.toString());
        reactions.append(r);
    }
    return reactions;
}

bool hasColumn(QSqlDatabase &db, const char *table, const char *column)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(QLatin1String(table))))
        return false;
    while (q.next()) {
        if (q.value(1).toString() == QLatin1String(column))
            return true;
    }
    return false;
}

// SQLite stores a null QString as NULL; these columns are NOT NULL, and "" is what we mean.
QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

bool check(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    qCWarning(lcStore) << what << "failed:" << query.lastError().text();
    return false;
}

} // namespace

LocalStore::LocalStore()
    : m_connectionName(QStringLiteral("local-store-%1").arg(quintptr(this)))
{
}

LocalStore::~LocalStore()
{
    close();
}

QString LocalStore::pathFor(const QString &baseDir, const QString &serverUrl, const QString &user)
{
    // One file per server and user; hashed so any URL makes a safe file name.
    const QByteArray key = QCryptographicHash::hash((serverUrl + u'\n' + user).toUtf8(),
                                                    QCryptographicHash::Sha256)
                               .toHex()
                               .left(16);
    return QDir(baseDir).filePath(QStringLiteral("cache-%1.sqlite3").arg(QString::fromLatin1(key)));
}

bool LocalStore::open(const QString &path, QString *error)
{
    close();
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_path = path;
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    for (const char *statement : Schema) {
        if (!q.exec(QString::fromLatin1(statement))) {
            *error = q.lastError().text();
            return false;
        }
    }
    for (const AddedColumn &column : AddedColumns) {
        if (hasColumn(m_db, column.table, column.name))
            continue;
        if (!q.exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3")
                        .arg(QLatin1String(column.table), QLatin1String(column.name),
                             QLatin1String(column.declaration)))) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

void LocalStore::close()
{
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void LocalStore::saveMessages(const QList<ChatMessage> &messages)
{
    if (messages.isEmpty() || !m_db.isOpen())
        return;
    m_db.transaction();
    QSqlQuery q(m_db);
    // A message already cached takes the state the server sends now (a history page has every
    // change folded in): its text after edits, its tombstone, its reactions.
    q.prepare(QStringLiteral("INSERT INTO messages (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT (room, seq) DO UPDATE SET text = excluded.text,"
                             " reply_to = excluded.reply_to, reply_from = excluded.reply_from,"
                             " reply_text = excluded.reply_text, edited_ts = excluded.edited_ts,"
                             " deleted = excluded.deleted, reactions = excluded.reactions")
                  .arg(MessageColumns));
    for (const ChatMessage &m : messages) {
        if (!m.isConfirmed())
            continue; // unconfirmed messages live in the outbox
        bindMessage(q, m);
        check(q, "saving a message");
    }
    m_db.commit();
}

void LocalStore::bindMessage(QSqlQuery &q, const ChatMessage &m)
{
    const MessageState &s = m.state();
    q.bindValue(0, m.room);
    q.bindValue(1, m.seq);
    q.bindValue(2, m.from);
    q.bindValue(3, text(m.text));
    q.bindValue(4, m.ts);
    q.bindValue(5, text(m.clientId));
    q.bindValue(6, s.replyTo);
    q.bindValue(7, text(s.replyAuthor));
    q.bindValue(8, text(s.replyQuote));
    q.bindValue(9, s.editedAt);
    q.bindValue(10, s.deleted ? 1 : 0);
    q.bindValue(11, encodeReactions(s.reactions));
}

bool LocalStore::applyChange(const MessageChange &change)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE room = ? AND seq = ?").arg(MessageColumns));
    q.bindValue(0, change.room);
    q.bindValue(1, change.target);
    QList<ChatMessage> found = readMessages(q);
    if (found.isEmpty())
        return false; // not cached: a history page will bring it with the change folded in
    ChatMessage &message = found.first();
    m_db.transaction();
    if (message.apply(change))
        saveMessages({message});
    if (change.kind == MessageChange::Kind::Delete) {
        // Gone from every row of this cache: the quotes of it in replies too.
        QSqlQuery quotes(m_db);
        quotes.prepare(QStringLiteral("UPDATE messages SET reply_text = '' WHERE room = ? AND reply_to = ?"));
        quotes.bindValue(0, change.room);
        quotes.bindValue(1, change.target);
        check(quotes, "purging quotes of a deleted message");
    }
    m_db.commit();
    return true;
}

QList<ChatMessage> LocalStore::readMessages(QSqlQuery &q)
{
    QList<ChatMessage> messages;
    if (!check(q, "reading messages"))
        return messages;
    while (q.next()) {
        ChatMessage m;
        m.room = q.value(0).toString();
        m.seq = q.value(1).toLongLong();
        m.from = q.value(2).toString();
        m.text = q.value(3).toString();
        m.ts = q.value(4).toLongLong();
        m.clientId = q.value(5).toString();
        const qint64 replyTo = q.value(6).toLongLong();
        const qint64 editedAt = q.value(9).toLongLong();
        const bool deleted = q.value(10).toBool();
        const QString reactions = q.value(11).toString();
        if (replyTo != 0 || editedAt != 0 || deleted || !reactions.isEmpty()) {
            MessageState &s = m.editState();
            s.replyTo = replyTo;
            s.replyAuthor = q.value(7).toString();
            s.replyQuote = q.value(8).toString();
            s.editedAt = editedAt;
            s.deleted = deleted;
            s.reactions = decodeReactions(reactions);
        }
        messages.append(m);
    }
    // Queries read newest first (to apply the limit); callers want ascending seq.
    std::reverse(messages.begin(), messages.end());
    return messages;
}

QList<ChatMessage> LocalStore::latestMessages(const QString &room, int limit)
{
    return messagesBefore(room, std::numeric_limits<qint64>::max(), limit);
}

QList<ChatMessage> LocalStore::messagesBefore(const QString &room, qint64 beforeSeq, int limit)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                  .arg(MessageColumns));
    q.bindValue(0, room);
    q.bindValue(1, beforeSeq);
    q.bindValue(2, limit);
    return readMessages(q);
}

QList<ChatMessage> LocalStore::messagesAround(const QString &room, qint64 seq, int limit)
{
    // As the server's `around`: the message at or before it and older ones, then newer ones.
    QList<ChatMessage> messages = messagesBefore(room, seq + 1, limit - limit / 2);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE room = ? AND seq > ? ORDER BY seq LIMIT ?")
                  .arg(MessageColumns));
    q.bindValue(0, room);
    q.bindValue(1, seq);
    q.bindValue(2, limit / 2);
    QList<ChatMessage> newer = readMessages(q);
    std::reverse(newer.begin(), newer.end()); // read ascending, and readMessages reversed them
    return messages + newer;
}

QList<ChatMessage> LocalStore::search(const QString &room, const QString &text, int limit)
{
    QString pattern = text;
    pattern.replace(u'\\', QLatin1String("\\\\")).replace(u'%', QLatin1String("\\%")).replace(u'_', QLatin1String("\\_"));
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE room = ? AND text LIKE ? ESCAPE '\\'"
                             " ORDER BY seq DESC LIMIT ?")
                  .arg(MessageColumns));
    q.bindValue(0, room);
    q.bindValue(1, QStringLiteral("%%1%").arg(pattern));
    q.bindValue(2, limit);
    return readMessages(q);
}

int LocalStore::messageCount(const QString &room)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE room = ?"));
    q.bindValue(0, room);
    return check(q, "counting messages") && q.next() ? q.value(0).toInt() : 0;
}

void LocalStore::clearRoomHistory(const QString &room)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM messages WHERE room = ?"));
    q.bindValue(0, room);
    check(q, "clearing a room");
}

void LocalStore::saveRoom(const RoomRecord &room)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO rooms (room, last_seq, epoch, joined) VALUES (?, ?, ?, ?)"
                             " ON CONFLICT (room) DO UPDATE SET last_seq = excluded.last_seq,"
                             " epoch = excluded.epoch, joined = excluded.joined"));
    q.bindValue(0, room.room);
    q.bindValue(1, room.lastSeq);
    q.bindValue(2, text(room.epoch));
    q.bindValue(3, room.joined ? 1 : 0);
    check(q, "saving a room");
}

QList<RoomRecord> LocalStore::rooms()
{
    QList<RoomRecord> rooms;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT room, last_seq, epoch, joined FROM rooms ORDER BY room"));
    if (!check(q, "reading rooms"))
        return rooms;
    while (q.next())
        rooms.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                      q.value(3).toBool()});
    return rooms;
}

void LocalStore::saveOutbox(const OutboxRecord &r)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO outbox (id, kind, target, text, created_at, state, attempts, error, target_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
        " attempts = excluded.attempts, error = excluded.error, target_seq = excluded.target_seq"));
    q.bindValue(0, r.id);
    q.bindValue(1, r.kind);
    q.bindValue(2, r.target);
    q.bindValue(3, text(r.text)); // deletes and read markers have none
    q.bindValue(4, r.createdAt);
    q.bindValue(5, int(r.state));
    q.bindValue(6, r.attempts);
    q.bindValue(7, text(r.error));
    q.bindValue(8, r.targetSeq);
    check(q, "saving an outbox entry");
}

void LocalStore::removeOutbox(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE id = ?"));
    q.bindValue(0, id);
    check(q, "removing an outbox entry");
}

QList<OutboxRecord> LocalStore::outbox()
{
    QList<OutboxRecord> records;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, kind, target, text, created_at, state, attempts, error,"
                             " target_seq FROM outbox ORDER BY created_at, id"));
    if (!check(q, "reading the outbox"))
        return records;
    while (q.next()) {
        records.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toString(), q.value(4).toLongLong(),
                        DeliveryState(q.value(5).toInt()), q.value(6).toInt(), q.value(7).toString(),
                        q.value(8).toLongLong()});
    }
    return records;
}

} // namespace sb::client
