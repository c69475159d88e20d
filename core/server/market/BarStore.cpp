#include "BarStore.h"

#include "BarAggregator.h"
#include "BarChunkCodec.h"
#include "BarWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>

namespace sb::server {


BarStore::BarStore(QObject *parent)
    : QObject(parent)
    , m_readConnection(QStringLiteral("bars-read-%1").arg(quintptr(this)))
{
    m_thread.setObjectName(QStringLiteral("bar-writer"));
}

BarStore::~BarStore()
{
    close();
}

bool BarStore::open(const QString &dataDir, bool fullSync, QString *error)
{
    if (!QDir().mkpath(dataDir)) {
        *error = QStringLiteral("cannot create the data directory %1").arg(dataDir);
        return false;
    }
    m_path = QDir(dataDir).filePath(QStringLiteral("bars.sqlite3"));
    // Two servers writing one file would interleave their feeds' bars: one owner per file.
    m_lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0); // stale only when its process is gone
    if (!m_lock->tryLock()) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        *error = QStringLiteral("%1 is in use by another switchboard-server (pid %2); give each "
                                "server its own --data-dir")
                     .arg(m_path)
                     .arg(pid);
        m_lock.reset();
        return false;
    }

    m_writer = new BarWriter(m_path, fullSync, this);
    m_writer->moveToThread(&m_thread);
    m_thread.start();
    bool opened = false;
    QMetaObject::invokeMethod(
        m_writer, [&] { opened = m_writer->openDatabase(error); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        close();
        return false;
    }
    m_read = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_readConnection);
    m_read.setDatabaseName(m_path);
    m_read.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_read.open()) {
        *error = m_read.lastError().text();
        close();
        return false;
    }
    return true;
}

void BarStore::close()
{
    if (m_writer) {
        flush();
        QMetaObject::invokeMethod(
            m_writer, [this] { m_writer->closeDatabase(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_writer;
        m_writer = nullptr;
    }
    if (m_read.isValid()) {
        m_read.close();
        m_read = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_readConnection);
    }
    m_lock.reset();
}

void BarStore::write(QList<Chunk> chunks, qint64 pruneBefore, std::function<void(bool)> committed)
{
    Q_ASSERT(m_writer);
    m_writer->enqueue(std::move(chunks), pruneBefore, std::move(committed));
}

void BarStore::flush()
{
    if (!m_writer)
        return;
    QMetaObject::invokeMethod(m_writer, [this] { m_writer->drain(); }, Qt::BlockingQueuedConnection);
    // The writer has posted its callbacks to this thread; run them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

QList<BarStore::Chunk> BarStore::readChunks(QSqlQuery &query, const QString &symbol)
{
    QList<Chunk> chunks;
    if (!query.exec())
        return chunks;
    while (query.next()) {
        const qint64 start = query.value(0).toLongLong();
        chunks.append(Chunk{symbol, start, BarChunkCodec::decode(start, query.value(1).toByteArray())});
    }
    return chunks;
}

QList<BarStore::Chunk> BarStore::chunks(const QString &symbol, qint64 fromMs, qint64 toMs)
{
    QSqlQuery query(m_read);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT start, bars FROM bar_chunks"
                                 " WHERE symbol = ? AND start >= ? AND start < ? ORDER BY start"));
    query.addBindValue(symbol);
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    return readChunks(query, symbol);
}

std::optional<BarStore::Chunk> BarStore::newestChunk(const QString &symbol)
{
    QSqlQuery query(m_read);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT start, bars FROM bar_chunks WHERE symbol = ? ORDER BY start DESC LIMIT 1"));
    query.addBindValue(symbol);
    const QList<Chunk> found = readChunks(query, symbol);
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

std::optional<qint64> BarStore::oldestBar(const QString &symbol, qint64 notBefore)
{
    // The chunk that holds `notBefore` may have only older bars; the next one then has it.
    QSqlQuery query(m_read);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT start, bars FROM bar_chunks"
                                 " WHERE symbol = ? AND start > ? ORDER BY start LIMIT 2"));
    query.addBindValue(symbol);
    query.addBindValue(notBefore - ChunkMs);
    for (const Chunk &chunk : readChunks(query, symbol)) {
        for (const Bar &bar : chunk.bars) {
            if (bar.start >= notBefore)
                return bar.start;
        }
    }
    return std::nullopt;
}

QHash<QString, Bar> BarStore::newestBars()
{
    QHash<QString, Bar> newest;
    QSqlQuery query(m_read);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT symbol, start, bars FROM bar_chunks c WHERE start ="
            " (SELECT MAX(start) FROM bar_chunks WHERE symbol = c.symbol)")))
        return newest;
    while (query.next()) {
        const QList<Bar> bars = BarChunkCodec::decode(query.value(1).toLongLong(), query.value(2).toByteArray());
        if (!bars.isEmpty())
            newest.insert(query.value(0).toString(), bars.constLast());
    }
    return newest;
}

bool BarStore::isEmpty()
{
    QSqlQuery query(m_read);
    return !query.exec(QStringLiteral("SELECT 1 FROM bar_chunks LIMIT 1")) || !query.next();
}

QList<BarStore::Chunk> BarStore::chunked(const QString &symbol, const QList<Bar> &bars)
{
    QList<Chunk> chunks;
    for (const Bar &bar : bars) {
        const qint64 start = BarAggregator::alignDown(bar.start, ChunkMs);
        if (chunks.isEmpty() || chunks.constLast().start != start)
            chunks.append(Chunk{symbol, start, {}});
        chunks.last().bars.append(bar);
    }
    return chunks;
}

} // namespace sb::server
