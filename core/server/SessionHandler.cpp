#include "SessionHandler.h"

#include "ClientConnection.h"
#include "Jwt.h"
#include "Payloads.h"
#include "RoomHandler.h"
#include "ServerContext.h"
#include "protocol/CloseCode.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QRandomGenerator>
#include <QUuid>

namespace sb::server {

using namespace sb::protocol;

namespace {
// The client's install id, from `client: {instance}`: lets a reconnecting guest keep its name.
QString clientInstance(const Envelope &hello)
{
    return hello.payload.value(QLatin1String("client")).toObject().value(QLatin1String("instance"))
        .toString().left(64);
}
} // namespace

void SessionHandler::hello(ClientConnection *connection, const Envelope &request)
{
    if (connection->isIdentified()) {
        connection->sendError(request.id, ErrorCode::InvalidArgument,
                              QStringLiteral("this connection already said hello as %1")
                                  .arg(connection->user()));
        return;
    }
    const QString token = request.payload.value(QLatin1String("token")).toString();
    QString user;
    Role role = Role::Guest;
    if (!token.isEmpty()) {
        if (m_context.config.authSecret.isEmpty()) {
            connection->close(CloseCode::Unauthorized,
                              QStringLiteral("this server takes no tokens; connect as a guest"));
            return;
        }
        const TokenCheck check = Jwt::verify(token.toUtf8(), m_context.config.authSecret,
                                             m_context.wallNow() / 1000);
        if (!check.ok) {
            connection->close(CloseCode::Unauthorized, check.error);
            return;
        }
        user = check.claims.user;
        role = check.claims.admin ? Role::Admin : Role::User;
    } else if (!m_context.config.allowGuests) {
        connection->close(CloseCode::Unauthorized,
                          QStringLiteral("guests are not allowed here; sign in with a token"));
        return;
    } else {
        QString wanted = request.payload.value(QLatin1String("name")).toString();
        if (wanted.isEmpty())
            wanted = QStringLiteral("guest");
        user = m_context.registry.claimGuestName(wanted, clientInstance(request));
    }

    const QString session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    connection->identify(user, role, session);
    m_context.registry.addSession(connection, clientInstance(request));

    const QJsonArray rooms = m_context.roomSummaries();
    static const char *const roleNames[] = {"guest", "user", "admin"};
    connection->send(Envelope::make(MessageType::Welcome,
                                    {{QLatin1String("user"), user},
                                     {QLatin1String("session"), session},
                                     {QLatin1String("role"), QLatin1String(roleNames[int(role)])},
                                     {QLatin1String("heartbeat_ms"), m_context.config.heartbeatMs},
                                     {QLatin1String("server_time"), m_context.wallNow()},
                                     {QLatin1String("rooms"), rooms}},
                                    request.id));
}

void SessionHandler::ping(ClientConnection *connection, const Envelope &request)
{
    QJsonObject pong{{QLatin1String("server_time"), m_context.wallNow()}};
    const QJsonValue t = request.payload.value(QLatin1String("t"));
    if (!t.isUndefined())
        pong.insert(QLatin1String("t"), t);
    connection->send(Envelope::make(MessageType::Pong, pong, request.id));
}

void SessionHandler::disconnected(ClientConnection *connection)
{
    if (!connection->isIdentified())
        return;
    m_rooms.leaveAll(connection);
    m_context.registry.removeSession(connection);
}

} // namespace sb::server
