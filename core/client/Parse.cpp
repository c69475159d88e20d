#include "Parse.h"

#include "ConversationId.h"

#include <QHash>
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

QList<Reaction> reactions(const QJsonArray &array)
{
    QList<Reaction> reactions;
    for (const QJsonValue &value : array) {
        const QJsonObject r = value.toObject();
        Reaction reaction{str(r, "emoji"), {}, int(integer(r, "count"))};
        for (const QJsonValue &user : r.value(QLatin1String("users")).toArray())
            reaction.users.append(user.toString());
        if (!reaction.emoji.isEmpty())
            reactions.append(reaction);
    }
    return reactions;
}

// Only what the message carries: a plain message keeps no state at all.
void readState(const QJsonObject &p, ChatMessage &m)
{
    const QJsonObject reply = p.value(QLatin1String("reply_to")).toObject();
    const qint64 editedAt = integer(p, "edited_ts");
    const bool deleted = p.value(QLatin1String("deleted")).toBool();
    const QJsonArray reacted = p.value(QLatin1String("reactions")).toArray();
    if (reply.isEmpty() && editedAt == 0 && !deleted && reacted.isEmpty())
        return;
    MessageState &s = m.editState();
    s.replyTo = integer(reply, "seq");
    s.replyAuthor = str(reply, "from");
    s.replyQuote = str(reply, "text");
    s.editedAt = editedAt;
    s.deleted = deleted;
    s.reactions = reactions(reacted);
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
    readState(p, m);
    return m;
}

MessageChange change(const QJsonObject &p, const QString &me)
{
    using Kind = MessageChange::Kind;
    static const QHash<QString, Kind> kinds{{QStringLiteral("edit"), Kind::Edit},
                                            {QStringLiteral("delete"), Kind::Delete},
                                            {QStringLiteral("react"), Kind::React},
                                            {QStringLiteral("unreact"), Kind::Unreact}};
    MessageChange c;
    const auto kind = kinds.constFind(str(p, "change"));
    if (kind == kinds.cend())
        return c;
    c.kind = *kind;
    c.seq = integer(p, "seq");
    c.target = integer(p, "target");
    c.from = str(p, "from");
    c.text = str(p, "text");
    c.emoji = str(p, "emoji");
    c.ts = integer(p, "ts");
    c.clientId = str(p, "client_id");
    if (p.contains(QLatin1String("room")))
        c.room = str(p, "room");
    else
        c.room = ConversationId::direct(c.from == me ? str(p, "to") : c.from).key();
    return c;
}

QList<SearchHit> searchHits(const QJsonObject &p)
{
    QList<SearchHit> hits;
    for (const QJsonValue &value : p.value(QLatin1String("hits")).toArray()) {
        const QJsonObject h = value.toObject();
        const QString conversation = h.contains(QLatin1String("room"))
            ? str(h, "room")
            : ConversationId::direct(str(h, "with")).key();
        hits.append({conversation, integer(h, "seq"), str(h, "from"), integer(h, "ts"), str(h, "snippet")});
    }
    return hits;
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
