#include "BarBackfill.h"

#include "BarAggregator.h"
#include "BarHistory.h"
#include "BarStore.h"
#include "VolumeModel.h"

#include <QRandomGenerator>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace sb::server {

QList<Bar> BarBackfill::generate(const MarketSimulator::Instrument &instrument,
                                 double tradesPerSecond, qint64 endMs, qint64 spanMs, quint64 seed)
{
    RandomSource random(seed);
    VolumeModel volumes;
    constexpr double msPerYear = 365.0 * 24 * 3600 * 1000;
    const double dt = double(BarHistory::SecondMs) * MarketSimulator::TimeScale / msPerYear;
    const double sigma = instrument.volatility;
    const double drift = (instrument.drift - 0.5 * sigma * sigma) * dt;
    const double step = sigma * std::sqrt(dt);
    const double trades = qMax(tradesPerSecond, 0.0);
    // Seconds with trades, and how many trades such a second has on average (Poisson); from
    // five trades a second on, a second without any is rare enough to leave out.
    const double traded = trades >= 5 ? 1.0 : 1.0 - std::exp(-trades);
    const double tradesWhenTraded = traded > 0 ? trades / traded : 0;
    const double newsChance = 1.0 - std::pow(1.0 - MarketSimulator::JumpProbability, tradesWhenTraded);

    const qint64 last = BarAggregator::alignDown(endMs - 1, BarHistory::SecondMs);
    const qint64 count = qMax<qint64>(0, spanMs / BarHistory::SecondMs);
    QList<Bar> bars;
    bars.reserve(count);
    double close = instrument.price;
    for (qint64 i = 0; i < count; ++i) {
        if (traded < 1.0 && random.uniform() >= traded)
            continue;
        const double shock = random.normal();
        double logReturn = drift + step * shock;
        const bool news = random.uniform() < newsChance;
        if (news)
            logReturn += MarketSimulator::JumpSize * random.normal();
        const double open = close / std::exp(logReturn);
        // The path within the second reaches a little beyond both ends (up to ~0.6 σ; the
        // moves are tiny, so 1 + x stands for e^x).
        const double up = 1.0 + 0.6 * step * random.uniform();
        const double down = 1.0 - 0.6 * step * random.uniform();
        Bar bar;
        bar.start = last - i * BarHistory::SecondMs;
        bar.open = MarketSimulator::roundPrice(open);
        bar.close = MarketSimulator::roundPrice(close);
        bar.high = std::max({MarketSimulator::roundPrice(std::max(open, close) * up), bar.open, bar.close});
        bar.low = std::min({MarketSimulator::roundPrice(std::min(open, close) * down), bar.open, bar.close});
        const double moveSigmas = news ? logReturn / step : shock;
        bar.volume = volumes.next(instrument.typicalVolume, tradesWhenTraded, moveSigmas, news, random);
        bars.append(bar);
        close = std::max(0.01, open);
    }
    std::reverse(bars.begin(), bars.end());
    return bars;
}

qint64 BarBackfill::fill(BarStore &store, const QList<MarketSimulator::Instrument> &instruments,
                         double tradesPerSecond, qint64 endMs, qint64 spanMs)
{
    std::atomic<qint64> bars{0};
    QThreadPool pool;
    for (const MarketSimulator::Instrument &instrument : instruments) {
        const quint64 seed = QRandomGenerator::global()->generate64();
        pool.start([&, instrument, seed] {
            const QList<Bar> past = generate(instrument, tradesPerSecond, endMs, spanMs, seed);
            bars += past.size();
            store.write(BarStore::chunked(instrument.symbol, past), 0); // the writer's thread packs them
        });
    }
    pool.waitForDone();
    store.flush();
    return bars;
}

} // namespace sb::server
