#include "HistoryWriter.h"

#include "ChangeWriter.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSqlError>
#include <QThread>

Q_LOGGING_CATEGORY(lcWriter, "switchboard.server.history")

namespace sb::server {

HistoryWriter::HistoryWriter(QString databasePath, bool fullSync, QObject *receiver)
    : m_path(std::move(databasePath))
    , m_fullSync(fullSync)
    , m_receiver(receiver)
    , m_connectionName(QStringLiteral("history-writer-%1").arg(quintptr(this)))
{
}

HistoryWriter::~HistoryWriter()
{
    closeDatabase();
}

bool HistoryWriter::openDatabase(QString *error)
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
        // Checkpoints run on their own thread (HistoryCheckpointer), never inside a commit.
        QStringLiteral("PRAGMA wal_autocheckpoint=0"),
        QStringLiteral("PRAGMA busy_timeout=5000"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS conversations ("
                       " name TEXT PRIMARY KEY, epoch TEXT NOT NULL, created_at INTEGER NOT NULL"
                       ") WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS messages ("
                       " conversation TEXT NOT NULL, seq INTEGER NOT NULL,"
                       " sender TEXT NOT NULL, recipient TEXT, text TEXT NOT NULL,"
                       " ts INTEGER NOT NULL, client_id TEXT NOT NULL,"
                       " PRIMARY KEY (conversation, seq)) WITHOUT ROWID"),
        // Who goes by a user name since when: a guest who takes a name an earlier guest used
        // gets none of the earlier one's DMs (HistoryStore::holdName).
        // How far each user has read each conversation (a room, or "@peer" as the user sees it).
        QStringLiteral("CREATE TABLE IF NOT EXISTS read_markers ("
                       " user TEXT NOT NULL, conversation TEXT NOT NULL, seq INTEGER NOT NULL,"
                       " PRIMARY KEY (user, conversation)) WITHOUT ROWID"),
        // How each user wants to hear of each conversation (level and mute), keyed the same way.
        QStringLiteral("CREATE TABLE IF NOT EXISTS notify_settings ("
                       " user TEXT NOT NULL, conversation TEXT NOT NULL, level TEXT NOT NULL,"
                       " muted INTEGER NOT NULL, PRIMARY KEY (user, conversation)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS name_holders ("
                       " name TEXT PRIMARY KEY, holder TEXT NOT NULL, since INTEGER NOT NULL"
                       ") WITHOUT ROWID"),
        // Client ids are time-ordered, so leading with them keeps inserts near the index's end.
        QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS messages_dedupe"
                       " ON messages (client_id, sender)"),
    };
    for (const QString &statement : setup) {
        if (!q.exec(statement)) {
            *error = QStringLiteral("%1: %2").arg(statement, q.lastError().text());
            return false;
        }
    }
    if (!ChangeWriter::migrate(m_db, error))
        return false;
    m_changes = std::make_unique<ChangeWriter>(m_db);
    m_insertMessage.emplace(m_db);
    m_insertMessage->prepare(QStringLiteral(
        "INSERT INTO messages (conversation, seq, sender, recipient, text, ts, client_id,"
        " kind, target, emoji, reply_to, reply_from, reply_text, search_rowid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, sender) DO NOTHING"));
    m_indexMessage.emplace(m_db);
    m_indexMessage->prepare(QStringLiteral(
        "INSERT INTO message_search (text, conversation, seq, sender, ts) VALUES (?, ?, ?, ?, ?)"));
    m_unindexMessage.emplace(m_db);
    m_unindexMessage->prepare(QStringLiteral("DELETE FROM message_search WHERE rowid = ?"));
    m_findOriginal.emplace(m_db);
    m_findOriginal->prepare(QStringLiteral(
        "SELECT conversation, seq, recipient, text, ts, kind, target FROM messages"
        " WHERE client_id = ? AND sender = ?"));
    m_insertConversation.emplace(m_db);
    m_insertConversation->prepare(QStringLiteral(
        "INSERT OR IGNORE INTO conversations (name, epoch, created_at) VALUES (?, ?, ?)"));
    // Read markers only move forward, whichever session's report commits last.
    m_upsertReadMarker.emplace(m_db);
    m_upsertReadMarker->prepare(QStringLiteral(
        "INSERT INTO read_markers (user, conversation, seq) VALUES (?, ?, ?)"
        " ON CONFLICT (user, conversation) DO UPDATE SET seq = MAX(seq, excluded.seq)"));
    m_upsertNotifySetting.emplace(m_db);
    m_upsertNotifySetting->prepare(QStringLiteral(
        "INSERT OR REPLACE INTO notify_settings (user, conversation, level, muted) VALUES (?, ?, ?, ?)"));
    m_upsertNameHolder.emplace(m_db);
    m_upsertNameHolder->prepare(QStringLiteral(
        "INSERT OR REPLACE INTO name_holders (name, holder, since) VALUES (?, ?, ?)"));
    return true;
}

void HistoryWriter::closeDatabase()
{
    if (!m_db.isValid())
        return;
    m_insertMessage.reset();
    m_indexMessage.reset();
    m_unindexMessage.reset();
    m_changes.reset();
    m_findOriginal.reset();
    m_insertConversation.reset();
    m_upsertNameHolder.reset();
    m_upsertReadMarker.reset();
    m_upsertNotifySetting.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void HistoryWriter::enqueueAppend(AppendRequest request, AppendCallback done)
{
    Pending pending;
    pending.conversation = request.conversation;
    pending.epoch = request.epoch;
    pending.append = std::move(request);
    pending.done = std::move(done);
    enqueue(std::move(pending));
}

void HistoryWriter::enqueueConversation(const QString &name, const QString &epoch)
{
    Pending pending;
    pending.conversation = name;
    pending.epoch = epoch;
    enqueue(std::move(pending));
}

void HistoryWriter::enqueueNameHolder(const QString &name, const QString &holder, qint64 since)
{
    Pending pending;
    pending.record = Record{RecordKind::NameHolder, {name, holder, since}};
    enqueue(std::move(pending));
}

void HistoryWriter::enqueueReadMarker(const QString &user, const QString &conversationKey, qint64 seq)
{
    Pending pending;
    pending.record = Record{RecordKind::ReadMarker, {user, conversationKey, seq}};
    enqueue(std::move(pending));
}

void HistoryWriter::enqueueNotifySetting(const QString &user, const QString &conversationKey,
                                         const NotifySetting &setting)
{
    Pending pending;
    pending.record = Record{RecordKind::NotifySetting,
                            {user, conversationKey, setting.level, int(setting.muted)}};
    enqueue(std::move(pending));
}

void HistoryWriter::enqueue(Pending pending)
{
    QMutexLocker lock(&m_mutex);
    m_queue.append(std::move(pending));
    if (!m_wakePending) {
        m_wakePending = true;
        QMetaObject::invokeMethod(this, &HistoryWriter::drain, Qt::QueuedConnection);
    }
}

void HistoryWriter::drain()
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
        commitBatch(batch);
    }
}

void HistoryWriter::commitBatch(QList<Pending> &batch)
{
    using Completion = std::pair<AppendCallback, AppendResult>;
    QList<Completion> completions;
    completions.reserve(batch.size());

    const bool began = m_db.transaction();
    for (Pending &pending : batch) {
        AppendResult result;
        if (!began) {
            result.error = m_db.lastError().text();
        } else if (pending.record) {
            QString error;
            if (!writeRecord(*pending.record, &error))
                qCWarning(lcWriter) << "cannot record" << pending.record->values << ":" << error;
        } else if (!ensureConversation(pending.conversation, pending.epoch)) {
            result.error = m_insertConversation->lastError().text();
        } else if (pending.append) {
            result = insert(*pending.append);
        }
        if (pending.done)
            completions.append({std::move(pending.done), std::move(result)});
    }
    if (began && !m_db.commit()) {
        const QString error = m_db.lastError().text();
        qCWarning(lcWriter) << "commit failed, batch of" << batch.size() << "refused:" << error;
        m_db.rollback();
        forgetCaches(); // the seqs handed out in this batch were never stored
        for (Completion &completion : completions) {
            completion.second = AppendResult();
            completion.second.error = error;
        }
    } else if (began && m_afterCommit) {
        m_afterCommit();
    }
    if (completions.isEmpty())
        return;
    // Acks go out only now that the batch is durable; one queued call keeps them in order.
    QMetaObject::invokeMethod(
        m_receiver,
        [completions = std::move(completions)] {
            for (const Completion &completion : completions)
                completion.first(completion.second);
        },
        Qt::QueuedConnection);
}

AppendResult HistoryWriter::insert(const AppendRequest &request)
{
    AppendResult result;
    result.message = StoredMessage{request.conversation, 0, request.sender, request.recipient,
                                   request.text, request.ts, request.clientId};
    StoredMessage &m = result.message;
    m.kind = request.kind;
    m.target = request.target;
    m.emoji = request.emoji;
    m.replyTo = request.replyTo;
    if (ChangeRules::isChecked(request)) {
        // A retry first: the original was checked and applied, and the rules may refuse the
        // same change now (a deleted message cannot be deleted again).
        if (std::optional<AppendResult> earlier = duplicateOf(request))
            return *earlier;
        if (std::optional<Refusal> refusal = m_changes->check(request, lastSeq(request.conversation), m)) {
            result.refusedCode = refusal->code;
            result.refusedReason = refusal->reason;
            result.error = refusal->reason;
            return result;
        }
    }
    const qint64 seq = lastSeq(request.conversation) + 1;
    // Messages enter the search index in the same transaction, so a hit always names a stored
    // message; its rowid goes into the message's row for edits and deletes to find.
    qint64 searchRowid = 0;
    if (request.kind == ChangeKind::Message) {
        QSqlQuery &index = *m_indexMessage;
        const QList<QVariant> indexed{request.text, request.conversation, seq, request.sender, request.ts};
        for (int i = 0; i < indexed.size(); ++i)
            index.bindValue(i, indexed.at(i));
        if (!index.exec()) {
            result.error = index.lastError().text();
            return result;
        }
        searchRowid = index.lastInsertId().toLongLong();
    }
    QSqlQuery &q = *m_insertMessage;
    const QVariant none;
    const QList<QVariant> values{request.conversation,
                                 seq,
                                 request.sender,
                                 request.recipient.isEmpty() ? none : QVariant(request.recipient),
                                 // A change's empty text is '', never NULL (the column is NOT NULL).
                                 request.text.isNull() ? QStringLiteral("") : request.text,
                                 request.ts,
                                 request.clientId,
                                 changeKindName(request.kind),
                                 request.target,
                                 request.emoji.isEmpty() ? none : QVariant(request.emoji),
                                 request.replyTo,
                                 m.replyFrom.isEmpty() ? none : QVariant(m.replyFrom),
                                 m.replyText.isEmpty() ? none : QVariant(m.replyText),
                                 searchRowid};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    if (!q.exec()) {
        result.error = q.lastError().text();
        return result;
    }
    if (q.numRowsAffected() == 1) {
        if (!m_changes->apply(request, &result.error))
            return result;
        // Only a row really inserted takes a seq, so a retried send never burns one.
        m_lastSeq.insert(request.conversation, seq);
        result.ok = true;
        m.seq = seq;
        return result;
    }
    if (searchRowid != 0) {
        // A retry: its original is indexed already.
        m_unindexMessage->bindValue(0, searchRowid);
        m_unindexMessage->exec();
    }
    if (std::optional<AppendResult> earlier = duplicateOf(request))
        return *earlier;
    result.error = QStringLiteral("duplicate send whose original cannot be read: %1")
                       .arg(m_findOriginal->lastError().text());
    return result;
}

std::optional<AppendResult> HistoryWriter::duplicateOf(const AppendRequest &request)
{
    QSqlQuery &original = *m_findOriginal;
    original.bindValue(0, request.clientId);
    original.bindValue(1, request.sender);
    if (!original.exec() || !original.next())
        return std::nullopt;
    AppendResult result;
    if (original.value(0).toString() != request.conversation
        || changeKindFromName(original.value(5).toString()) != request.kind) {
        // Not a retry: a client reusing ids. Storing nothing and saying so beats acking a
        // message the user never meant.
        original.finish();
        result.idReused = true;
        result.error = QStringLiteral("id already used for another message");
        return result;
    }
    result.ok = true;
    result.duplicate = true;
    StoredMessage &m = result.message;
    m.conversation = original.value(0).toString();
    m.seq = original.value(1).toLongLong();
    m.sender = request.sender;
    m.recipient = original.value(2).toString();
    m.text = original.value(3).toString();
    m.ts = original.value(4).toLongLong();
    m.clientId = request.clientId;
    m.kind = request.kind;
    m.target = original.value(6).toLongLong();
    original.finish();
    return result;
}

bool HistoryWriter::ensureConversation(const QString &name, const QString &epoch)
{
    if (m_knownConversations.contains(name))
        return true;
    QSqlQuery &q = *m_insertConversation;
    q.bindValue(0, name);
    q.bindValue(1, epoch);
    q.bindValue(2, QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return false;
    m_knownConversations.insert(name);
    return true;
}

bool HistoryWriter::writeRecord(const Record &record, QString *error)
{
    QSqlQuery &q = record.kind == RecordKind::NameHolder ? *m_upsertNameHolder
        : record.kind == RecordKind::ReadMarker          ? *m_upsertReadMarker
                                                         : *m_upsertNotifySetting;
    for (int i = 0; i < record.values.size(); ++i)
        q.bindValue(i, record.values.at(i));
    if (q.exec())
        return true;
    *error = q.lastError().text();
    return false;
}

qint64 HistoryWriter::lastSeq(const QString &conversation)
{
    const auto it = m_lastSeq.constFind(conversation);
    if (it != m_lastSeq.cend())
        return *it;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation = ?"));
    q.bindValue(0, conversation);
    const qint64 last = (q.exec() && q.next()) ? q.value(0).toLongLong() : 0;
    m_lastSeq.insert(conversation, last);
    return last;
}

void HistoryWriter::forgetCaches()
{
    m_lastSeq.clear();
    m_knownConversations.clear();
}

} // namespace sb::server
