#pragma once

#include "Bar.h"
#include "MarketSimulator.h"

namespace sb::server {

class BarStore;

// A plausible past for the simulated market, so that a new user's chart is full from the first
// second: one-second bars of an instrument over `spanMs` up to `endMs` (exclusive), made with the
// simulator's own model (its drift, volatility and time scale, its jumps, VolumeModel) and walked
// backwards from the instrument's price, so the last close is where the live feed starts. With
// fewer than five trades a second, some seconds have none and get no bar, as live. Pure: a
// seeded run is exact.
class BarBackfill
{
public:
    // `tradesPerSecond` is this instrument's share of the feed's rate.
    static QList<Bar> generate(const MarketSimulator::Instrument &instrument, double tradesPerSecond,
                               qint64 endMs, qint64 spanMs, quint64 seed);

    // Every instrument's past, made on a thread per core (one instrument a task) and written to
    // `store` as each is made; returns once all of it is committed, with the number of bars.
    static qint64 fill(BarStore &store, const QList<MarketSimulator::Instrument> &instruments,
                       double tradesPerSecond, qint64 endMs, qint64 spanMs);
};

} // namespace sb::server
