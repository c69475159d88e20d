#include "ChangeWriter.h"

#include "SearchIndex.h"

#include <QSet>
#include <QSqlError>
#include <QVariant>

namespace sb::server {


bool ChangeWriter::migrate(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    QSet<QString> columns;
    if (q.exec(QStringLiteral("PRAGMA table_info(messages)"))) {
        while (q.next())
            columns.insert(q.value(1).toString());
    }
    // Columns added after the first release: ALTER keeps every stored message.
    const QList<std::pair<QString, QString>> added{
        {QStringLiteral("kind"), QStringLiteral("TEXT NOT NULL DEFAULT 'message'")},
        {QStringLiteral("target"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
        {QStringLiteral("emoji"), QStringLiteral("TEXT")},
        {QStringLiteral("reply_to"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
        {QStringLiteral("reply_from"), QStringLiteral("TEXT")},
        {QStringLiteral("reply_text"), QStringLiteral("TEXT")},
        {QStringLiteral("edited_ts"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
        {QStringLiteral("deleted_ts"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
        // The message's row in message_search (0: none, e.g. stored before search existed).
        {QStringLiteral("search_rowid"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")},
    };
    QStringList statements;
    for (const auto &[name, type] : added) {
        if (!columns.contains(name))
            statements.append(QStringLiteral("ALTER TABLE messages ADD COLUMN %1 %2").arg(name, type));
    }
    statements.append(QStringLiteral("CREATE TABLE IF NOT EXISTS reactions ("
                                     " conversation TEXT NOT NULL, seq INTEGER NOT NULL,"
                                     " emoji TEXT NOT NULL, user TEXT NOT NULL, ts INTEGER NOT NULL,"
                                     " PRIMARY KEY (conversation, seq, emoji, user)) WITHOUT ROWID"));
    statements.append(SearchIndex::createTableStatement()); // full-text search
    for (const QString &statement : statements) {
        if (!q.exec(statement)) {
            *error = QStringLiteral("%1: %2").arg(statement, q.lastError().text());
            return false;
        }
    }
    return true;
}

ChangeWriter::ChangeWriter(QSqlDatabase &db)
    : m_db(db)
{
}

std::optional<ChangeTarget> ChangeWriter::findTarget(const QString &conversation, qint64 seq,
                                                     bool withReactions)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT sender, text, deleted_ts FROM messages"
                             " WHERE conversation = ? AND seq = ? AND kind = 'message'"));
    q.addBindValue(conversation);
    q.addBindValue(seq);
    if (!q.exec() || !q.next())
        return std::nullopt;
    ChangeTarget target{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong() != 0, {}};
    if (!withReactions)
        return target;
    // In the order people reacted, as history shows them (HistoryRows::foldReactions).
    q.prepare(QStringLiteral("SELECT emoji, user FROM reactions WHERE conversation = ? AND seq = ?"
                             " ORDER BY ts, user"));
    q.addBindValue(conversation);
    q.addBindValue(seq);
    if (q.exec()) {
        while (q.next())
            Reactions::add(target.reactions, q.value(0).toString(), q.value(1).toString());
    }
    return target;
}

std::optional<Refusal> ChangeWriter::check(const AppendRequest &request, qint64 lastSeq,
                                           StoredMessage &quote)
{
    const bool isReaction = request.kind == ChangeKind::React || request.kind == ChangeKind::Unreact;
    const qint64 seq = request.kind == ChangeKind::Message ? request.replyTo : request.target;
    // Beyond the last seq there is nothing to read (the rules say so first).
    const std::optional<ChangeTarget> target =
        seq > lastSeq ? std::nullopt : findTarget(request.conversation, seq, isReaction);
    return ChangeRules::check(request, lastSeq, target, quote);
}

bool ChangeWriter::apply(const AppendRequest &request, QString *error)
{
    const auto statement = [this](const char *sql, std::initializer_list<QVariant> values) {
        QSqlQuery q(m_db);
        q.prepare(QString::fromLatin1(sql));
        for (const QVariant &value : values)
            q.addBindValue(value);
        return q;
    };
    const QVariant conversation(request.conversation), target(request.target);
    switch (request.kind) {
    case ChangeKind::Message:
        return true;
    case ChangeKind::Edit: {
        QSqlQuery q = statement("UPDATE messages SET text = ?, edited_ts = ?"
                                " WHERE conversation = ? AND seq = ?",
                                {request.text, request.ts, conversation, target});
        QSqlQuery index = statement("UPDATE message_search SET text = ? WHERE rowid ="
                                    " (SELECT search_rowid FROM messages WHERE conversation = ? AND seq = ?)",
                                    {request.text, conversation, target});
        return run(q, error) && run(index, error);
    }
    case ChangeKind::Delete: {
        // The text leaves the store: the message's, its edits', the quotes of it in replies, and
        // its reactions. Only the tombstone (who, when) stays.
        QSqlQuery tombstone = statement("UPDATE messages SET text = '', deleted_ts = ?"
                                        " WHERE conversation = ? AND seq = ?",
                                        {request.ts, conversation, target});
        QSqlQuery edits = statement("UPDATE messages SET text = '' WHERE conversation = ?"
                                    " AND kind = 'edit' AND target = ?",
                                    {conversation, target});
        QSqlQuery quotes = statement("UPDATE messages SET reply_text = '' WHERE conversation = ?"
                                     " AND reply_to = ?",
                                     {conversation, target});
        QSqlQuery reactions = statement("DELETE FROM reactions WHERE conversation = ? AND seq = ?",
                                        {conversation, target});
        QSqlQuery index = statement("DELETE FROM message_search WHERE rowid ="
                                    " (SELECT search_rowid FROM messages WHERE conversation = ? AND seq = ?)",
                                    {conversation, target});
        // The index first: it finds its row through the message's.
        return run(index, error) && run(tombstone, error) && run(edits, error) && run(quotes, error)
            && run(reactions, error);
    }
    case ChangeKind::React: {
        QSqlQuery q = statement("INSERT INTO reactions (conversation, seq, emoji, user, ts)"
                                " VALUES (?, ?, ?, ?, ?)",
                                {conversation, target, request.emoji, request.sender, request.ts});
        return run(q, error);
    }
    case ChangeKind::Unreact: {
        QSqlQuery q = statement("DELETE FROM reactions WHERE conversation = ? AND seq = ?"
                                " AND emoji = ? AND user = ?",
                                {conversation, target, request.emoji, request.sender});
        return run(q, error);
    }
    }
    return true;
}

bool ChangeWriter::run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

} // namespace sb::server
