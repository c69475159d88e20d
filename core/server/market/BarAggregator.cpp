#include "BarAggregator.h"

#include <utility>

namespace sb::server {

BarAggregator::BarAggregator(qint64 intervalMs)
    : m_intervalMs(intervalMs)
{
}

void BarAggregator::add(const Bar &second)
{
    const qint64 start = alignDown(second.start, m_intervalMs);
    if (!m_bars.isEmpty() && m_bars.constLast().start == start) {
        m_bars.last().absorb(second);
        return;
    }
    Bar bar = second;
    bar.start = start;
    m_bars.append(bar);
}

QList<Bar> BarAggregator::take()
{
    return std::exchange(m_bars, {});
}

QList<Bar> BarAggregator::aggregate(const QList<Bar> &seconds, qint64 intervalMs)
{
    BarAggregator aggregator(intervalMs);
    for (const Bar &second : seconds)
        aggregator.add(second);
    return aggregator.take();
}

qint64 BarAggregator::alignDown(qint64 ms, qint64 intervalMs)
{
    // Floor division: times before 1970 still align down, not towards zero.
    const qint64 rest = ms % intervalMs;
    return rest < 0 ? ms - rest - intervalMs : ms - rest;
}

} // namespace sb::server
