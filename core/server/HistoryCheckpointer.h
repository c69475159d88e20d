#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>

class QTimer;

namespace sb::server {

// Copies the write-ahead log back into the database, and syncs it, on a thread and connection
// of its own, so that no commit ever waits for a checkpoint. With SQLite's automatic
// checkpoints the commit that crossed 1000 WAL pages did that work itself: at 2,000 messages a
// second those syncs (about five a second, up to ~19 ms each) were the chat ack's p99
// (docs/benchmarks.md). PASSIVE checkpoints never block the writer or the readers; one in a
// while a TRUNCATE keeps the log bounded (see checkpoint()).
class HistoryCheckpointer : public QObject
{
    Q_OBJECT

public:
    explicit HistoryCheckpointer(QString databasePath);
    ~HistoryCheckpointer() override;

    // Any thread: something was committed; a checkpoint follows within IntervalMs.
    void noteCommit();

    // The checkpointer's thread (call through a blocking queued invoke from elsewhere).
    bool openDatabase(QString *error);
    void closeDatabase();

    static constexpr int IntervalMs = 200;
    // WAL frames (4 KiB pages) after which the log is started over: ~16 MiB.
    static constexpr int RestartFrames = 4096;

private:
    void checkpoint();

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    QTimer *m_timer = nullptr;
    std::atomic_bool m_pending{false}; // one queued wake-up per interval, however many commits
};

} // namespace sb::server
