#include "TickerFeed.h"

#include <algorithm>

namespace sb::server {

TickerFeed::TickerFeed(std::unique_ptr<TickSource> source, Clock wallNow, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_wallNow(std::move(wallNow))
    , m_symbols(m_source->symbols())
    , m_known(m_symbols.cbegin(), m_symbols.cend())
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TickerFeed::step);
}

TickerFeed::~TickerFeed() = default;

void TickerFeed::start(int stepMs)
{
    m_timer.start(stepMs);
}

void TickerFeed::stop()
{
    m_timer.stop();
}

void TickerFeed::step()
{
    QList<Tick> ticks = m_source->ticksUntil(m_wallNow());
    if (ticks.isEmpty())
        return;
    m_produced += quint64(ticks.size());
    QHash<QString, qsizetype> indexOf; // symbol → its slot in `conflated`
    QList<Tick> conflated;
    for (Tick &tick : ticks) {
        tick.cumulativeVolume = (m_cumulativeVolume[tick.symbol] += tick.volume);
        const auto it = indexOf.constFind(tick.symbol);
        if (it == indexOf.cend()) {
            indexOf.insert(tick.symbol, conflated.size());
            conflated.append(tick);
        } else {
            conflated[*it] = tick;
        }
        m_latest.insert(tick.symbol, tick);
    }
    std::stable_sort(conflated.begin(), conflated.end(),
                     [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    emit traded(ticks);
    emit ticked(conflated);
}

} // namespace sb::server
