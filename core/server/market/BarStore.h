#pragma once

#include "Bar.h"

#include <QHash>
#include <QLockFile>
#include <QObject>
#include <QSqlDatabase>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

namespace sb::server {

class BarWriter;

// The market's one-second bars in SQLite, `<data-dir>/bars.sqlite3` (WAL), apart from the chat
// history so neither file's writer ever waits for the other's lock. A row holds five minutes of
// one symbol (a chunk of up to 300 bars, packed by BarChunkCodec, ~2.5 KB): a day of 20 symbols
// is 5,760 rows, which the backfill writes in a fraction of a second and a day's read takes in
// a few milliseconds (most of it unpacking 86,400 bars), where a row per bar would cost ~4 µs
// each through QtSql. Writes go to a BarWriter on its own thread,
// everything handed over since its last commit in one transaction (group commit); reads use this
// thread's own connection. One process owns the file (a lock file next to it says which).
class BarStore : public QObject
{
    Q_OBJECT

public:
    // Five minutes of one symbol: its bars oldest first, each with start in [start, start + ChunkMs).
    struct Chunk
    {
        QString symbol;
        qint64 start = 0;
        QList<Bar> bars;
    };
    static constexpr qint64 ChunkMs = 5 * 60'000;

    explicit BarStore(QObject *parent = nullptr);
    ~BarStore() override;

    bool open(const QString &dataDir, bool fullSync, QString *error);
    // Writes what is handed over, then stops the writer. Safe to call twice.
    void close();
    bool isOpen() const { return m_writer != nullptr; }

    // Replaces these chunks and deletes every chunk that ended before `pruneBefore` (0: none),
    // in the writer's next transaction. Any thread. `committed` runs on this object's thread
    // once that transaction ended (true: committed), in the order the writes were made.
    void write(QList<Chunk> chunks, qint64 pruneBefore, std::function<void(bool)> committed = {});
    // Blocks until everything written so far is committed and its callback has run.
    void flush();

    // What is committed: the chunks of `symbol` that start in [fromMs, toMs), oldest first.
    QList<Chunk> chunks(const QString &symbol, qint64 fromMs, qint64 toMs);
    // The newest chunk of `symbol`, if it has any.
    std::optional<Chunk> newestChunk(const QString &symbol);
    // The start of the oldest bar of `symbol` at or after `notBefore`.
    std::optional<qint64> oldestBar(const QString &symbol, qint64 notBefore);
    // The newest bar of every symbol stored.
    QHash<QString, Bar> newestBars();
    bool isEmpty();
    QString path() const { return m_path; }

    // `bars` (oldest first) cut into the chunks they fall in.
    static QList<Chunk> chunked(const QString &symbol, const QList<Bar> &bars);

private:
    QList<Chunk> readChunks(QSqlQuery &query, const QString &symbol);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QThread m_thread;
    BarWriter *m_writer = nullptr;
    QString m_readConnection;
    QSqlDatabase m_read;
};

} // namespace sb::server
