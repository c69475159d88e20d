#include "LocalStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
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
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO messages (room, seq, sender, text, ts, client_id)"
                             " VALUES (?, ?, ?, ?, ?, ?)"));
    for (const ChatMessage &m : messages) {
        if (!m.isConfirmed())
            continue; // unconfirmed messages live in the outbox
        q.bindValue(0, m.room);
        q.bindValue(1, m.seq);
        q.bindValue(2, m.from);
        q.bindValue(3, m.text);
        q.bindValue(4, m.ts);
        q.bindValue(5, text(m.clientId));
        check(q, "saving a message");
    }
    m_db.commit();
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
    q.prepare(QStringLiteral("SELECT room, seq, sender, text, ts, client_id FROM messages"
                             " WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?"));
    q.bindValue(0, room);
    q.bindValue(1, beforeSeq);
    q.bindValue(2, limit);
    return readMessages(q);
}

QList<ChatMessage> LocalStore::search(const QString &room, const QString &text, int limit)
{
    QString pattern = text;
    pattern.replace(u'\\', QLatin1String("\\\\")).replace(u'%', QLatin1String("\\%")).replace(u'_', QLatin1String("\\_"));
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT room, seq, sender, text, ts, client_id FROM messages"
                             " WHERE room = ? AND text LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?"));
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
        "INSERT INTO outbox (id, kind, target, text, created_at, state, attempts, error)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
        " attempts = excluded.attempts, error = excluded.error"));
    q.bindValue(0, r.id);
    q.bindValue(1, r.kind);
    q.bindValue(2, r.target);
    q.bindValue(3, r.text);
    q.bindValue(4, r.createdAt);
    q.bindValue(5, int(r.state));
    q.bindValue(6, r.attempts);
    q.bindValue(7, text(r.error));
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
    q.prepare(QStringLiteral("SELECT id, kind, target, text, created_at, state, attempts, error"
                             " FROM outbox ORDER BY created_at, id"));
    if (!check(q, "reading the outbox"))
        return records;
    while (q.next()) {
        records.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toString(), q.value(4).toLongLong(),
                        DeliveryState(q.value(5).toInt()), q.value(6).toInt(), q.value(7).toString()});
    }
    return records;
}

} // namespace sb::client
