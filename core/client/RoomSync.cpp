#include "RoomSync.h"

#include <algorithm>

namespace sb::client {

namespace {
constexpr int MaxPage = 200; // the server's history.get limit
}

RoomSync::RoomSync(QString room, qint64 watermark, QString epoch)
    : m_room(std::move(room))
    , m_watermark(watermark)
    , m_epoch(std::move(epoch))
{
}

QJsonObject RoomSync::joinPayload() const
{
    QJsonObject payload{{QLatin1String("room"), m_room}};
    if (!m_epoch.isEmpty()) {
        payload.insert(QLatin1String("since"), m_watermark);
        payload.insert(QLatin1String("epoch"), m_epoch);
    }
    return payload;
}

RoomSync::JoinOutcome RoomSync::joined(qint64 lastSeq, const QString &epoch)
{
    JoinOutcome outcome;
    m_fillInFlight = false;
    if (m_epoch.isEmpty() || m_epoch != epoch) {
        // Nothing to resume from (first join), or history was reset on the server: start at
        // the room's present and let the user scroll back from there.
        outcome.historyReset = !m_epoch.isEmpty();
        outcome.loadRecent = true;
        m_epoch = epoch;
        m_watermark = lastSeq;
        m_above.clear();
    }
    return outcome;
}

bool RoomSync::accept(qint64 seq)
{
    if (seq <= m_watermark || m_above.contains(seq))
        return false;
    m_above.insert(seq);
    advance();
    return true;
}

void RoomSync::advance()
{
    while (m_above.remove(m_watermark + 1))
        ++m_watermark;
}

std::optional<RoomSync::HistoryRequest> RoomSync::nextFill()
{
    if (m_above.isEmpty() || m_fillInFlight)
        return std::nullopt;
    const qint64 lowest = *std::min_element(m_above.cbegin(), m_above.cend());
    const qint64 missing = lowest - m_watermark - 1;
    m_fillInFlight = true;
    m_lowestAtFill = lowest;
    return HistoryRequest{lowest, int(std::min<qint64>(missing, MaxPage))};
}

void RoomSync::fillAnswered()
{
    m_fillInFlight = false;
    if (m_above.isEmpty())
        return;
    const qint64 lowest = *std::min_element(m_above.cbegin(), m_above.cend());
    if (lowest == m_lowestAtFill) {
        // Nothing below the hole's top arrived: the server has nothing for it (its history was
        // trimmed). Step over it rather than asking forever.
        m_watermark = lowest - 1;
        advance();
    }
}

} // namespace sb::client
