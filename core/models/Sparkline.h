#pragma once

#include "models/RingBuffer.h"

#include <QList>

namespace sb::models {

// The recent price path of one symbol for a watchlist row: one point per time bucket (the last
// price in it), at most `maxPoints` of them, so a delegate can draw it with one drawPolyline
// whatever the tick rate. Buckets with no tick repeat the previous price, so the x axis stays
// linear in time. O(1) per tick (a gap costs at most maxPoints fills).
class Sparkline {
public:
    static constexpr int DefaultPoints = 60;
    static constexpr qint64 DefaultBucketMs = 5000; // 60 points = the last five minutes

    explicit Sparkline(int maxPoints = DefaultPoints, qint64 bucketMs = DefaultBucketMs);

    void add(double price, qint64 ts);
    void clear();

    QList<double> points() const;
    int size() const { return int(m_points.size()); }
    int maxPoints() const { return int(m_points.capacity()); }
    qint64 bucketMs() const { return m_bucketMs; }

private:
    RingBuffer<double> m_points;
    qint64 m_bucketMs;
    qint64 m_lastBucket = 0; // start of the newest bucket, valid when m_points is not empty
    qint64 m_lastTs = 0; // time of the tick behind the newest point
};

} // namespace sb::models
