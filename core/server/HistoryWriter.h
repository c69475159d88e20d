#pragma once

#include "HistoryTypes.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace sb::server {

// The one writer of the history database, living in its own thread. Appends queue up under a
// lock; each wake-up commits everything queued so far in one transaction (adaptive group commit:
// no timer, the batch is whatever arrived while the previous COMMIT ran). Results go back to
// `receiver`'s thread in order, and only after the commit that holds them returned.
class ChangeWriter;

class HistoryWriter : public QObject
{
    Q_OBJECT

public:
    HistoryWriter(QString databasePath, bool fullSync, QObject *receiver);
    ~HistoryWriter() override;

    // Runs on the writer's thread after every successful commit. Set before the thread starts.
    void setAfterCommit(std::function<void()> afterCommit) { m_afterCommit = std::move(afterCommit); }

    // Any thread.
    void enqueueAppend(AppendRequest request, AppendCallback done);
    void enqueueConversation(const QString &name, const QString &epoch);
    // Who holds a user name since when (MessageStore::holdName), written with the next batch.
    void enqueueNameHolder(const QString &name, const QString &holder, qint64 since);
    // How far `user` read a conversation (MessageStore::markRead), written with the next batch.
    void enqueueReadMarker(const QString &user, const QString &conversationKey, qint64 seq);
    // A conversation's notification setting (MessageStore::setNotify), written with the next batch.
    void enqueueNotifySetting(const QString &user, const QString &conversationKey,
                              const NotifySetting &setting);

    // Writer thread (call through a blocking queued invoke from elsewhere).
    bool openDatabase(QString *error);
    void closeDatabase();
    void drain();

private:
    // A small per-user row upserted with the batch (its values in the statement's order).
    enum class RecordKind { NameHolder, ReadMarker, NotifySetting };
    struct Record
    {
        RecordKind kind;
        QVariantList values;
    };
    struct Pending
    {
        std::optional<AppendRequest> append; // empty: just make sure the conversation exists
        QString conversation;
        QString epoch;
        AppendCallback done;
        std::optional<Record> record; // set: only this, no conversation
    };

    void enqueue(Pending pending);
    void commitBatch(QList<Pending> &batch);
    AppendResult insert(const AppendRequest &request);
    // The result of `request` stored earlier under its id, if it was (a retry, or a reused id).
    std::optional<AppendResult> duplicateOf(const AppendRequest &request);
    bool ensureConversation(const QString &name, const QString &epoch);
    bool writeRecord(const Record &record, QString *error);
    qint64 lastSeq(const QString &conversation);
    void forgetCaches();

    QString m_path;
    bool m_fullSync;
    QObject *m_receiver;
    std::function<void()> m_afterCommit;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_insertMessage;
    std::optional<QSqlQuery> m_indexMessage;   // into message_search (full-text)
    std::optional<QSqlQuery> m_unindexMessage;
    std::unique_ptr<ChangeWriter> m_changes; // replies and changes, on this thread's connection
    std::optional<QSqlQuery> m_findOriginal;
    std::optional<QSqlQuery> m_insertConversation;
    std::optional<QSqlQuery> m_upsertNameHolder;
    std::optional<QSqlQuery> m_upsertReadMarker;
    std::optional<QSqlQuery> m_upsertNotifySetting;
    QHash<QString, qint64> m_lastSeq; // per conversation, as committed or about to be
    QSet<QString> m_knownConversations;

    QMutex m_mutex;
    QList<Pending> m_queue;   // guarded by m_mutex
    bool m_wakePending = false; // guarded by m_mutex: one queued drain() per batch
};

} // namespace sb::server
