#pragma once

#include <QList>
#include <QtGlobal>

#include <algorithm>

namespace sb::server {

// One OHLCV bar of a symbol: the trades with start ≤ ts < start + the bar's interval. Bars are
// kept at one second (BarHistory) and aggregated to coarser intervals on request (BarAggregator).
struct Bar
{
    qint64 start = 0; // ms since the Unix epoch, a multiple of the interval
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    qint64 volume = 0;

    static Bar opening(qint64 start, double price, qint64 volume)
    {
        return {start, price, price, price, price, volume};
    }
    // One more trade, later than the ones already in.
    void add(double price, qint64 tradeVolume)
    {
        high = std::max(high, price);
        low = std::min(low, price);
        close = price;
        volume += tradeVolume;
    }
    // A later bar of the same span folded in (aggregation).
    void absorb(const Bar &later)
    {
        high = std::max(high, later.high);
        low = std::min(low, later.low);
        close = later.close;
        volume += later.volume;
    }

    bool operator==(const Bar &other) const = default;
};

} // namespace sb::server
