#pragma once

#include <QList>
#include <QtGlobal>

namespace sb::server {

// A Prometheus histogram: counts of observations at or below each upper bound, their sum and
// their number. Pure logic (no clock, no I/O), so its buckets are testable exactly.
class Histogram
{
public:
    // `upperBounds` ascending; the implicit +Inf bucket is not listed.
    explicit Histogram(QList<double> upperBounds);

    void observe(double value);

    const QList<double> &upperBounds() const { return m_upperBounds; }
    // Observations ≤ upperBounds()[i], cumulative as Prometheus wants them (`le` buckets).
    quint64 cumulativeCount(qsizetype bucket) const;
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QList<double> m_upperBounds;
    QList<quint64> m_bucketCounts; // per bucket, not cumulative: observe() touches one slot
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace sb::server
