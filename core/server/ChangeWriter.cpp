#include "ChangeWriter.h"

#include "protocol/ErrorCode.h"
#include "protocol/Validator.h"

#include <QSet>
#include <QSqlError>
#include <QVariant>

namespace sb::server {

using protocol::ErrorCode::Forbidden;
using protocol::ErrorCode::InvalidArgument;
using protocol::ErrorCode::NotFound;

namespace {
// The text's first `length` characters, never half of a surrogate pair.
QString excerpt(const QString &text, int length)
{
    if (text.size() <= length)
        return text;
    int cut = length;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + QStringLiteral("…");
}

Refusal refuse(QLatin1String code, QString reason)
{
    return Refusal{QString(code), std::move(reason)};
}
} // namespace

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
    // Full-text search (SearchIndex): one row per message with its current text; the other
    // columns are only read back with a hit.
    statements.append(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5("
                                     " text, conversation UNINDEXED, seq UNINDEXED, sender UNINDEXED,"
                                     " ts UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"));
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

std::optional<ChangeWriter::Target> ChangeWriter::findTarget(const QString &conversation, qint64 seq)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT sender, text, deleted_ts FROM messages"
                             " WHERE conversation = ? AND seq = ? AND kind = 'message'"));
    q.addBindValue(conversation);
    q.addBindValue(seq);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Target{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong() != 0};
}

std::optional<Refusal> ChangeWriter::check(const AppendRequest &request, qint64 lastSeq,
                                           StoredMessage &quote)
{
    const bool isReply = request.kind == ChangeKind::Message;
    const qint64 seq = isReply ? request.replyTo : request.target;
    if (seq > lastSeq) {
        return refuse(InvalidArgument, QStringLiteral("seq %1 is beyond the conversation's last (%2)")
                                           .arg(seq)
                                           .arg(lastSeq));
    }
    const std::optional<Target> target = findTarget(request.conversation, seq);
    if (!target)
        return refuse(NotFound, QStringLiteral("there is no message %1 here").arg(seq));
    if (target->deleted)
        return refuse(NotFound, QStringLiteral("message %1 was deleted").arg(seq));
    switch (request.kind) {
    case ChangeKind::Message:
        quote.replyFrom = target->sender;
        quote.replyText = excerpt(target->text, ReplyExcerptLength);
        return std::nullopt;
    case ChangeKind::Edit:
        if (target->sender != request.sender)
            return refuse(Forbidden, QStringLiteral("only its author may edit a message"));
        return std::nullopt;
    case ChangeKind::Delete:
        if (target->sender != request.sender && !request.moderator) {
            return refuse(Forbidden,
                          QStringLiteral("only its author or an administrator may delete a message"));
        }
        return std::nullopt;
    case ChangeKind::React:
    case ChangeKind::Unreact:
        return checkReaction(request);
    }
    return std::nullopt;
}

std::optional<Refusal> ChangeWriter::checkReaction(const AppendRequest &request)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(DISTINCT emoji),"
                             " COALESCE(MAX(emoji = ?), 0), COALESCE(MAX(emoji = ? AND user = ?), 0)"
                             " FROM reactions WHERE conversation = ? AND seq = ?"));
    for (const QVariant &value : {QVariant(request.emoji), QVariant(request.emoji),
                                  QVariant(request.sender), QVariant(request.conversation),
                                  QVariant(request.target)})
        q.addBindValue(value);
    if (!q.exec() || !q.next())
        return refuse(protocol::ErrorCode::Internal, QStringLiteral("cannot read the reactions"));
    const int distinct = q.value(0).toInt();
    const bool emojiThere = q.value(1).toBool();
    const bool mine = q.value(2).toBool();
    if (request.kind == ChangeKind::Unreact) {
        if (!mine)
            return refuse(NotFound, QStringLiteral("you have not reacted with %1").arg(request.emoji));
        return std::nullopt;
    }
    if (mine)
        return refuse(InvalidArgument, QStringLiteral("you already reacted with %1").arg(request.emoji));
    if (!emojiThere && distinct >= protocol::Validator::MaxReactionsPerMessage) {
        return refuse(InvalidArgument, QStringLiteral("a message takes at most %1 different reactions")
                                           .arg(protocol::Validator::MaxReactionsPerMessage));
    }
    return std::nullopt;
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
