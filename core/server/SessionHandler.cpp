#include "SessionHandler.h"

#include "ClientConnection.h"
#include "DirectHandler.h"
#include "Jwt.h"
#include "NotifyHandler.h"
#include "Payloads.h"
#include "ReadMarkerHandler.h"
#include "RoomHandler.h"
#include "ServerContext.h"
#include "protocol/CloseCode.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

namespace sb::server {

using namespace sb::protocol;

namespace {
// The client's install id, from `client: {instance}`: lets a reconnecting guest keep its name.
QString clientInstance(const Envelope &hello)
{
    return hello.payload.value(QLatin1String("client")).toObject().value(QLatin1String("instance"))
        .toString().left(64);
}

// Whether the user is online with a signed-in (token) session.
bool isSignedIn(const UserState *user)
{
    return user && std::any_of(user->sessions.cbegin(), user->sessions.cend(),
                               [](const ClientConnection *c) { return c->role() != Role::Guest; });
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
            ++m_context.stats.authFailures.invalidToken;
            connection->close(CloseCode::Unauthorized,
                              QStringLiteral("this server takes no tokens; connect as a guest"));
            return;
        }
        const TokenCheck check = Jwt::verify(token.toUtf8(), m_context.config.authSecret,
                                             m_context.wallNow() / 1000);
        if (!check.ok) {
            ++(check.expired ? m_context.stats.authFailures.expiredToken
                             : m_context.stats.authFailures.invalidToken);
            connection->close(CloseCode::Unauthorized, check.error);
            return;
        }
        user = check.claims.user;
        role = check.claims.admin ? Role::Admin : Role::User;
        connection->setPrivateRoomsAllowed(check.claims.rooms);
        evictGuests(user);
        // Guests on other instances cannot take the name while its holder is online.
        if (m_context.backplane)
            m_context.backplane->claimName(user, QStringLiteral("token"));
    } else if (!m_context.config.allowGuests) {
        ++m_context.stats.authFailures.guestRefused;
        connection->close(CloseCode::Unauthorized,
                          QStringLiteral("guests are not allowed here; sign in with a token"));
        return;
    } else {
        QString wanted = request.payload.value(QLatin1String("name")).toString();
        if (wanted.isEmpty())
            wanted = QStringLiteral("guest");
        const QString install = clientInstance(request);
        user = m_context.registry.claimGuestName(wanted, install, claimElsewhere(install));
        // The install id lets a guest get its own name back, never a signed-in user's identity
        // (that id is no secret, and sharing the name would share the user's DMs): when a token
        // holder has the name, only a name nobody holds will do.
        if (isSignedIn(m_context.registry.findUser(user)))
            user = m_context.registry.claimGuestName(wanted, {}, claimElsewhere({}));
    }

    const QString session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    connection->identify(user, role, session);
    connection->setDirectHistorySince(holdName(*connection, clientInstance(request)));
    m_context.registry.addSession(connection, clientInstance(request));

    static const char *const roleNames[] = {"guest", "user", "admin"};
    QJsonObject welcome{{QLatin1String("user"), user},
                        {QLatin1String("session"), session},
                        {QLatin1String("role"), QLatin1String(roleNames[int(role)])},
                        {QLatin1String("heartbeat_ms"), m_context.config.heartbeatMs},
                        {QLatin1String("server_time"), m_context.wallNow()},
                        {QLatin1String("rooms"), m_context.roomSummaries(*connection)}};
    // Left out when the store cannot say: the client then keeps its DM resume points for the
    // next welcome instead of taking an empty list for "no conversations".
    if (const std::optional<QJsonArray> dms = m_directs.conversationsOf(*connection))
        welcome.insert(QLatin1String("dms"), *dms);
    // How far the user read each room and DM on any device, so unread counts agree everywhere.
    welcome.insert(QLatin1String("read_markers"), m_readMarkers.markersOf(*connection));
    welcome.insert(QLatin1String("notify_settings"), NotifyHandler::settingsOf(m_context, *connection));
    connection->send(Envelope::make(MessageType::Welcome, welcome, request.id));
}

qint64 SessionHandler::holdName(const ClientConnection &connection, const QString &install)
{
    const qint64 now = m_context.stampNameHold();
    if (connection.role() != Role::Guest) {
        // Signed-in users read all their DMs; holding the name still ends a guest's hold of it,
        // so a guest who used the name before cannot come back to this user's conversations.
        m_context.store->holdName(connection.user(), QStringLiteral("token"), now);
        return 0;
    }
    // A guest without an install id holds its name for this session only.
    const QString holder = install.isEmpty()
        ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QStringLiteral("guest:") + install;
    const qint64 since = m_context.store->holdName(connection.user(), holder, now);
    return since < 0 ? now : since; // unknown: nothing from before this session
}

void SessionHandler::evictGuests(const QString &user)
{
    // A guest may take any free name, a signed-in user's too while that user is away. The token
    // proves whose name it is: the guests holding it leave now (rooms, sessions), or they would
    // share this user's identity, DMs and presence. 4003: their client must not retry as is.
    const UserState *holder = m_context.registry.findUser(user);
    if (!holder)
        return;
    const QList<ClientConnection *> sessions = holder->sessions; // disconnected() changes it
    for (ClientConnection *guest : sessions) {
        if (guest->role() != Role::Guest)
            continue;
        disconnected(guest);
        guest->close(CloseCode::Forbidden,
                     QStringLiteral("%1 has signed in with this name; connect again under another")
                         .arg(user));
    }
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
    if (m_context.registry.removeSession(connection) && m_context.backplane)
        m_context.backplane->releaseName(connection->user());
}

std::function<bool(const QString &)> SessionHandler::claimElsewhere(const QString &install) const
{
    if (!m_context.backplane)
        return {};
    // A guest without an install id owns its name for this session only.
    const QString owner = install.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : install;
    return [this, owner](const QString &name) { return m_context.backplane->claimName(name, owner); };
}

} // namespace sb::server
