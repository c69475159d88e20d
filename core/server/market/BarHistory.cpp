#include "BarHistory.h"

#include "BarAggregator.h"
#include "BarStore.h"

namespace sb::server {

BarHistory::BarHistory(BarStore &store, qint64 spanMs, Clock wallNow, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_spanMs(spanMs)
    , m_wallNow(std::move(wallNow))
{
    connect(&m_flushTimer, &QTimer::timeout, this, &BarHistory::flush);
}

BarHistory::~BarHistory()
{
    close();
}

void BarHistory::start()
{
    m_flushTimer.start(FlushIntervalMs);
}

BarHistory::Series &BarHistory::series(const QString &symbol)
{
    const auto found = m_series.find(symbol);
    if (found != m_series.end())
        return *found;
    Series &fresh = m_series[symbol];
    if (m_store.isOpen()) {
        if (std::optional<BarStore::Chunk> newest = m_store.newestChunk(symbol);
            newest && !newest->bars.isEmpty()) {
            fresh.lastStart = newest->bars.constLast().start;
            fresh.recent.insert(newest->start, Chunk{newest->bars, false, 0});
        }
    }
    return fresh;
}

void BarHistory::record(const QList<Tick> &ticks)
{
    for (const Tick &tick : ticks) {
        Series &s = series(tick.symbol);
        s.cumulativeVolume = tick.cumulativeVolume;
        m_newestTrade = qMax(m_newestTrade, tick.ts);
        const qint64 start = qMax(BarAggregator::alignDown(tick.ts, SecondMs), s.nextStart());
        if (s.forming && start <= s.forming->start) {
            s.forming->add(tick.price, tick.volume);
            continue;
        }
        if (s.forming)
            complete(s);
        s.forming = Bar::opening(start, tick.price, tick.volume);
    }
}

void BarHistory::complete(Series &s)
{
    const Bar bar = *s.forming;
    s.forming.reset();
    s.lastStart = bar.start;
    Chunk &chunk = s.recent[BarAggregator::alignDown(bar.start, BarStore::ChunkMs)];
    chunk.bars.append(bar);
    chunk.dirty = true;
}

void BarHistory::flush()
{
    const qint64 now = m_wallNow();
    for (Series &s : m_series) {
        if (s.forming && s.forming->start + SecondMs <= m_newestTrade)
            complete(s);
    }
    write(now);
}

void BarHistory::close()
{
    if (!m_store.isOpen())
        return;
    m_flushTimer.stop();
    for (Series &s : m_series) {
        if (s.forming)
            complete(s);
    }
    write(m_wallNow());
    m_store.flush();
}

void BarHistory::write(qint64 now)
{
    if (!m_store.isOpen())
        return;
    const quint64 batch = ++m_batch;
    QList<BarStore::Chunk> changed;
    for (auto s = m_series.begin(); s != m_series.end(); ++s) {
        for (auto chunk = s->recent.begin(); chunk != s->recent.end(); ++chunk) {
            if (!chunk->dirty)
                continue;
            changed.append(BarStore::Chunk{s.key(), chunk.key(), chunk->bars});
            chunk->dirty = false;
            chunk->sentIn = batch;
        }
    }
    if (changed.isEmpty())
        return;
    m_store.write(std::move(changed), now - m_spanMs,
                  [this, batch](bool ok) { committed(batch, ok); });
}

void BarHistory::committed(quint64 batch, bool ok)
{
    for (Series &s : m_series) {
        for (auto chunk = s.recent.begin(); chunk != s.recent.end();) {
            if (!ok) {
                // Handed over again with the next flush.
                chunk->dirty = chunk->dirty || chunk->sentIn == batch;
                ++chunk;
            } else if (!chunk->dirty && chunk->sentIn <= batch
                       && s.frontier() >= chunk.key() + BarStore::ChunkMs) {
                chunk = s.recent.erase(chunk); // committed, and no bar can join it any more
            } else {
                ++chunk;
            }
        }
    }
}

void BarHistory::aggregate(const QString &symbol, const Series &s, qint64 fromMs, qint64 toMs,
                           qint64 floor, BarAggregator &into)
{
    fromMs = qMax(fromMs, floor);
    const qint64 firstChunk = BarAggregator::alignDown(fromMs, BarStore::ChunkMs);
    const auto addInRange = [&](const QList<Bar> &bars) {
        for (const Bar &bar : bars) {
            if (bar.start >= fromMs && bar.start < toMs)
                into.add(bar);
        }
    };
    // The committed chunks and those held here, both by start: merged, a chunk held here
    // (newer, or not committed yet) in place of its committed version.
    const QList<BarStore::Chunk> committed =
        m_store.isOpen() ? m_store.chunks(symbol, firstChunk, toMs) : QList<BarStore::Chunk>();
    auto held = s.recent.lowerBound(firstChunk);
    const auto heldEnd = s.recent.cend();
    for (const BarStore::Chunk &chunk : committed) {
        for (; held != heldEnd && held.key() < chunk.start; ++held)
            addInRange(held->bars);
        if (held != heldEnd && held.key() == chunk.start) {
            addInRange(held->bars);
            ++held;
        } else {
            addInRange(chunk.bars);
        }
    }
    for (; held != heldEnd && held.key() < toMs; ++held)
        addInRange(held->bars);
    if (s.forming && s.forming->start >= fromMs && s.forming->start < toMs)
        into.add(*s.forming);
}

std::optional<qint64> BarHistory::oldest(const QString &symbol, const Series &s, qint64 floor)
{
    std::optional<qint64> oldest;
    if (m_store.isOpen())
        oldest = m_store.oldestBar(symbol, floor);
    const auto consider = [&](qint64 start) {
        if (start >= floor && (!oldest || start < *oldest))
            oldest = start;
    };
    for (const Chunk &chunk : s.recent) {
        for (const Bar &bar : chunk.bars) {
            if (bar.start >= floor) {
                consider(bar.start);
                break;
            }
        }
    }
    if (s.forming)
        consider(s.forming->start);
    return oldest;
}

BarHistory::Page BarHistory::page(const QString &symbol, qint64 intervalMs,
                                  std::optional<qint64> before, int limit)
{
    Page page;
    const Series &s = series(symbol);
    page.cumulativeVolume = s.cumulativeVolume;
    const qint64 floor = m_wallNow() - m_spanMs;
    const std::optional<qint64> first = oldest(symbol, s, floor);
    if (!first || limit <= 0)
        return page;
    // Bars of the interval that start before `before`, whole (their later seconds included).
    qint64 to = before ? BarAggregator::alignDown(*before + intervalMs - 1, intervalMs)
                       : std::numeric_limits<qint64>::max();
    if (!before) // up to the newest bar, the forming one included
        to = BarAggregator::alignDown(qMax(s.frontier(), *first), intervalMs) + intervalMs;
    // Back from `to` a window at a time, each as wide as the bars still missing, until enough
    // bars are found or the oldest is passed (seconds without trades have no bar).
    const qint64 earliest = BarAggregator::alignDown(*first, intervalMs);
    BarAggregator aggregator(intervalMs);
    while (page.bars.size() < limit && to > earliest) {
        const qint64 missing = limit - page.bars.size();
        const qint64 from = qMax(to - missing * intervalMs, earliest);
        aggregate(symbol, s, from, to, floor, aggregator);
        page.bars = aggregator.take() + page.bars;
        to = from;
    }
    page.hasMore = !page.bars.isEmpty() && *first < page.bars.constFirst().start;
    return page;
}

} // namespace sb::server
