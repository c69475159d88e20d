#pragma once

#include "HistoryTypes.h"

#include <optional>

namespace sb::server {

// Why a change or a reply may not be stored: an ErrorCode and a sentence for the user.
struct Refusal
{
    QString code;
    QString reason;
};

// What the rules need to know of the message a change or a reply names, however the store
// keeps it (SQLite rows, Redis hashes).
struct ChangeTarget
{
    QString sender;
    QString text; // after edits
    bool deleted = false;
    QList<Reaction> reactions;
};

// The rules of replies, edits, deletes and reactions, and what each change does to the message
// it names: one place for every engine. The stores call them where a conversation's writes are
// decided in order (HistoryWriter's transaction; RedisStore's read-then-compare-and-set), so two
// deletes, or a 20th and a 21st reaction racing from two sessions, are decided once.
namespace ChangeRules {

constexpr int ReplyExcerptLength = 140; // characters of the quoted message kept

// Whether the request is a change or a reply, which the rules check; plain messages pass as is.
inline bool isChecked(const AppendRequest &request)
{
    return request.kind != ChangeKind::Message || request.replyTo > 0;
}

// Whether `request` may be stored, given the conversation's last seq and the message it names
// (nullopt: no such message, or the seq of a change). For a reply, fills the quoted author and
// excerpt into `quote`'s replyFrom and replyText.
std::optional<Refusal> check(const AppendRequest &request, qint64 lastSeq,
                             const std::optional<ChangeTarget> &target, StoredMessage &quote);

// What the stored change `change` does to the message it names: the text after an edit, a
// tombstone (no text, no reactions), a reaction added or taken away.
void fold(StoredMessage &message, const AppendRequest &change);

// The text's first `length` characters, never half of a surrogate pair, an ellipsis marking a cut.
QString excerpt(const QString &text, int length);

} // namespace ChangeRules

// A message's reactions, kept in the order people reacted: the emoji first used comes first,
// its first user first.
namespace Reactions {
void add(QList<Reaction> &reactions, const QString &emoji, const QString &user);
void remove(QList<Reaction> &reactions, const QString &emoji, const QString &user);
} // namespace Reactions

} // namespace sb::server
