#pragma once

#include "Bar.h"

namespace sb::server {

// Coarser bars from one-second bars, for the intervals `ticker.history` offers
// (protocol::Validator::barIntervalNames()). A bar of interval I starts at a multiple of I since
// the Unix epoch (so hours are UTC hours) and holds every second bar inside it: open of the
// first, close of the last, the extremes, the summed volume. Seconds without trades have no bar,
// and neither has an interval without any. Seconds go in one at a time, oldest first, so a
// day of them is aggregated as it is read, never held.
class BarAggregator
{
public:
    explicit BarAggregator(qint64 intervalMs);

    void add(const Bar &second);
    // The bars so far, oldest first; the aggregator starts over empty.
    QList<Bar> take();

    // `seconds` oldest first; the result oldest first too.
    static QList<Bar> aggregate(const QList<Bar> &seconds, qint64 intervalMs);
    static qint64 alignDown(qint64 ms, qint64 intervalMs);

private:
    qint64 m_intervalMs;
    QList<Bar> m_bars;
};

} // namespace sb::server
