#pragma once

#include <QList>
#include <QString>

namespace sb::server {

// One trade of the market feed: `ticker.batch` carries these as {s, p, v, q, t}.
struct Tick
{
    QString symbol;
    double price = 0;
    qint64 volume = 0; // of this trade; 0 when the source has none (a CSV without the column)
    qint64 ts = 0; // ms since the Unix epoch
    // The symbol's volume traded since the feed started, this trade included (TickerFeed sets
    // it): ticks conflated away still count, so a chart can take a bar's volume as a difference.
    qint64 cumulativeVolume = 0;

    bool operator==(const Tick &other) const = default;
};

// Where ticks come from: the simulated market or a recorded CSV. Pulled by the feed's timer.
class TickSource
{
public:
    virtual ~TickSource() = default;
    // Every tick due up to `nowMs` (wall clock) since the previous call, in time order.
    virtual QList<Tick> ticksUntil(qint64 nowMs) = 0;
    virtual QStringList symbols() const = 0;
};

} // namespace sb::server
