#include "HistoryCheckpointer.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcWriter)

namespace sb::server {

HistoryCheckpointer::HistoryCheckpointer(QString databasePath)
    : m_path(std::move(databasePath))
    , m_connectionName(QStringLiteral("history-checkpoint-%1").arg(quintptr(this)))
{
}

HistoryCheckpointer::~HistoryCheckpointer()
{
    closeDatabase();
}

bool HistoryCheckpointer::openDatabase(QString *error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        *error = m_db.lastError().text();
        return false;
    }
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(IntervalMs);
    connect(m_timer, &QTimer::timeout, this, &HistoryCheckpointer::checkpoint);
    return true;
}

void HistoryCheckpointer::closeDatabase()
{
    if (!m_db.isValid())
        return;
    delete m_timer;
    m_timer = nullptr;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void HistoryCheckpointer::noteCommit()
{
    if (m_pending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_timer && !m_timer->isActive())
                m_timer->start();
        },
        Qt::QueuedConnection);
}

void HistoryCheckpointer::checkpoint()
{
    m_pending = false;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) || !q.next()) {
        qCWarning(lcWriter) << "checkpoint failed:" << q.lastError().text();
        return;
    }
    // A passive checkpoint never catches up with a writer that never pauses, and SQLite starts
    // the log over only once all of it was copied: under steady load the -wal file would grow
    // for good. Past a bound, one checkpoint waits for the writer's current commit and starts
    // the log over; the passive ones before it leave it little to copy.
    const int logFrames = q.value(1).toInt();
    if (logFrames < RestartFrames)
        return;
    q.finish();
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
        qCWarning(lcWriter) << "checkpoint (truncate) failed:" << q.lastError().text();
}

} // namespace sb::server
