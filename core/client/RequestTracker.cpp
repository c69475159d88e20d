#include "RequestTracker.h"

#include "ConnectionManager.h"
#include "protocol/Envelope.h"
#include "protocol/ErrorCode.h"

namespace sb::client {

namespace {
// Deadlines are checked this often at most: a reply late by a fraction of its timeout is as late.
constexpr int SweepsPerTimeout = 4;
constexpr int LongestSweepMs = 1000;
}

RequestTracker::RequestTracker(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    connect(&m_sweep, &QTimer::timeout, this, &RequestTracker::expire);
}

bool RequestTracker::isFinal(const QString &code)
{
    return code != protocol::ErrorCode::RateLimited && code != protocol::ErrorCode::Internal
        && code != TimedOut;
}

QString RequestTracker::send(ConnectionManager &connection, const QString &type,
                             const QJsonObject &payload, const Request &request, QString id)
{
    if (id.isEmpty())
        id = QStringLiteral("r%1").arg(++m_nextId);
    m_requests.insert(id, {request, m_clock.elapsed() + m_timeoutMs});
    if (!connection.send(protocol::Envelope::make(type, payload, id))) {
        m_requests.remove(id);
        return id;
    }
    if (!m_sweep.isActive())
        m_sweep.start(qMin(LongestSweepMs, qMax(1, m_timeoutMs / SweepsPerTimeout)));
    return id;
}

RequestTracker::Request RequestTracker::take(const QString &id)
{
    const Request request = m_requests.take(id).request;
    if (m_requests.isEmpty())
        m_sweep.stop();
    return request;
}

void RequestTracker::clear()
{
    m_requests.clear();
    m_sweep.stop();
}

void RequestTracker::expire()
{
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QString, Request>> expired;
    for (auto it = m_requests.begin(); it != m_requests.end();) {
        if (it->deadlineMs <= now) {
            expired.append({it.key(), it->request});
            it = m_requests.erase(it);
        } else {
            ++it;
        }
    }
    if (m_requests.isEmpty())
        m_sweep.stop();
    // Forgotten before anyone hears of it: whoever asks again re-registers the same id.
    for (const auto &[id, request] : expired)
        emit timedOut(id, request);
}

} // namespace sb::client
