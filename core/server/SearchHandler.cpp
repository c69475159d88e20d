#include "SearchHandler.h"

#include "ClientConnection.h"
#include "HistoryStore.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

#include <QJsonArray>

namespace sb::server {

using namespace sb::protocol;

std::optional<SearchRequest> SearchHandler::scope(ClientConnection *connection, const Envelope &request)
{
    const QJsonObject &p = request.payload;
    SearchRequest search;
    search.terms = p.value(QLatin1String("query")).toString();
    search.from = p.value(QLatin1String("from")).toString();
    search.beforeTs = qint64(p.value(QLatin1String("before")).toDouble());
    search.limit = p.value(QLatin1String("limit")).toInt(Validator::DefaultHistoryLimit);
    const QString room = p.value(QLatin1String("room")).toString();
    if (!room.isEmpty()) {
        if (!connection->mayEnter(room, m_context.config.privateRooms)) {
            connection->sendError(request.id, ErrorCode::Forbidden,
                                  QStringLiteral("#%1 is private; your token does not include it").arg(room));
            return std::nullopt;
        }
        if (!m_context.registry.findRoom(room) && !m_context.store->exists(room)) {
            connection->sendError(request.id, ErrorCode::NotFound, QStringLiteral("no room #%1").arg(room));
            return std::nullopt;
        }
        search.rooms = {room};
        return search;
    }
    for (const ConversationInfo &known : m_context.store->rooms()) {
        if (connection->mayEnter(known.name, m_context.config.privateRooms))
            search.rooms.append(known.name);
    }
    for (const DirectConversation &direct : m_context.store->directConversations(connection->user()).conversations)
        search.directs.append(direct.info.name);
    search.directMinTs = connection->directHistorySince() + 1;
    return search;
}

void SearchHandler::search(ClientConnection *connection, const Envelope &request)
{
    const std::optional<SearchRequest> search = scope(connection, request);
    if (!search)
        return;
    const std::optional<SearchResult> found = m_context.store->search(*search);
    if (!found) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("search is not available on this server"));
        return;
    }
    if (!found->ok) {
        connection->sendError(request.id, ErrorCode::Internal,
                              QStringLiteral("the search index cannot be read; retry in a moment"));
        return;
    }
    QJsonArray hits;
    for (const SearchHit &hit : found->hits) {
        QJsonObject entry{{QLatin1String("seq"), hit.seq},
                          {QLatin1String("from"), hit.sender},
                          {QLatin1String("ts"), hit.ts},
                          {QLatin1String("snippet"), hit.snippet}};
        if (hit.conversation.startsWith(QLatin1Char('@')))
            entry.insert(QLatin1String("with"), HistoryStore::dmPeer(hit.conversation, connection->user()));
        else
            entry.insert(QLatin1String("room"), hit.conversation);
        hits.append(entry);
    }
    connection->send(Envelope::make(MessageType::Search,
                                    {{QLatin1String("query"), search->terms},
                                     {QLatin1String("hits"), hits},
                                     {QLatin1String("has_more"), found->hasMore}},
                                    request.id));
}

} // namespace sb::server
