#include "models/SeriesStore.h"

#include <algorithm>
#include <cmath>

namespace sb::models {

SeriesStore::Series::Series(const Settings &settings)
    : raw(settings.rawCapacity)
    , bars { RingBuffer<OhlcBar>(settings.maxBars), RingBuffer<OhlcBar>(settings.maxBars),
        RingBuffer<OhlcBar>(settings.maxBars) }
{
}

SeriesStore::SeriesStore()
    : SeriesStore(Settings {})
{
}

SeriesStore::SeriesStore(Settings settings)
    : m_settings(settings)
{
}

qint64 SeriesStore::timeframeMs(Timeframe timeframe)
{
    switch (timeframe) {
    case Timeframe::OneSecond:
        return 1000;
    case Timeframe::OneMinute:
        return 60 * 1000;
    case Timeframe::FiveMinutes:
        return 5 * 60 * 1000;
    }
    return 1000;
}

qint64 SeriesStore::bucketStart(qint64 ts, qint64 widthMs)
{
    qint64 bucket = ts / widthMs;
    if (ts % widthMs < 0) // C++ division truncates toward zero; buckets need the floor
        --bucket;
    return bucket * widthMs;
}

void SeriesStore::append(const client::MarketTick &marketTick)
{
    if (marketTick.symbol.isEmpty() || !std::isfinite(marketTick.price))
        return;
    auto it = m_series.find(marketTick.symbol);
    if (it == m_series.end())
        it = m_series.emplace(marketTick.symbol, m_settings);
    Series &series = *it;
    const Tick tick { marketTick.ts, marketTick.price, marketTick.volume };

    // In time order the tick goes at the end; a late one is placed after the ticks of its time
    // (equal times keep arrival order), which costs only the distance it arrived late.
    if (series.raw.isEmpty() || series.raw.back().ts <= tick.ts) {
        series.raw.pushBack(tick);
    } else {
        const qsizetype at =
            series.raw.partitionPoint([&](const Tick &t) { return t.ts <= tick.ts; });
        series.raw.insert(at, tick);
    }
    for (int i = 0; i < TimeframeCount; ++i)
        addToBars(series.bars[i], timeframeMs(Timeframe(i)), tick);
    series.session.add(tick.price, tick.volume, tick.ts);
    series.session.startMs = series.session.openTs; // the session began with its earliest tick
    ++series.revision;
}

void SeriesStore::append(const QList<client::MarketTick> &ticks)
{
    for (const client::MarketTick &tick : ticks)
        append(tick);
}

void SeriesStore::addToBars(RingBuffer<OhlcBar> &bars, qint64 widthMs, const Tick &tick)
{
    const qint64 start = bucketStart(tick.ts, widthMs);
    if (!bars.isEmpty() && bars.back().startMs == start) { // the common case: the current bar
        bars.back().add(tick.price, tick.volume, tick.ts);
        return;
    }
    OhlcBar bar;
    bar.startMs = start;
    bar.add(tick.price, tick.volume, tick.ts);
    if (bars.isEmpty() || bars.back().startMs < start) { // a new bucket begins
        bars.pushBack(bar);
        return;
    }
    // A late tick: its bar is found by its bucket start, or created in the gap it falls into.
    // Older than every bar of a full buffer, it is refused by insert().
    const qsizetype at = bars.partitionPoint([&](const OhlcBar &b) { return b.startMs < start; });
    if (at < bars.size() && bars.at(at).startMs == start)
        bars[at].add(tick.price, tick.volume, tick.ts);
    else
        bars.insert(at, bar);
}

void SeriesStore::clear()
{
    m_series.clear();
}

void SeriesStore::remove(const QString &symbol)
{
    m_series.remove(symbol);
}

QStringList SeriesStore::symbols() const
{
    QStringList result = m_series.keys();
    result.sort();
    return result;
}

const SeriesStore::Series *SeriesStore::find(const QString &symbol) const
{
    const auto it = m_series.constFind(symbol);
    return it == m_series.cend() ? nullptr : &*it;
}

qsizetype SeriesStore::tickCount(const QString &symbol) const
{
    const Series *series = find(symbol);
    return series ? series->raw.size() : 0;
}

qint64 SeriesStore::oldestTickMs(const QString &symbol) const
{
    const Series *series = find(symbol);
    return series && !series->raw.isEmpty() ? series->raw.front().ts : 0;
}

QList<SeriesStore::Tick> SeriesStore::ticks(const QString &symbol, qint64 fromMs, qint64 toMs) const
{
    QList<Tick> result;
    const Series *series = find(symbol);
    if (!series)
        return result;
    const RingBuffer<Tick> &raw = series->raw;
    const qsizetype first = raw.partitionPoint([&](const Tick &t) { return t.ts < fromMs; });
    const qsizetype end = raw.partitionPoint([&](const Tick &t) { return t.ts <= toMs; });
    for (qsizetype i = first; i < end; ++i)
        result.append(raw.at(i));
    return result;
}

QList<QPointF> SeriesStore::decimate(
    const QString &symbol, qint64 fromMs, qint64 toMs, int pixelWidth) const
{
    QList<QPointF> result;
    const Series *series = find(symbol);
    if (!series || pixelWidth <= 0 || toMs < fromMs)
        return result;
    const RingBuffer<Tick> &raw = series->raw;
    const qsizetype first = raw.partitionPoint([&](const Tick &t) { return t.ts < fromMs; });
    const qsizetype end = raw.partitionPoint([&](const Tick &t) { return t.ts <= toMs; });
    // Both ends are inclusive, so the range is one ms wider than their difference; integer
    // column arithmetic keeps the split exact (a window of days times 10,000 px fits qint64).
    const qint64 span = toMs - fromMs + 1;
    const auto columnOf = [&](qint64 ts) { return (ts - fromMs) * pixelWidth / span; };
    const auto emitColumn = [&](qsizetype lowIndex, qsizetype highIndex) {
        const qsizetype earlier = qMin(lowIndex, highIndex);
        const qsizetype later = qMax(lowIndex, highIndex);
        result.append(QPointF(double(raw.at(earlier).ts), raw.at(earlier).price));
        if (later != earlier)
            result.append(QPointF(double(raw.at(later).ts), raw.at(later).price));
    };

    result.reserve(qMin<qsizetype>(end - first, qsizetype(pixelWidth) * 2));
    qint64 column = -1;
    qsizetype lowIndex = -1;
    qsizetype highIndex = -1;
    for (qsizetype i = first; i < end; ++i) {
        const Tick &tick = raw.at(i);
        const qint64 c = columnOf(tick.ts);
        if (c != column) {
            if (column >= 0)
                emitColumn(lowIndex, highIndex);
            column = c;
            lowIndex = highIndex = i;
            continue;
        }
        // Strict comparisons keep the first of equal extremes, so a flat column is one point.
        if (tick.price < raw.at(lowIndex).price)
            lowIndex = i;
        if (tick.price > raw.at(highIndex).price)
            highIndex = i;
    }
    if (column >= 0)
        emitColumn(lowIndex, highIndex);
    return result;
}

QList<OhlcBar> SeriesStore::bars(
    const QString &symbol, Timeframe timeframe, qint64 fromMs, qint64 toMs) const
{
    QList<OhlcBar> result;
    const Series *series = find(symbol);
    if (!series || toMs < fromMs)
        return result;
    const RingBuffer<OhlcBar> &bars = series->bars[int(timeframe)];
    const qint64 width = timeframeMs(timeframe);
    const qsizetype first =
        bars.partitionPoint([&](const OhlcBar &b) { return b.startMs + width <= fromMs; });
    const qsizetype end = bars.partitionPoint([&](const OhlcBar &b) { return b.startMs <= toMs; });
    for (qsizetype i = first; i < end; ++i)
        result.append(bars.at(i));
    return result;
}

OhlcBar SeriesStore::session(const QString &symbol) const
{
    const Series *series = find(symbol);
    return series ? series->session : OhlcBar {};
}

quint64 SeriesStore::revision(const QString &symbol) const
{
    const Series *series = find(symbol);
    return series ? series->revision : 0;
}

} // namespace sb::models
