#pragma once

#include "ChangeRules.h"
#include "HistoryTypes.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace sb::server {

// Replies, edits, deletes and reactions in SQLite: the rules (ChangeRules) run on the target as
// read by HistoryWriter inside its transaction (its thread, its connection), and what each change
// does to the rows. The writer is the one place that sees every change of a conversation in
// order, so two deletes, or a 20th and a 21st reaction, racing from two sessions are decided
// there and nowhere else.
class ChangeWriter
{
public:
    // Adds what changes need to a database made before them (columns, the reactions table).
    static bool migrate(QSqlDatabase &db, QString *error);

    explicit ChangeWriter(QSqlDatabase &db);

    // Whether `request` may be stored, given the conversation's last seq; for a reply, fills in
    // the quoted author and excerpt of `request`'s target into `quote`.
    std::optional<Refusal> check(const AppendRequest &request, qint64 lastSeq, StoredMessage &quote);
    // What a stored change does to its target. False with the database's error on failure.
    bool apply(const AppendRequest &request, QString *error);

private:
    // The message `seq` of the conversation; its reactions only for a reaction's rules.
    std::optional<ChangeTarget> findTarget(const QString &conversation, qint64 seq, bool withReactions);
    bool run(QSqlQuery &query, QString *error);

    QSqlDatabase &m_db;
};

} // namespace sb::server
