#include "BarWriter.h"

#include "BarChunkCodec.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcBarWriter, "switchboard.server.bars")

namespace sb::server {

BarWriter::BarWriter(QString databasePath, bool fullSync, QObject *receiver)
    : m_path(std::move(databasePath))
    , m_fullSync(fullSync)
    , m_receiver(receiver)
    , m_connectionName(QStringLiteral("bar-writer-%1").arg(quintptr(this)))
{
}

BarWriter::~BarWriter()
{
    closeDatabase();
}

bool BarWriter::openDatabase(QString *error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    const QStringList setup{
        QStringLiteral("PRAGMA journal_mode=WAL"),
        m_fullSync ? QStringLiteral("PRAGMA synchronous=FULL")
                   : QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("PRAGMA busy_timeout=5000"),
        // The backfill's one big transaction would otherwise leave a log of its size behind.
        QStringLiteral("PRAGMA journal_size_limit=16777216"),
        // Rows of ~2.5 KB: a rowid table (WITHOUT ROWID suits small rows only).
        QStringLiteral("CREATE TABLE IF NOT EXISTS bar_chunks ("
                       " symbol TEXT NOT NULL, start INTEGER NOT NULL, bars BLOB NOT NULL,"
                       " PRIMARY KEY (symbol, start))"),
        // Pruning goes by age across every symbol, including ones the feed no longer has.
        QStringLiteral("CREATE INDEX IF NOT EXISTS bar_chunks_start ON bar_chunks (start)"),
    };
    for (const QString &statement : setup) {
        if (!q.exec(statement)) {
            *error = QStringLiteral("%1: %2").arg(statement, q.lastError().text());
            return false;
        }
    }
    m_upsert.emplace(m_db);
    m_upsert->prepare(
        QStringLiteral("INSERT OR REPLACE INTO bar_chunks (symbol, start, bars) VALUES (?, ?, ?)"));
    m_prune.emplace(m_db);
    m_prune->prepare(QStringLiteral("DELETE FROM bar_chunks WHERE start < ?"));
    return true;
}

void BarWriter::closeDatabase()
{
    if (!m_db.isValid())
        return;
    m_upsert.reset();
    m_prune.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void BarWriter::enqueue(QList<BarStore::Chunk> chunks, qint64 pruneBefore,
                        std::function<void(bool)> committed)
{
    QMutexLocker lock(&m_mutex);
    m_queue.append(Pending{std::move(chunks), pruneBefore, std::move(committed)});
    if (!m_wakePending) {
        m_wakePending = true;
        QMetaObject::invokeMethod(this, &BarWriter::drain, Qt::QueuedConnection);
    }
}

void BarWriter::drain()
{
    for (;;) {
        QList<Pending> batch;
        {
            QMutexLocker lock(&m_mutex);
            batch.swap(m_queue);
            if (batch.isEmpty()) {
                m_wakePending = false;
                return;
            }
        }
        const bool ok = commitBatch(batch);
        QList<std::function<void(bool)>> callbacks;
        for (Pending &pending : batch) {
            if (pending.committed)
                callbacks.append(std::move(pending.committed));
        }
        if (!callbacks.isEmpty()) {
            QMetaObject::invokeMethod(
                m_receiver,
                [callbacks = std::move(callbacks), ok] {
                    for (const auto &callback : callbacks)
                        callback(ok);
                },
                Qt::QueuedConnection);
        }
    }
}

bool BarWriter::commitBatch(const QList<Pending> &batch)
{
    if (!m_db.transaction()) {
        qCWarning(lcBarWriter) << "cannot begin:" << m_db.lastError().text();
        return false;
    }
    // In order: a chunk written twice in one batch ends as its later version.
    bool ok = true;
    qint64 pruneBefore = 0;
    for (const Pending &pending : batch) {
        pruneBefore = qMax(pruneBefore, pending.pruneBefore);
        for (const BarStore::Chunk &chunk : pending.chunks) {
            m_upsert->bindValue(0, chunk.symbol);
            m_upsert->bindValue(1, chunk.start);
            m_upsert->bindValue(2, BarChunkCodec::encode(chunk.start, chunk.bars));
            if (!m_upsert->exec()) {
                qCWarning(lcBarWriter) << "cannot write" << chunk.symbol << chunk.start << ":"
                                       << m_upsert->lastError().text();
                ok = false;
                break;
            }
        }
    }
    if (ok && pruneBefore > 0) {
        // A chunk that ended before the cut: start + ChunkMs <= pruneBefore.
        m_prune->bindValue(0, pruneBefore - BarStore::ChunkMs + 1);
        if (!m_prune->exec()) {
            qCWarning(lcBarWriter) << "cannot prune:" << m_prune->lastError().text();
            ok = false;
        }
    }
    if (!ok || !m_db.commit()) {
        qCWarning(lcBarWriter) << "bars not committed:" << m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

} // namespace sb::server
