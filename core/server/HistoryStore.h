#pragma once

#include "HistoryTypes.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QThread>

namespace sb::server {

class HistoryWriter;

// Durable chat and DM history in SQLite (WAL). Writes go to a HistoryWriter on its own thread
// with group commit; reads use this thread's own connection, which WAL lets run beside the writer.
// Every callback runs on this object's thread, in the order the appends were made.
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    bool open(const QString &dataDir, bool fullSync, QString *error);
    // Commits what is queued, then stops the writer thread. Safe to call twice.
    void close();
    bool isOpen() const { return m_writer != nullptr; }

    void append(AppendRequest request, AppendCallback done);
    // Blocks until every append made so far is committed and its callback has run.
    void flush();

    // The conversation's epoch and last stored seq. A conversation seen for the first time gets a
    // fresh epoch, which is stored at once.
    ConversationInfo conversation(const QString &name);
    // Whether the conversation was ever created (by this process or an earlier one).
    bool exists(const QString &name);
    // Known rooms (not DMs), by name.
    QList<ConversationInfo> rooms();

    // Messages with afterSeq < seq ≤ upToSeq: the newest `limit` of them, ascending.
    HistoryPage after(const QString &conversation, qint64 afterSeq, qint64 upToSeq, int limit);
    // The newest `limit` messages with seq < beforeSeq, ascending.
    HistoryPage before(const QString &conversation, qint64 beforeSeq, int limit);

    // The conversation name of the DMs between two users, the same whoever sends.
    static QString dmConversation(const QString &a, const QString &b);
    static QString newEpoch();

private:
    QList<StoredMessage> readMessages(QSqlQuery &query);

    QThread m_thread;
    HistoryWriter *m_writer = nullptr;
    QString m_readConnection;
    QSqlDatabase m_read;
    QHash<QString, QString> m_epochs; // conversations seen by this process
};

} // namespace sb::server
