#include "RedisMessageState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sb::server {

namespace {
const QLatin1String Edited("e"), Deleted("d"), ReactionsKey("r"), Version("v"), Emoji("e"), Users("u");
}

RedisMessageState RedisMessageState::decode(const QByteArray &field)
{
    RedisMessageState state;
    if (field.isEmpty())
        return state;
    const QJsonObject o = QJsonDocument::fromJson(field).object();
    state.editedTs = o.value(Edited).toInteger();
    state.deletedTs = o.value(Deleted).toInteger();
    state.version = o.value(Version).toInt();
    for (const QJsonValue &value : o.value(ReactionsKey).toArray()) {
        const QJsonObject r = value.toObject();
        QStringList users;
        for (const QJsonValue &user : r.value(Users).toArray())
            users.append(user.toString());
        state.reactions.append(Reaction{r.value(Emoji).toString(), users});
    }
    return state;
}

RedisMessageState RedisMessageState::of(const StoredMessage &message, int version)
{
    return RedisMessageState{message.editedTs, message.deletedTs, message.reactions, version};
}

QByteArray RedisMessageState::encode() const
{
    QJsonObject o{{Version, version}};
    if (editedTs > 0)
        o.insert(Edited, editedTs);
    if (deletedTs > 0)
        o.insert(Deleted, deletedTs);
    if (!reactions.isEmpty()) {
        QJsonArray list;
        for (const Reaction &r : reactions)
            list.append(QJsonObject{{Emoji, r.emoji}, {Users, QJsonArray::fromStringList(r.users)}});
        o.insert(ReactionsKey, list);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void RedisMessageState::applyTo(StoredMessage &message) const
{
    message.editedTs = editedTs;
    message.deletedTs = deletedTs;
    message.reactions = reactions;
    if (deletedTs > 0)
        message.text.clear();
}

} // namespace sb::server
