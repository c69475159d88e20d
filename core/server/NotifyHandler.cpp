#include "NotifyHandler.h"

#include "ClientConnection.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

namespace sb::server {

using namespace sb::protocol;

namespace {
void insertSetting(QJsonObject &into, const NotifySetting &setting)
{
    into.insert(QLatin1String("level"), setting.level);
    into.insert(QLatin1String("muted"), setting.muted);
}
} // namespace

void NotifyHandler::roomNotify(ClientConnection *connection, const Envelope &request)
{
    const QString name = request.payload.value(QLatin1String("room")).toString();
    if (!m_context.readableRoom(connection, request.id, name))
        return;
    record(connection, request, name, {{QLatin1String("room"), name}});
}

void NotifyHandler::dmNotify(ClientConnection *connection, const Envelope &request)
{
    // Any peer: a setting may come before the conversation's first message.
    const QString peer = request.payload.value(QLatin1String("with")).toString();
    record(connection, request, QLatin1Char('@') + peer, {{QLatin1String("with"), peer}});
}

void NotifyHandler::record(ClientConnection *connection, const Envelope &request, const QString &key,
                           QJsonObject where)
{
    const QJsonObject &p = request.payload;
    const bool hasLevel = p.contains(QLatin1String("level"));
    const bool hasMuted = p.contains(QLatin1String("muted"));
    if (!hasLevel && !hasMuted) {
        connection->sendError(request.id, ErrorCode::InvalidArgument,
                              QStringLiteral("give level, muted or both"));
        return;
    }
    NotifySetting setting = m_context.store->notifySettings(connection->user()).value(key);
    if (hasLevel)
        setting.level = p.value(QLatin1String("level")).toString();
    if (hasMuted)
        setting.muted = p.value(QLatin1String("muted")).toBool();
    m_context.store->setNotify(connection->user(), key, setting);
    insertSetting(where, setting);
    connection->send(Envelope::ack(request.id, where));
    m_context.toUserEverywhere(connection->user(), connection,
                               Envelope::make(MessageType::NotifySettings, where));
}

QJsonObject NotifyHandler::settingsOf(ServerContext &context, const ClientConnection &connection)
{
    QJsonObject settings;
    const QHash<QString, NotifySetting> kept = context.store->notifySettings(connection.user());
    for (auto it = kept.cbegin(); it != kept.cend(); ++it) {
        if (!it.key().startsWith(QLatin1Char('@')) && !connection.mayEnter(it.key(), context.config.privateRooms))
            continue; // a private room the token no longer names stays unseen
        QJsonObject one;
        insertSetting(one, it.value());
        settings.insert(it.key(), one);
    }
    return settings;
}

} // namespace sb::server
