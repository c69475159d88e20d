#pragma once

#include <QtGlobal>

namespace sb::models {

// Open/high/low/close and volume over a span of time: one candle of a timeframe, or a whole
// session (first, last, high and low price seen). Open and close follow the ticks' own
// timestamps, not their arrival order, so a late tick cannot become the close by arriving last;
// ticks with equal timestamps keep arrival order (the later one closes).
struct OhlcBar {
    qint64 startMs = 0; // bucket start for a candle; the first tick's time for a session
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    qint64 volume = 0;
    qint64 openTs = 0; // time of the tick that set `open`
    qint64 closeTs = 0; // time of the tick that set `close`
    int ticks = 0;

    bool isEmpty() const { return ticks == 0; }

    // O(1): every tick of every timeframe goes through here on arrival.
    void add(double price, qint64 tickVolume, qint64 ts)
    {
        if (ticks == 0) {
            open = high = low = close = price;
            openTs = closeTs = ts;
        } else {
            high = qMax(high, price);
            low = qMin(low, price);
            if (ts < openTs) {
                open = price;
                openTs = ts;
            }
            if (ts >= closeTs) {
                close = price;
                closeTs = ts;
            }
        }
        volume += tickVolume;
        ++ticks;
    }
};

} // namespace sb::models
