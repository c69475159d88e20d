#include "Parse.h"

#include "ConversationId.h"

#include <QJsonArray>

namespace sb::client::Parse {

namespace {
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
qint64 integer(const QJsonObject &o, const char *key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}
} // namespace

ChatMessage chatMessage(const QJsonObject &p)
{
    ChatMessage m;
    m.room = str(p, "room");
    m.seq = integer(p, "seq");
    m.from = str(p, "from");
    m.text = str(p, "text");
    m.ts = integer(p, "ts");
    m.clientId = str(p, "client_id");
    return m;
}

ChatMessage directMessage(const QJsonObject &p, const QString &me)
{
    ChatMessage m = chatMessage(p);
    const QString to = str(p, "to");
    m.room = ConversationId::direct(m.from == me ? to : m.from).key();
    return m;
}

QList<ChatMessage> directHistory(const QJsonObject &p, const QString &me)
{
    QList<ChatMessage> messages;
    for (const QJsonValue &value : p.value(QLatin1String("messages")).toArray())
        messages.append(directMessage(value.toObject(), me));
    return messages;
}

QList<ChatMessage> history(const QJsonObject &p)
{
    QList<ChatMessage> messages;
    for (const QJsonValue &value : p.value(QLatin1String("messages")).toArray())
        messages.append(chatMessage(value.toObject()));
    return messages;
}

QList<MarketTick> ticks(const QJsonObject &p)
{
    QList<MarketTick> ticks;
    const QJsonArray array = p.value(QLatin1String("ticks")).toArray();
    ticks.reserve(array.size());
    for (const QJsonValue &value : array) {
        const QJsonObject t = value.toObject();
        ticks.append({str(t, "s"), t.value(QLatin1String("p")).toDouble(), integer(t, "v"),
                      integer(t, "t")});
    }
    return ticks;
}

QList<PresenceEntry> presenceSnapshot(const QJsonObject &p)
{
    QList<PresenceEntry> users;
    for (const QJsonValue &value : p.value(QLatin1String("users")).toArray()) {
        const QJsonObject u = value.toObject();
        users.append({str(u, "user"), str(u, "status")});
    }
    return users;
}

} // namespace sb::client::Parse
