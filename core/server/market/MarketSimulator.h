#pragma once

#include "Tick.h"
#include "VolumeModel.h"

#include <QHash>

namespace sb::server {

// A simulated market: each symbol's price follows geometric Brownian motion with its own drift
// and volatility, plus rare jumps (news), and each trade has a plausible volume (VolumeModel:
// bursty, and larger with larger moves). The total rate
// is `ticksPerSecond` across all symbols. Pure: time comes in through ticksUntil() and the random
// source is seeded, so a test can replay it exactly.
class MarketSimulator : public TickSource
{
public:
    struct Instrument
    {
        QString symbol;
        double price;      // starting price
        double drift;      // annual drift (μ)
        double volatility; // annual volatility (σ)
        qint64 typicalVolume;
    };

    // The first `count` of a built-in list of well-known symbols (at least 20; more are
    // made up as SYM23, SYM24, … so any count works).
    static QList<Instrument> defaultInstruments(int count);

    MarketSimulator(QList<Instrument> instruments, double ticksPerSecond, quint32 seed,
                    qint64 startMs);

    QList<Tick> ticksUntil(qint64 nowMs) override;
    QStringList symbols() const override;
    double price(const QString &symbol) const;
    // Prices as quoted: cents, or tenths from 1000 up.
    static double roundPrice(double price);

    // Simulated time runs faster than the wall clock so a demo shows visible moves in minutes:
    // one real second is this many seconds of market time.
    static constexpr double TimeScale = 600.0;
    static constexpr double JumpProbability = 0.0005; // per tick
    static constexpr double JumpSize = 0.02;          // σ of a jump's log return

private:
    Tick step(int index, qint64 nowMs);

    QList<Instrument> m_instruments;
    QList<double> m_prices;
    QList<qint64> m_lastTickMs;
    QList<VolumeModel> m_volumes;
    double m_ticksPerSecond;
    RandomSource m_random;
    qint64 m_lastMs;
    double m_owed = 0; // fractional ticks carried to the next call
    int m_next = 0;
};

} // namespace sb::server
