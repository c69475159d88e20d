#pragma once

#include "HistoryTypes.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace sb::server {

// Why a change or a reply may not be stored: an ErrorCode and a sentence for the user.
struct Refusal
{
    QString code;
    QString reason;
};

// The rules of replies, edits, deletes and reactions, and what each does to the message it
// names, run by HistoryWriter inside its transaction (its thread, its connection): the writer is
// the one place that sees every change of a conversation in order, so two deletes, or a 20th and
// a 21st reaction, racing from two sessions are decided there and nowhere else.
class ChangeWriter
{
public:
    static constexpr int ReplyExcerptLength = 140; // characters of the quoted message kept

    // Adds what changes need to a database made before them (columns, the reactions table).
    static bool migrate(QSqlDatabase &db, QString *error);

    explicit ChangeWriter(QSqlDatabase &db);

    // Whether `request` may be stored, given the conversation's last seq; for a reply, fills in
    // the quoted author and excerpt of `request`'s target into `quote`.
    std::optional<Refusal> check(const AppendRequest &request, qint64 lastSeq, StoredMessage &quote);
    // What a stored change does to its target. False with the database's error on failure.
    bool apply(const AppendRequest &request, QString *error);

private:
    struct Target
    {
        QString sender;
        QString text;
        bool deleted = false;
    };
    std::optional<Target> findTarget(const QString &conversation, qint64 seq);
    std::optional<Refusal> checkReaction(const AppendRequest &request);
    bool run(QSqlQuery &query, QString *error);

    QSqlDatabase &m_db;
};

} // namespace sb::server
