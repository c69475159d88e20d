#include "Payloads.h"

#include "Registry.h"

namespace sb::server::Payloads {

QJsonObject chatMessage(const StoredMessage &message)
{
    return {{QLatin1String("room"), message.conversation},
            {QLatin1String("seq"), message.seq},
            {QLatin1String("from"), message.sender},
            {QLatin1String("text"), message.text},
            {QLatin1String("ts"), message.ts},
            {QLatin1String("client_id"), message.clientId}};
}

QJsonObject dmMessage(const StoredMessage &message)
{
    return {{QLatin1String("from"), message.sender},
            {QLatin1String("to"), message.recipient},
            {QLatin1String("text"), message.text},
            {QLatin1String("seq"), message.seq},
            {QLatin1String("ts"), message.ts},
            {QLatin1String("client_id"), message.clientId}};
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
