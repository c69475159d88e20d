#include "Payloads.h"

#include "Registry.h"
#include "protocol/MessageType.h"

namespace sb::server::Payloads {

namespace {
// The fields a message has only when they say something, so a plain message keeps its v1 shape.
void addState(QJsonObject &payload, const StoredMessage &message)
{
    if (message.replyTo > 0) {
        payload.insert(QLatin1String("reply_to"), QJsonObject{{QLatin1String("seq"), message.replyTo},
                                                              {QLatin1String("from"), message.replyFrom},
                                                              {QLatin1String("text"), message.replyText}});
    }
    if (message.editedTs > 0)
        payload.insert(QLatin1String("edited_ts"), message.editedTs);
    if (message.deletedTs > 0) {
        payload.insert(QLatin1String("deleted"), true);
        payload.insert(QLatin1String("deleted_ts"), message.deletedTs);
    }
    if (!message.reactions.isEmpty()) {
        QJsonArray reactions;
        for (const Reaction &reaction : message.reactions) {
            reactions.append(QJsonObject{{QLatin1String("emoji"), reaction.emoji},
                                         {QLatin1String("count"), reaction.users.size()},
                                         {QLatin1String("users"), QJsonArray::fromStringList(reaction.users)}});
        }
        payload.insert(QLatin1String("reactions"), reactions);
    }
}

// chat.change / dm.change: `where` names the room or the DM's recipient.
QJsonObject changePayload(const StoredMessage &change, QJsonObject where)
{
    where.insert(QLatin1String("seq"), change.seq);
    where.insert(QLatin1String("from"), change.sender);
    where.insert(QLatin1String("ts"), change.ts);
    where.insert(QLatin1String("client_id"), change.clientId);
    where.insert(QLatin1String("change"), changeKindName(change.kind));
    where.insert(QLatin1String("target"), change.target);
    if (change.kind == ChangeKind::Edit)
        where.insert(QLatin1String("text"), change.text);
    if (!change.emoji.isEmpty())
        where.insert(QLatin1String("emoji"), change.emoji);
    return where;
}
} // namespace

QJsonObject chatMessage(const StoredMessage &message)
{
    QJsonObject payload{{QLatin1String("room"), message.conversation},
                        {QLatin1String("seq"), message.seq},
                        {QLatin1String("from"), message.sender},
                        {QLatin1String("text"), message.text},
                        {QLatin1String("ts"), message.ts},
                        {QLatin1String("client_id"), message.clientId}};
    addState(payload, message);
    return payload;
}

QJsonObject dmMessage(const StoredMessage &message)
{
    QJsonObject payload{{QLatin1String("from"), message.sender},
                        {QLatin1String("to"), message.recipient},
                        {QLatin1String("text"), message.text},
                        {QLatin1String("seq"), message.seq},
                        {QLatin1String("ts"), message.ts},
                        {QLatin1String("client_id"), message.clientId}};
    addState(payload, message);
    return payload;
}

protocol::Envelope roomEvent(const StoredMessage &event)
{
    if (event.kind == ChangeKind::Message)
        return protocol::Envelope::make(protocol::MessageType::ChatMessage, chatMessage(event));
    return protocol::Envelope::make(protocol::MessageType::ChatChange,
                                    changePayload(event, {{QLatin1String("room"), event.conversation}}));
}

protocol::Envelope directEvent(const StoredMessage &event)
{
    if (event.kind == ChangeKind::Message)
        return protocol::Envelope::make(protocol::MessageType::DmMessage, dmMessage(event));
    return protocol::Envelope::make(protocol::MessageType::DmChange,
                                    changePayload(event, {{QLatin1String("to"), event.recipient}}));
}

QJsonObject presenceSnapshot(const RoomState &room, const Registry &registry)
{
    QStringList names = room.members.keys();
    for (auto it = room.remoteMembers.cbegin(); it != room.remoteMembers.cend(); ++it) {
        if (!room.members.contains(it.key()))
            names.append(it.key());
    }
    names.sort();
    QJsonArray users;
    for (const QString &name : names) {
        const auto it = registry.users().constFind(name);
        QString status = QStringLiteral("offline");
        if (it != registry.users().cend())
            status = it->status;
        else if (const auto remote = room.remoteMembers.constFind(name); remote != room.remoteMembers.cend())
            status = remote->cbegin().value(); // any instance's word: a user has one status
        users.append(QJsonObject{{QLatin1String("user"), name}, {QLatin1String("status"), status}});
    }
    return {{QLatin1String("room"), room.name}, {QLatin1String("users"), users}};
}

QJsonObject roomSummary(const QString &name, int members, qint64 lastSeq)
{
    return {{QLatin1String("room"), name},
            {QLatin1String("members"), members},
            {QLatin1String("last_seq"), lastSeq}};
}

} // namespace sb::server::Payloads
