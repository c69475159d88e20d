#include "DirectHandler.h"

#include "ClientConnection.h"
#include "HistoryStore.h"
#include "Payloads.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

#include <limits>

namespace sb::server {

using namespace sb::protocol;

void DirectHandler::history(ClientConnection *connection, const Envelope &request)
{
    const QString peer = request.payload.value(QLatin1String("with")).toString();
    const QJsonValue before = request.payload.value(QLatin1String("before"));
    const int limit = request.payload.value(QLatin1String("limit"))
                          .toInt(Validator::DefaultHistoryLimit);
    const qint64 beforeSeq =
        before.isUndefined() ? std::numeric_limits<qint64>::max() : qint64(before.toDouble());
    // A conversation never started is an empty one, not an error: nothing to tell apart.
    const HistoryPage page =
        m_context.store->before(HistoryStore::dmConversation(connection->user(), peer), beforeSeq,
                                limit, connection->directHistorySince() + 1);
    if (!page.ok) {
        connection->sendError(request.id, ErrorCode::Internal,
                              QStringLiteral("the message store is unreachable; retry in a moment"));
        return;
    }
    QJsonArray messages;
    for (const StoredMessage &message : page.messages)
        messages.append(Payloads::dmMessage(message));
    connection->send(Envelope::make(MessageType::DmHistory,
                                    {{QLatin1String("with"), peer},
                                     {QLatin1String("messages"), messages},
                                     {QLatin1String("has_more"), page.hasMore}},
                                    request.id));
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
