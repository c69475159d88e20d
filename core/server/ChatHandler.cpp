#include "ChatHandler.h"

#include "ClientConnection.h"
#include "HistoryStore.h"
#include "PresenceHandler.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcChat, "switchboard.server.chat")

namespace sb::server {

using namespace sb::protocol;

namespace {
QString text(const Envelope &request)
{
    return request.payload.value(QLatin1String("text")).toString();
}

qint64 replyTo(const Envelope &request)
{
    return qint64(request.payload.value(QLatin1String("reply_to")).toDouble());
}
} // namespace

void ChatHandler::reportStoreFailure(ClientConnection *sender, const QString &id,
                                     const AppendResult &result)
{
    if (!sender)
        return;
    if (!result.refusedCode.isEmpty()) {
        sender->sendError(id, QLatin1String(result.refusedCode.toLatin1()), result.refusedReason);
        return;
    }
    if (result.idReused) {
        sender->sendError(id, ErrorCode::InvalidArgument,
                          QStringLiteral("id \"%1\" was already used for another message; "
                                         "send this one with a new id").arg(id));
        return;
    }
    if (!m_context.store->isAvailable()) {
        // Redis is down: say so instead of dropping the message; the client's outbox retries.
        sender->sendError(id, ErrorCode::Internal,
                          QStringLiteral("the message store is unreachable; the message was not "
                                         "sent, retry it in a moment"));
        return;
    }
    qCWarning(lcChat) << "could not store a message:" << result.error;
    sender->sendError(id, ErrorCode::Internal,
                      QStringLiteral("the message could not be stored; retry it"));
}

bool ChatHandler::admitSend(ClientConnection *connection, const Envelope &request)
{
    const ServerConfig &config = m_context.config;
    // The connection's own limit first: one connection's flood must not spend the budget the
    // user's other sessions share.
    bool allowed = connection->tryChatSend();
    if (allowed) {
        if (UserState *user = m_context.registry.findUser(connection->user())) {
            if (!user->sendBudget)
                user->sendBudget.emplace(config.userRatePerSecond, config.userBurst, m_context.steadyNow);
            allowed = user->sendBudget->tryTake();
            if (!allowed)
                connection->addStrike(QStringLiteral("user rate limit"));
        }
    }
    if (allowed)
        return true;
    connection->sendError(request.id, ErrorCode::RateLimited,
                          QStringLiteral("more messages a second than allowed (%1 per connection, "
                                         "%2 per user); this one was not sent, retry it in a moment")
                              .arg(config.chatRatePerSecond)
                              .arg(config.userRatePerSecond));
    return false;
}

RoomState *ChatHandler::joinedRoom(ClientConnection *connection, const Envelope &request)
{
    const QString roomName = request.payload.value(QLatin1String("room")).toString();
    RoomState *room = m_context.registry.findRoom(roomName);
    if (!room || !room->connections.contains(connection)) {
        connection->sendError(request.id, ErrorCode::Forbidden,
                              QStringLiteral("join #%1 before sending to it").arg(roomName));
        return nullptr;
    }
    return room;
}

std::optional<AppendRequest> ChatHandler::directAppend(ClientConnection *connection, const Envelope &request)
{
    const QString to = request.payload.value(QLatin1String("to")).toString();
    const QString conversation = HistoryStore::dmConversation(connection->user(), to);
    const ConversationInfo info = m_context.store->conversation(conversation);
    if (!info.ok) {
        reportStoreFailure(connection, request.id, {});
        return std::nullopt;
    }
    return AppendRequest{conversation, info.epoch, connection->user(), to, request.id,
                         text(request), m_context.stampDirectMessage()};
}

void ChatHandler::chatSend(ClientConnection *connection, const Envelope &request)
{
    RoomState *room = joinedRoom(connection, request);
    if (!room || !admitSend(connection, request))
        return;
    m_presence.stopTyping(*room, connection->user());

    AppendRequest append{room->name,      room->epoch, connection->user(), {},
                         request.id,      text(request), m_context.wallNow()};
    append.replyTo = replyTo(request);
    // Members get the message from Delivery (MessageStore::onStored), in seq order, whichever
    // instance stored it; here only the sender hears back.
    storeAndAck(connection, std::move(append), AckNames::Room);
}

void ChatHandler::dmSend(ClientConnection *connection, const Envelope &request)
{
    if (!admitSend(connection, request))
        return;
    std::optional<AppendRequest> append = directAppend(connection, request);
    if (!append)
        return;
    append->replyTo = replyTo(request);
    storeAndAck(connection, std::move(*append), AckNames::Recipient);
}

void ChatHandler::storeAndAck(ClientConnection *connection, AppendRequest append, AckNames names)
{
    QPointer<ClientConnection> sender(connection);
    const QString id = append.clientId;
    m_context.store->append(std::move(append), [this, sender, id, names](const AppendResult &r) {
        if (!r.ok) {
            reportStoreFailure(sender, id, r);
            return;
        }
        const StoredMessage &m = r.message;
        QJsonObject ack{{QLatin1String("seq"), m.seq}, {QLatin1String("ts"), m.ts}};
        if (names == AckNames::Room)
            ack.insert(QLatin1String("room"), m.conversation);
        else
            ack.insert(QLatin1String("to"), m.recipient);
        // A retry of a send that was stored before gets the original ack again, no second message.
        if (r.duplicate)
            ack.insert(QLatin1String("duplicate"), true);
        if (sender)
            sender->send(Envelope::ack(id, ack));
    });
}

void ChatHandler::announce(ClientConnection *connection, const Envelope &request)
{
    if (connection->role() != Role::Admin) {
        connection->sendError(request.id, ErrorCode::Forbidden,
                              QStringLiteral("only administrators may announce"));
        return;
    }
    const QString level = request.payload.value(QLatin1String("level")).toString();
    connection->send(Envelope::ack(request.id));
    m_presence.announce(text(request), level.isEmpty() ? QStringLiteral("info") : level);
}

} // namespace sb::server
