#pragma once

#include "BarStore.h"

#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace sb::server {

// The one writer of bars.sqlite3, in its own thread. Writes queue up under a lock; each wake-up
// commits everything queued so far in one transaction, a later version of a chunk replacing an
// earlier one. Callbacks go back to `receiver`'s thread after the commit.
class BarWriter : public QObject
{
    Q_OBJECT

public:
    BarWriter(QString databasePath, bool fullSync, QObject *receiver);
    ~BarWriter() override;

    // Any thread.
    void enqueue(QList<BarStore::Chunk> chunks, qint64 pruneBefore, std::function<void(bool)> committed);

    // Writer thread (call through a blocking queued invoke from elsewhere).
    bool openDatabase(QString *error);
    void closeDatabase();
    void drain();

private:
    struct Pending
    {
        QList<BarStore::Chunk> chunks;
        qint64 pruneBefore = 0;
        std::function<void(bool)> committed;
    };

    bool commitBatch(const QList<Pending> &batch);

    QString m_path;
    bool m_fullSync;
    QObject *m_receiver;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_upsert;
    std::optional<QSqlQuery> m_prune;

    QMutex m_mutex;
    QList<Pending> m_queue;     // guarded by m_mutex
    bool m_wakePending = false; // guarded by m_mutex: one queued drain() per batch
};

} // namespace sb::server
