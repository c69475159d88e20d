#include "Histogram.h"

#include <algorithm>

namespace sb::server {

Histogram::Histogram(QList<double> upperBounds)
    : m_upperBounds(std::move(upperBounds))
    , m_bucketCounts(m_upperBounds.size(), 0)
{
    Q_ASSERT(std::is_sorted(m_upperBounds.cbegin(), m_upperBounds.cend()));
}

void Histogram::observe(double value)
{
    // The first bound ≥ value is the bucket; above every bound only the +Inf total grows.
    const auto bucket = std::lower_bound(m_upperBounds.cbegin(), m_upperBounds.cend(), value);
    if (bucket != m_upperBounds.cend())
        ++m_bucketCounts[bucket - m_upperBounds.cbegin()];
    ++m_count;
    m_sum += value;
}

quint64 Histogram::cumulativeCount(qsizetype bucket) const
{
    quint64 total = 0;
    for (qsizetype i = 0; i <= bucket && i < m_bucketCounts.size(); ++i)
        total += m_bucketCounts[i];
    return total;
}

} // namespace sb::server
