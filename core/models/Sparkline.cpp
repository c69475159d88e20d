#include "models/Sparkline.h"

#include "models/SeriesStore.h"

namespace sb::models {

Sparkline::Sparkline(int maxPoints, qint64 bucketMs)
    : m_points(maxPoints)
    , m_bucketMs(qMax<qint64>(1, bucketMs))
{
}

void Sparkline::add(double price, qint64 ts)
{
    const qint64 bucket = SeriesStore::bucketStart(ts, m_bucketMs);
    if (m_points.isEmpty()) {
        m_points.pushBack(price);
    } else if (bucket == m_lastBucket) {
        // Keep the newest price of the bucket; a late tick inside it does not rewrite it.
        if (ts < m_lastTs)
            return;
        m_points.back() = price;
    } else if (bucket > m_lastBucket) {
        // Fill the empty buckets in between with the price that held during them; beyond a full
        // line of fills the older history would scroll out anyway.
        const qint64 missing =
            qMin<qint64>((bucket - m_lastBucket) / m_bucketMs - 1, m_points.capacity());
        const double held = m_points.back();
        for (qint64 i = 0; i < missing; ++i)
            m_points.pushBack(held);
        m_points.pushBack(price);
    } else {
        return; // older than the newest bucket: the sparkline follows the present
    }
    m_lastBucket = bucket;
    m_lastTs = ts;
}

void Sparkline::clear()
{
    m_points.clear();
}

QList<double> Sparkline::points() const
{
    QList<double> result;
    result.reserve(m_points.size());
    for (qsizetype i = 0; i < m_points.size(); ++i)
        result.append(m_points.at(i));
    return result;
}

} // namespace sb::models
