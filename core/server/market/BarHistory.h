#pragma once

#include "../Clock.h"
#include "Bar.h"
#include "Tick.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <limits>
#include <optional>

namespace sb::server {

class BarAggregator;
class BarStore;

// The feed's bar history: every trade goes into its symbol's one-second bar, and `ticker.history`
// pages are read from here, aggregated to the interval asked for. Completed bars are kept in
// five-minute chunks (BarStore::Chunk) and handed to the store every FlushIntervalMs, all changed
// chunks in one batch; a chunk stays here until the store has committed its final version, so a
// read always sees every bar, committed or not, plus the still-forming one.
//
// Time: a trade at ts belongs to the bar starting at ts − ts mod 1000 (ms since the Unix epoch,
// the ts of the tick clients see). Bars only move forward: a trade older than the newest bar
// (a clock step back, a late tick after its bar was completed) counts in the newest bar.
class BarHistory : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 SecondMs = 1000;
    static constexpr int FlushIntervalMs = 2000;

    struct Page
    {
        QList<Bar> bars;        // oldest first; without `before`, the last one may be forming
        bool hasMore = false;   // older bars exist
        qint64 cumulativeVolume = 0; // the symbol's Tick::cumulativeVolume as of the newest trade in
    };

    BarHistory(BarStore &store, qint64 spanMs, Clock wallNow, QObject *parent = nullptr);
    ~BarHistory() override;

    // Flushes every FlushIntervalMs from now on.
    void start();
    void record(const QList<Tick> &ticks);
    // Completes the bars whose second is over and hands every changed chunk to the store. A
    // second is over once the feed has traded at or after its end: the feed's trades come in
    // time order, so no later trade can belong to it (a wall-clock rule would cut a bar short
    // whenever the process stalls and the feed then stamps the stalled time's trades).
    void flush();
    // Completes every bar, hands everything to the store and waits until it is committed
    // (shutdown). Recording may go on afterwards; the next bar starts after the last one.
    void close();

    // The newest `limit` bars of `intervalMs` that start before `before` (every bar up to the
    // forming one without it), within the span.
    Page page(const QString &symbol, qint64 intervalMs, std::optional<qint64> before, int limit);

    qint64 spanMs() const { return m_spanMs; }

private:
    struct Chunk
    {
        QList<Bar> bars;
        bool dirty = false;  // changed since it was last handed to the store
        quint64 sentIn = 0;  // the batch that carried its latest version
    };
    struct Series
    {
        std::optional<Bar> forming;
        qint64 lastStart = std::numeric_limits<qint64>::min(); // the newest completed bar
        QMap<qint64, Chunk> recent; // by start: chunks not yet committed in their final form
        qint64 cumulativeVolume = 0;

        // No later bar can start before this.
        qint64 frontier() const { return forming ? forming->start : lastStart; }
        // Where a new bar may start at the earliest: after the newest completed one.
        qint64 nextStart() const
        {
            return lastStart == std::numeric_limits<qint64>::min() ? lastStart : lastStart + SecondMs;
        }
    };

    // The symbol's series; the first time, with its newest stored chunk, so that bars written
    // before a restart are continued, not overwritten.
    Series &series(const QString &symbol);
    void complete(Series &series);
    void write(qint64 now);
    void committed(quint64 batch, bool ok);
    // The one-second bars of a series in [fromMs, toMs), not before `floor`, into `into`:
    // committed ones overlaid with those held here, and the forming one.
    void aggregate(const QString &symbol, const Series &series, qint64 fromMs, qint64 toMs,
                   qint64 floor, BarAggregator &into);
    std::optional<qint64> oldest(const QString &symbol, const Series &series, qint64 floor);

    BarStore &m_store;
    qint64 m_spanMs;
    Clock m_wallNow;
    QHash<QString, Series> m_series;
    quint64 m_batch = 0;
    qint64 m_newestTrade = std::numeric_limits<qint64>::min(); // the latest ts recorded, any symbol
    QTimer m_flushTimer;
};

} // namespace sb::server
