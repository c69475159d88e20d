#include "ChangeRules.h"

#include "protocol/ErrorCode.h"
#include "protocol/Validator.h"

#include <algorithm>

namespace sb::server {

using protocol::ErrorCode::Forbidden;
using protocol::ErrorCode::InvalidArgument;
using protocol::ErrorCode::NotFound;

namespace {
Refusal refuse(QLatin1String code, QString reason)
{
    return Refusal{QString(code), std::move(reason)};
}

QList<Reaction>::iterator findEmoji(QList<Reaction> &reactions, const QString &emoji)
{
    return std::find_if(reactions.begin(), reactions.end(),
                        [&](const Reaction &r) { return r.emoji == emoji; });
}

std::optional<Refusal> checkReaction(const AppendRequest &request, const QList<Reaction> &reactions)
{
    const auto there = std::find_if(reactions.cbegin(), reactions.cend(),
                                    [&](const Reaction &r) { return r.emoji == request.emoji; });
    const bool mine = there != reactions.cend() && there->users.contains(request.sender);
    if (request.kind == ChangeKind::Unreact) {
        if (!mine)
            return refuse(NotFound, QStringLiteral("you have not reacted with %1").arg(request.emoji));
        return std::nullopt;
    }
    if (mine)
        return refuse(InvalidArgument, QStringLiteral("you already reacted with %1").arg(request.emoji));
    if (there == reactions.cend() && reactions.size() >= protocol::Validator::MaxReactionsPerMessage) {
        return refuse(InvalidArgument, QStringLiteral("a message takes at most %1 different reactions")
                                           .arg(protocol::Validator::MaxReactionsPerMessage));
    }
    return std::nullopt;
}
} // namespace

namespace ChangeRules {

QString excerpt(const QString &text, int length)
{
    if (text.size() <= length)
        return text;
    int cut = length;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + QStringLiteral("…");
}

std::optional<Refusal> check(const AppendRequest &request, qint64 lastSeq,
                             const std::optional<ChangeTarget> &target, StoredMessage &quote)
{
    const bool isReply = request.kind == ChangeKind::Message;
    const qint64 seq = isReply ? request.replyTo : request.target;
    if (seq > lastSeq) {
        return refuse(InvalidArgument, QStringLiteral("seq %1 is beyond the conversation's last (%2)")
                                           .arg(seq)
                                           .arg(lastSeq));
    }
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
        return checkReaction(request, target->reactions);
    }
    return std::nullopt;
}

void fold(StoredMessage &message, const AppendRequest &change)
{
    switch (change.kind) {
    case ChangeKind::Message:
        return;
    case ChangeKind::Edit:
        message.text = change.text;
        message.editedTs = change.ts;
        return;
    case ChangeKind::Delete:
        message.text.clear();
        message.deletedTs = change.ts;
        message.reactions.clear();
        return;
    case ChangeKind::React:
        Reactions::add(message.reactions, change.emoji, change.sender);
        return;
    case ChangeKind::Unreact:
        Reactions::remove(message.reactions, change.emoji, change.sender);
        return;
    }
}

} // namespace ChangeRules

namespace Reactions {

void add(QList<Reaction> &reactions, const QString &emoji, const QString &user)
{
    auto it = findEmoji(reactions, emoji);
    if (it == reactions.end())
        it = reactions.insert(reactions.end(), Reaction{emoji, {}});
    if (!it->users.contains(user))
        it->users.append(user);
}

void remove(QList<Reaction> &reactions, const QString &emoji, const QString &user)
{
    const auto it = findEmoji(reactions, emoji);
    if (it == reactions.end())
        return;
    it->users.removeAll(user);
    if (it->users.isEmpty())
        reactions.erase(it);
}

} // namespace Reactions

} // namespace sb::server
