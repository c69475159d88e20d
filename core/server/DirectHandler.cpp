#include "DirectHandler.h"

#include "ClientConnection.h"
#include "HistoryQuery.h"
#include "HistoryStore.h"
#include "Payloads.h"
#include "Registry.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

#include <QPointer>

#include <limits>

namespace {
// Other instances stamp DMs with their own clocks: read back a little before the loss.
constexpr qint64 ClockSkewMs = 2000;
// One page per conversation; deeper holes are the client's to fill with dm.history.
constexpr int CatchUpPage = 200;
} // namespace

namespace sb::server {

using namespace sb::protocol;

void DirectHandler::history(ClientConnection *connection, const Envelope &request)
{
    const QString peer = request.payload.value(QLatin1String("with")).toString();
    const HistoryQuery query(request.payload);
    if (const std::optional<QString> problem = query.problem()) {
        connection->sendError(request.id, ErrorCode::InvalidArgument, *problem);
        return;
    }
    // A conversation never started is an empty one, not an error: nothing to tell apart.
    const HistoryPage page = query.read(*m_context.store, HistoryStore::dmConversation(connection->user(), peer),
                                        std::numeric_limits<qint64>::max(),
                                        connection->directHistorySince() + 1);
    if (!page.ok) {
        connection->sendError(request.id, ErrorCode::Internal,
                              QStringLiteral("the message store is unreachable; retry in a moment"));
        return;
    }
    QJsonObject reply = query.reply(page, Payloads::dmMessage);
    reply.insert(QLatin1String("with"), peer);
    connection->send(Envelope::make(MessageType::DmHistory, reply, request.id));
}

void DirectHandler::catchUp(qint64 lostAtMs)
{
    const QStringList users = m_context.registry.users().keys(); // sending may change the registry
    for (const QString &name : users) {
        if (const UserState *user = m_context.registry.findUser(name))
            catchUp(*user, lostAtMs - ClockSkewMs);
    }
}

void DirectHandler::catchUp(const UserState &user, qint64 sinceMs)
{
    const QList<QPointer<ClientConnection>> sessions(user.sessions.cbegin(), user.sessions.cend());
    if (sessions.isEmpty())
        return;
    const DirectConversations stored = m_context.store->directConversations(user.name);
    if (!stored.ok)
        return; // down again: the next resubscribe tries again
    for (const DirectConversation &c : stored.conversations) {
        if (c.lastTs < sinceMs)
            continue;
        const HistoryPage page = m_context.store->before(c.info.name, c.info.lastSeq + 1,
                                                         CatchUpPage, sinceMs);
        for (const QPointer<ClientConnection> &session : sessions) {
            for (const StoredMessage &message : page.messages) {
                if (session && message.ts > session->directHistorySince())
                    session->send(Payloads::directEvent(message));
            }
        }
    }
}

std::optional<QJsonArray> DirectHandler::conversationsOf(const ClientConnection &connection)
{
    const DirectConversations stored = m_context.store->directConversations(connection.user());
    if (!stored.ok)
        return std::nullopt;
    QJsonArray conversations;
    for (const DirectConversation &c : stored.conversations) {
        // Quiet since before this guest took the name: someone else's conversation.
        if (c.info.lastSeq == 0 || c.lastTs <= connection.directHistorySince())
            continue;
        conversations.append(QJsonObject{{QLatin1String("with"), c.peer},
                                         {QLatin1String("last_seq"), c.info.lastSeq},
                                         {QLatin1String("epoch"), c.info.epoch}});
    }
    return conversations;
}

} // namespace sb::server
