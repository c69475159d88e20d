#include "RequestTracker.h"

#include "ConnectionManager.h"
#include "protocol/Envelope.h"
#include "protocol/ErrorCode.h"

namespace sb::client {

bool RequestTracker::isFinal(const QString &code)
{
    return code != protocol::ErrorCode::RateLimited && code != protocol::ErrorCode::Internal;
}

QString RequestTracker::send(ConnectionManager &connection, const QString &type,
                             const QJsonObject &payload, const Request &request, QString id)
{
    if (id.isEmpty())
        id = QStringLiteral("r%1").arg(++m_nextId);
    m_requests.insert(id, request);
    if (!connection.send(protocol::Envelope::make(type, payload, id)))
        m_requests.remove(id);
    return id;
}

} // namespace sb::client
