#pragma once

#include <QByteArray>
#include <QString>

namespace sb::server::RedisKeys {

// Every key and channel the Redis engine uses, in one place. User and room names never hold
// U+001F, so it separates the parts of composite keys and fields without ambiguity.
inline QByteArray separator() { return QByteArrayLiteral("\x1f"); }

inline QByteArray conversationPrefix() { return QByteArrayLiteral("sb:conv:"); }
inline QByteArray conversationKey(const QString &conversation, const char *what)
{
    return conversationPrefix() + conversation.toUtf8() + ':' + what;
}
inline QByteArray seq(const QString &conversation) { return conversationKey(conversation, "seq"); }
inline QByteArray log(const QString &conversation) { return conversationKey(conversation, "log"); }
inline QByteArray epoch(const QString &conversation) { return conversationKey(conversation, "epoch"); }
// A conversation's texts, out of the stream so a delete can take them away: field `<seq>` is the
// text of that message (after its edits) or edit, `<seq>q` a reply's quote of its target.
inline QByteArray texts(const QString &conversation) { return conversationKey(conversation, "text"); }
// Per changed message (field `<seq>`): what its changes made of it (RedisMessageState).
inline QByteArray states(const QString &conversation) { return conversationKey(conversation, "state"); }
// Per message (field `<seq>`): the fields of `texts` holding its words elsewhere (its edits,
// quotes of it), space-separated: what its delete takes away besides its own text.
inline QByteArray links(const QString &conversation) { return conversationKey(conversation, "links"); }
inline QByteArray rooms() { return QByteArrayLiteral("sb:rooms"); }
inline QByteArray dedupe(const QString &sender, const QString &clientId)
{
    return QByteArrayLiteral("sb:dedupe:") + sender.toUtf8() + separator() + clientId.toUtf8();
}
inline QByteArray members(const QString &room) { return QByteArrayLiteral("sb:members:") + room.toUtf8(); }
inline QByteArray memberField(const QString &instance, const QString &user)
{
    return instance.toUtf8() + separator() + user.toUtf8();
}
inline QByteArray name(const QString &user) { return QByteArrayLiteral("sb:name:") + user.toUtf8(); }
// A user's DM conversations: field peer, value the conversation name.
inline QByteArray directs(const QString &user) { return QByteArrayLiteral("sb:dms:") + user.toUtf8(); }
// Who holds a user name since when (MessageStore::holdName): fields `h` and `s`.
inline QByteArray nameHolder(const QString &user)
{
    return QByteArrayLiteral("sb:holder:") + user.toUtf8();
}
// How far the user has read each conversation (MessageStore::markRead): field the key as the
// user names it (a room, or "@peer"), value the seq.
inline QByteArray readMarkers(const QString &user) { return QByteArrayLiteral("sb:read:") + user.toUtf8(); }
// How the user wants to hear of each conversation (MessageStore::setNotify): field keyed as the
// read markers, value "<level> <muted: 0 or 1>".
inline QByteArray notifySettings(const QString &user) { return QByteArrayLiteral("sb:notify:") + user.toUtf8(); }
inline QByteArray instances() { return QByteArrayLiteral("sb:instances"); }
inline QByteArray instanceAlive(const QString &instance)
{
    return QByteArrayLiteral("sb:instance:") + instance.toUtf8() + QByteArrayLiteral(":alive");
}
inline QByteArray instanceRooms(const QString &instance)
{
    return QByteArrayLiteral("sb:instance:") + instance.toUtf8() + QByteArrayLiteral(":rooms");
}
// One channel for everything instances tell each other: stored messages and cluster events.
inline QByteArray eventsChannel() { return QByteArrayLiteral("sb:events"); }

} // namespace sb::server::RedisKeys
