#include "ChatTypes.h"

#include <algorithm>

namespace sb::client {

namespace {

bool addReaction(QList<Reaction> &reactions, const QString &emoji, const QString &user)
{
    auto it = std::find_if(reactions.begin(), reactions.end(),
                           [&emoji](const Reaction &r) { return r.emoji == emoji; });
    if (it == reactions.end()) {
        reactions.append({emoji, {user}, 1});
        return true;
    }
    if (it->users.contains(user))
        return false;
    it->users.append(user);
    it->count = int(it->users.size());
    return true;
}

bool removeReaction(QList<Reaction> &reactions, const QString &emoji, const QString &user)
{
    auto it = std::find_if(reactions.begin(), reactions.end(),
                           [&emoji](const Reaction &r) { return r.emoji == emoji; });
    if (it == reactions.end() || !it->users.removeOne(user))
        return false;
    it->count = int(it->users.size());
    if (it->users.isEmpty())
        reactions.erase(it);
    return true;
}

} // namespace

const MessageState &ChatMessage::state() const
{
    static const MessageState none;
    return extra ? *extra : none;
}

MessageState &ChatMessage::editState()
{
    if (!extra)
        extra = new MessageState;
    return *extra; // detaches from other copies
}

void ChatMessage::makeTombstone()
{
    text.clear();
    MessageState &s = editState();
    s.replyTo = 0;
    s.replyAuthor.clear();
    s.replyQuote.clear();
    s.editedAt = 0;
    s.reactions.clear();
    s.deleted = true;
}

bool ChatMessage::forgetQuoteOf(qint64 original)
{
    if (state().replyTo != original || state().replyQuote.isEmpty())
        return false;
    editState().replyQuote.clear();
    return true;
}

bool ChatMessage::apply(const MessageChange &change)
{
    if (change.target != seq || isDeleted())
        return false; // a tombstone takes no more changes
    using Kind = MessageChange::Kind;
    switch (change.kind) {
    case Kind::Edit:
        // Edits come in order, but an edit applied at its ack meets its own echo, and perhaps an
        // older one of another device: the newest edit wins.
        if (change.ts < state().editedAt || (text == change.text && change.ts == state().editedAt))
            return false;
        text = change.text;
        editState().editedAt = change.ts;
        return true;
    case Kind::Delete:
        makeTombstone();
        return true;
    case Kind::React:
    case Kind::Unreact: {
        QList<Reaction> reactions = state().reactions;
        const bool changed = change.kind == Kind::React
            ? addReaction(reactions, change.emoji, change.from)
            : removeReaction(reactions, change.emoji, change.from);
        if (changed)
            editState().reactions = reactions;
        return changed;
    }
    }
    return false;
}

} // namespace sb::client
