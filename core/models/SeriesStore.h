#pragma once

#include "client/ChatTypes.h"
#include "models/OhlcBar.h"
#include "models/RingBuffer.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <array>

namespace sb::models {

// The market data behind the charts, kept apart from drawing (DESIGN.md, "Live charts"): per
// symbol a ring buffer of raw ticks and OHLC bars for three timeframes, all aggregated on arrival
// in O(1) per tick and bounded in memory whatever the feed rate. The chart panel pulls from it
// once per frame: decimate() for a line, bars() for candles. Pure: every time comes from the
// ticks, so results are exact and reproducible.
class SeriesStore {
public:
    enum class Timeframe { OneSecond, OneMinute, FiveMinutes };
    static constexpr int TimeframeCount = 3;

    struct Settings {
        qsizetype rawCapacity = 20000; // raw ticks kept per symbol (~480 KB)
        qsizetype maxBars = 720; // bars kept per symbol and timeframe (12 min of 1 s bars)
    };

    struct Tick {
        qint64 ts = 0;
        double price = 0;
        qint64 volume = 0;
    };

    SeriesStore();
    explicit SeriesStore(Settings settings);

    // Ticks may arrive late or out of order: they are placed by their timestamp. Ticks with a
    // price that is not finite, or an empty symbol, are ignored (one NaN would poison every
    // min/max after it).
    void append(const client::MarketTick &tick);
    void append(const QList<client::MarketTick> &ticks);

    void clear();
    void remove(const QString &symbol);

    QStringList symbols() const; // sorted
    bool contains(const QString &symbol) const { return m_series.contains(symbol); }
    const Settings &settings() const { return m_settings; }

    // Raw ticks kept for the symbol, oldest first, and those within [fromMs, toMs].
    qsizetype tickCount(const QString &symbol) const;
    QList<Tick> ticks(const QString &symbol, qint64 fromMs, qint64 toMs) const;
    // The time span the raw ticks still cover; for an older window use bars().
    qint64 oldestTickMs(const QString &symbol) const;

    // The raw ticks within [fromMs, toMs] reduced to at most two points per pixel column: the
    // column's lowest and highest price (one point when they are the same tick), in the order
    // they happened so x never goes backwards. x is the tick's time in ms, y its price.
    QList<QPointF> decimate(
        const QString &symbol, qint64 fromMs, qint64 toMs, int pixelWidth) const;

    // The bars of the timeframe that overlap [fromMs, toMs], oldest first.
    QList<OhlcBar> bars(
        const QString &symbol, Timeframe timeframe, qint64 fromMs, qint64 toMs) const;

    // The whole session of the symbol (since its first tick or the last clear()): open is the
    // first price, close the last, high/low the extremes, volume the total.
    OhlcBar session(const QString &symbol) const;
    double lastPrice(const QString &symbol) const { return session(symbol).close; }
    double firstPrice(const QString &symbol) const { return session(symbol).open; }
    double sessionHigh(const QString &symbol) const { return session(symbol).high; }
    double sessionLow(const QString &symbol) const { return session(symbol).low; }

    // Grows with every accepted tick of the symbol, so a chart can skip a frame when nothing
    // changed.
    quint64 revision(const QString &symbol) const;

    static qint64 timeframeMs(Timeframe timeframe);
    // The start of the bucket holding `ts` (floor division, also right for negative times).
    static qint64 bucketStart(qint64 ts, qint64 widthMs);

private:
    struct Series {
        explicit Series(const Settings &settings);

        RingBuffer<Tick> raw;
        std::array<RingBuffer<OhlcBar>, TimeframeCount> bars;
        OhlcBar session;
        quint64 revision = 0;
    };

    static void addToBars(RingBuffer<OhlcBar> &bars, qint64 widthMs, const Tick &tick);
    const Series *find(const QString &symbol) const;

    Settings m_settings;
    QHash<QString, Series> m_series;
};

} // namespace sb::models
