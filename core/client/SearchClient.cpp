#include "SearchClient.h"

#include "ConnectionManager.h"
#include "Parse.h"
#include "protocol/MessageType.h"

namespace sb::client {

namespace T = sb::protocol::MessageType;

SearchClient::SearchClient(ConnectionManager &connection, RequestTracker &requests, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_requests(requests)
{
}

bool SearchClient::search(const Query &query)
{
    QJsonObject payload{{QLatin1String("query"), query.text}, {QLatin1String("limit"), query.limit}};
    if (!query.room.isEmpty())
        payload.insert(QLatin1String("room"), query.room);
    if (!query.from.isEmpty())
        payload.insert(QLatin1String("from"), query.from);
    if (query.before > 0)
        payload.insert(QLatin1String("before"), query.before);
    m_latestQuery = query.text;
    m_latestId = m_requests.send(m_connection, T::Search, payload, {RequestTracker::Purpose::Search, query.room});
    if (m_requests.isPending(m_latestId))
        return true;
    m_latestId.clear();
    emit searchFailed(query.text, tr("Search needs a connection to the server."));
    return false;
}

bool SearchClient::handle(const protocol::Envelope &e, const RequestTracker::Request &request)
{
    if (request.purpose != RequestTracker::Purpose::Search)
        return false;
    if (e.id != m_latestId)
        return true; // superseded by a newer query
    m_latestId.clear();
    if (e.type == T::Error)
        emit searchFailed(m_latestQuery, e.payload.value(QLatin1String("message")).toString());
    else
        emit resultsReady(m_latestQuery, Parse::searchHits(e.payload),
                          e.payload.value(QLatin1String("has_more")).toBool());
    return true;
}

} // namespace sb::client
