#include "MarketSimulator.h"

#include <QtMath>

#include <cmath>

namespace sb::server {

QList<MarketSimulator::Instrument> MarketSimulator::defaultInstruments(int count)
{
    // Prices of late 2023, plausible drifts and volatilities (annualised).
    static const QList<Instrument> known{
        {QStringLiteral("AAPL"), 190.05, 0.10, 0.25, 400},
        {QStringLiteral("MSFT"), 370.10, 0.12, 0.25, 250},
        {QStringLiteral("NVDA"), 481.20, 0.25, 0.50, 500},
        {QStringLiteral("AMZN"), 145.30, 0.12, 0.35, 350},
        {QStringLiteral("GOOGL"), 135.40, 0.10, 0.30, 300},
        {QStringLiteral("META"), 330.80, 0.15, 0.40, 250},
        {QStringLiteral("TSLA"), 240.50, 0.05, 0.60, 600},
        {QStringLiteral("AMD"), 120.60, 0.15, 0.50, 450},
        {QStringLiteral("NFLX"), 470.20, 0.08, 0.40, 120},
        {QStringLiteral("INTC"), 44.10, 0.02, 0.35, 800},
        {QStringLiteral("ORCL"), 115.70, 0.08, 0.25, 200},
        {QStringLiteral("CRM"), 220.40, 0.08, 0.35, 150},
        {QStringLiteral("ADBE"), 580.90, 0.08, 0.35, 100},
        {QStringLiteral("AVGO"), 950.30, 0.15, 0.35, 60},
        {QStringLiteral("JPM"), 155.20, 0.06, 0.20, 300},
        {QStringLiteral("V"), 250.10, 0.07, 0.18, 200},
        {QStringLiteral("KO"), 58.40, 0.03, 0.12, 500},
        {QStringLiteral("DIS"), 90.30, 0.02, 0.30, 350},
        {QStringLiteral("XOM"), 104.80, 0.03, 0.25, 400},
        {QStringLiteral("BA"), 210.60, 0.02, 0.35, 150},
        {QStringLiteral("BTC-USD"), 37250.0, 0.30, 0.70, 2},
        {QStringLiteral("ETH-USD"), 2010.0, 0.30, 0.80, 10},
    };
    QList<Instrument> chosen = known.mid(0, qMin(count, int(known.size())));
    for (int i = int(known.size()); i < count; ++i)
        chosen.append({QStringLiteral("SYM%1").arg(i + 1), 50.0 + (i * 37) % 200, 0.05, 0.30, 200});
    return chosen;
}

MarketSimulator::MarketSimulator(QList<Instrument> instruments, double ticksPerSecond,
                                 quint32 seed, qint64 startMs)
    : m_instruments(std::move(instruments))
    , m_ticksPerSecond(ticksPerSecond)
    , m_random(seed)
    , m_lastMs(startMs)
{
    for (const Instrument &instrument : std::as_const(m_instruments)) {
        m_prices.append(instrument.price);
        m_lastTickMs.append(startMs);
        m_volumes.append(VolumeModel());
    }
}

QStringList MarketSimulator::symbols() const
{
    QStringList names;
    for (const Instrument &instrument : m_instruments)
        names.append(instrument.symbol);
    return names;
}

double MarketSimulator::roundPrice(double price)
{
    const double decimals = price >= 1000 ? 1.0 : 100.0;
    return std::round(price * decimals) / decimals;
}

double MarketSimulator::price(const QString &symbol) const
{
    for (int i = 0; i < m_instruments.size(); ++i) {
        if (m_instruments[i].symbol == symbol)
            return m_prices[i];
    }
    return 0;
}

QList<Tick> MarketSimulator::ticksUntil(qint64 nowMs)
{
    QList<Tick> ticks;
    if (m_instruments.isEmpty() || nowMs <= m_lastMs)
        return ticks;
    const qint64 elapsed = nowMs - m_lastMs;
    m_owed += m_ticksPerSecond * double(elapsed) / 1000.0;
    const int due = int(m_owed);
    m_owed -= due;
    ticks.reserve(due);
    // Spread the ticks evenly over the elapsed time so charts see a steady stream.
    for (int i = 0; i < due; ++i) {
        const qint64 at = m_lastMs + (elapsed * (i + 1)) / due;
        // Round-robin with a random skip: every symbol trades about as often, in no fixed pattern.
        m_next = (m_next + 1 + int(m_random.bounded(2))) % int(m_instruments.size());
        ticks.append(step(m_next, at));
    }
    m_lastMs = nowMs;
    return ticks;
}

Tick MarketSimulator::step(int index, qint64 nowMs)
{
    const Instrument &instrument = m_instruments[index];
    constexpr double msPerYear = 365.0 * 24 * 3600 * 1000;
    const double dt = qMax<qint64>(1, nowMs - m_lastTickMs[index]) * TimeScale / msPerYear;
    m_lastTickMs[index] = nowMs;

    const double mu = instrument.drift;
    const double sigma = instrument.volatility;
    const double shock = m_random.normal();
    double logReturn = (mu - 0.5 * sigma * sigma) * dt + sigma * std::sqrt(dt) * shock;
    const bool news = m_random.uniform() < JumpProbability;
    if (news)
        logReturn += JumpSize * m_random.normal();
    double &price = m_prices[index];
    price = qMax(0.01, price * std::exp(logReturn));

    // A jump is news: it moves the price by many σ and the volume with it.
    const double moveSigmas = news ? logReturn / (sigma * std::sqrt(dt)) : shock;
    const qint64 volume =
        m_volumes[index].next(instrument.typicalVolume, 1, moveSigmas, news, m_random);

    return Tick{instrument.symbol, roundPrice(price), volume, nowMs};
}

} // namespace sb::server
