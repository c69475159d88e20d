// models/SeriesStore (and its RingBuffer): OHLC bars for hand-made ticks across bucket
// boundaries, late ticks, bounded memory, decimation counts and min/max preservation.
#include "models/RingBuffer.h"
#include "models/SeriesStore.h"

#include <QTest>
#include <algorithm>
#include <limits>

using sb::client::MarketTick;
using sb::models::OhlcBar;
using sb::models::RingBuffer;
using sb::models::SeriesStore;
using Timeframe = sb::models::SeriesStore::Timeframe;

namespace {

// A multiple of 5 minutes, so every timeframe's buckets start on it.
constexpr qint64 T0 = 5'666'667LL * 300'000;

MarketTick tick(qint64 offsetMs, double price, qint64 volume = 1, const QString &symbol = "AAPL")
{
    return { symbol, price, volume, T0 + offsetMs };
}

void compareBar(const OhlcBar &bar, qint64 startOffset, double open, double high, double low,
    double close, qint64 volume)
{
    QCOMPARE(bar.startMs - T0, startOffset);
    QCOMPARE(bar.open, open);
    QCOMPARE(bar.high, high);
    QCOMPARE(bar.low, low);
    QCOMPARE(bar.close, close);
    QCOMPARE(bar.volume, volume);
}

// A deterministic, jumpy price path (a small linear congruential generator).
QList<MarketTick> noisyTicks(int count, qint64 stepMs)
{
    QList<MarketTick> ticks;
    quint32 state = 12345;
    for (int i = 0; i < count; ++i) {
        state = state * 1103515245u + 12345u;
        ticks.append(tick(qint64(i) * stepMs, 100.0 + double((state >> 8) % 10000) / 100.0));
    }
    return ticks;
}

} // namespace

class SeriesStoreTest : public QObject {
    Q_OBJECT

private slots:
    void bucketStartFloors()
    {
        QCOMPARE(SeriesStore::bucketStart(1999, 1000), 1000);
        QCOMPARE(SeriesStore::bucketStart(2000, 1000), 2000);
        QCOMPARE(SeriesStore::bucketStart(-1, 1000), -1000);
        QCOMPARE(SeriesStore::bucketStart(-1000, 1000), -1000);
        QCOMPARE(SeriesStore::timeframeMs(Timeframe::FiveMinutes), 300'000);
    }

    void ohlcAcrossBucketBoundaries()
    {
        SeriesStore store;
        store.append({ tick(1000, 10, 1), tick(1500, 12, 2), tick(1999, 9, 3), tick(2000, 11, 4),
            tick(2999, 11.5, 1), tick(61'000, 20, 5), tick(301'000, 7, 2) });

        const auto seconds = store.bars("AAPL", Timeframe::OneSecond, T0, T0 + 400'000);
        QCOMPARE(seconds.size(), 4);
        compareBar(seconds.at(0), 1000, 10, 12, 9, 9, 6);
        compareBar(seconds.at(1), 2000, 11, 11.5, 11, 11.5, 5);
        compareBar(seconds.at(2), 61'000, 20, 20, 20, 20, 5);
        QCOMPARE(seconds.at(0).ticks, 3);

        const auto minutes = store.bars("AAPL", Timeframe::OneMinute, T0, T0 + 400'000);
        QCOMPARE(minutes.size(), 3);
        compareBar(minutes.at(0), 0, 10, 12, 9, 11.5, 11);
        compareBar(minutes.at(1), 60'000, 20, 20, 20, 20, 5);
        compareBar(minutes.at(2), 300'000, 7, 7, 7, 7, 2);

        const auto fives = store.bars("AAPL", Timeframe::FiveMinutes, T0, T0 + 400'000);
        QCOMPARE(fives.size(), 2);
        compareBar(fives.at(0), 0, 10, 20, 9, 20, 16);
        compareBar(fives.at(1), 300'000, 7, 7, 7, 7, 2);

        const OhlcBar session = store.session("AAPL");
        QCOMPARE(session.open, 10.0);
        QCOMPARE(store.firstPrice("AAPL"), 10.0);
        QCOMPARE(store.lastPrice("AAPL"), 7.0);
        QCOMPARE(store.sessionHigh("AAPL"), 20.0);
        QCOMPARE(store.sessionLow("AAPL"), 7.0);
        QCOMPARE(session.volume, 18);
        QCOMPARE(session.startMs, T0 + 1000);
        QVERIFY(store.session("MSFT").isEmpty());
    }

    void barsOverlappingARange()
    {
        SeriesStore store;
        store.append({ tick(1000, 1), tick(2000, 2), tick(3000, 3), tick(4000, 4) });
        // Bars overlapping [2500, 3000]: the one starting at 2000 (it runs to 2999) and 3000.
        const auto bars = store.bars("AAPL", Timeframe::OneSecond, T0 + 2500, T0 + 3000);
        QCOMPARE(bars.size(), 2);
        QCOMPARE(bars.at(0).close, 2.0);
        QCOMPARE(bars.at(1).close, 3.0);
        QVERIFY(store.bars("AAPL", Timeframe::OneSecond, T0 + 3000, T0 + 2000).isEmpty());
        QVERIFY(store.bars("MSFT", Timeframe::OneSecond, T0, T0 + 5000).isEmpty());
    }

    void lateTicksArePlacedByTime()
    {
        SeriesStore store;
        store.append({ tick(1500, 10), tick(1800, 12), tick(3000, 30) });
        store.append(tick(1200, 7)); // before the open of its bar
        store.append(tick(2500, 20)); // into the gap: a bar of its own
        const auto bars = store.bars("AAPL", Timeframe::OneSecond, T0, T0 + 10'000);
        QCOMPARE(bars.size(), 3);
        compareBar(bars.at(0), 1000, 7, 12, 7, 12, 3);
        compareBar(bars.at(1), 2000, 20, 20, 20, 20, 1);
        compareBar(bars.at(2), 3000, 30, 30, 30, 30, 1);

        QList<double> prices;
        for (const auto &t : store.ticks("AAPL", T0, T0 + 10'000))
            prices.append(t.price);
        QCOMPARE(prices, (QList<double> { 7, 10, 12, 20, 30 }));
        QCOMPARE(store.lastPrice("AAPL"), 30.0); // the late ones never became the last price
        QCOMPARE(store.firstPrice("AAPL"), 7.0);
    }

    void memoryIsBounded()
    {
        SeriesStore store({ 100, 10 });
        QList<MarketTick> ticks;
        for (int i = 0; i < 1000; ++i) // one a second for 1000 s
            ticks.append(tick(qint64(i) * 1000, 100 + i, 2));
        store.append(ticks);
        QCOMPARE(store.tickCount("AAPL"), 100);
        QCOMPARE(store.oldestTickMs("AAPL"), T0 + 900'000);
        const qint64 end = T0 + 1'000'000;
        QCOMPARE(store.bars("AAPL", Timeframe::OneSecond, T0, end).size(), 10);
        QCOMPARE(store.bars("AAPL", Timeframe::OneSecond, T0, end).first().startMs, T0 + 990'000);
        QCOMPARE(store.bars("AAPL", Timeframe::OneMinute, T0, end).size(), 10); // of 17
        QCOMPARE(store.bars("AAPL", Timeframe::FiveMinutes, T0, end).size(), 4);
        // The session remembers what the buffers dropped.
        QCOMPARE(store.firstPrice("AAPL"), 100.0);
        QCOMPARE(store.session("AAPL").volume, 2000);
        // A tick older than everything kept is refused by the full buffers, not squeezed in.
        store.append(tick(-5000, 1));
        QCOMPARE(store.tickCount("AAPL"), 100);
        QCOMPARE(store.oldestTickMs("AAPL"), T0 + 900'000);
        QCOMPARE(store.bars("AAPL", Timeframe::OneSecond, T0 - 10'000, end).first().startMs,
            T0 + 990'000);
    }

    void invalidTicksAreIgnored()
    {
        SeriesStore store;
        store.append(tick(0, 5));
        const quint64 revision = store.revision("AAPL");
        store.append(tick(1, std::numeric_limits<double>::quiet_NaN()));
        store.append(tick(2, std::numeric_limits<double>::infinity()));
        store.append(tick(3, 1, 1, ""));
        QCOMPARE(store.revision("AAPL"), revision);
        QCOMPARE(store.symbols(), QStringList { "AAPL" });
        store.append(tick(4, 6, 1, "MSFT"));
        QCOMPARE(store.symbols(), (QStringList { "AAPL", "MSFT" }));
        store.remove("AAPL");
        QVERIFY(!store.contains("AAPL"));
        store.clear();
        QVERIFY(store.symbols().isEmpty());
    }

    void decimationKeepsEveryColumnsExtremes()
    {
        SeriesStore store;
        const QList<MarketTick> ticks = noisyTicks(10'000, 1); // one per ms over 10 s
        store.append(ticks);
        constexpr int Width = 100; // 100 ticks per column
        const auto points = store.decimate("AAPL", T0, T0 + 9999, Width);
        QCOMPARE(points.size(), 2 * Width);
        for (int column = 0; column < Width; ++column) {
            const auto first = ticks.cbegin() + column * 100;
            const auto byPrice = [](const MarketTick &a, const MarketTick &b) {
                return a.price < b.price;
            };
            // The first of equal extremes, as the store picks them.
            const auto low = std::min_element(first, first + 100, byPrice);
            const auto high = std::max_element(first, first + 100, byPrice);
            const QPointF a = points.at(2 * column);
            const QPointF b = points.at(2 * column + 1);
            // The column's lowest and highest tick, in the order they happened.
            const auto earlier = low->ts < high->ts ? low : high;
            const auto later = low->ts < high->ts ? high : low;
            QCOMPARE(qint64(a.x()), earlier->ts);
            QCOMPARE(a.y(), earlier->price);
            QCOMPARE(qint64(b.x()), later->ts);
            QCOMPARE(b.y(), later->price);
        }
        QVERIFY(std::is_sorted(points.cbegin(), points.cend(),
            [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    }

    void decimationPointCounts()
    {
        SeriesStore store;
        store.append(noisyTicks(10'000, 1));
        // Wider than the data: one tick per column, one point each.
        QCOMPARE(store.decimate("AAPL", T0, T0 + 9999, 20'000).size(), 10'000);
        // A sub-range: only its ticks, at most two per column.
        const auto part = store.decimate("AAPL", T0 + 2000, T0 + 2999, 10);
        QCOMPARE(part.size(), 20);
        QVERIFY(part.first().x() >= double(T0 + 2000) && part.last().x() <= double(T0 + 2999));
        for (int width : { 1, 7, 333, 1200 })
            QVERIFY(store.decimate("AAPL", T0, T0 + 9999, width).size() <= 2 * width);
        QCOMPARE(store.decimate("AAPL", T0, T0 + 9999, 1).size(), 2);
        QVERIFY(store.decimate("AAPL", T0, T0 + 9999, 0).isEmpty());
        QVERIFY(store.decimate("AAPL", T0 + 10, T0, 100).isEmpty());
        QVERIFY(store.decimate("MSFT", T0, T0 + 9999, 100).isEmpty());
        QVERIFY(store.decimate("AAPL", T0 + 20'000, T0 + 30'000, 100).isEmpty());
    }

    void decimationOfAFlatColumnIsOnePoint()
    {
        SeriesStore store;
        store.append({ tick(0, 5), tick(1, 5), tick(2, 5), tick(10, 6), tick(11, 4), tick(12, 6) });
        const auto points = store.decimate("AAPL", T0, T0 + 19, 2); // columns [0, 9] and [10, 19]
        QCOMPARE(points,
            (QList<QPointF> { { double(T0), 5 }, { double(T0 + 10), 6 }, { double(T0 + 11), 4 } }));
    }

    void ringBufferBasics()
    {
        RingBuffer<int> ring(3);
        for (int i = 1; i <= 5; ++i)
            ring.pushBack(i);
        QCOMPARE(ring.size(), 3);
        QCOMPARE(ring.front(), 3);
        QCOMPARE(ring.back(), 5);
        QCOMPARE(ring.partitionPoint([](int v) { return v < 5; }), 2); // across the wrap
        QVERIFY(!ring.insert(0, 0)); // would be older than everything in a full buffer
        QVERIFY(ring.insert(2, 45)); // drops 3, lands between 4 and 5
        QCOMPARE((QList<int> { ring.at(0), ring.at(1), ring.at(2) }), (QList<int> { 4, 45, 5 }));
        ring.clear();
        QVERIFY(ring.isEmpty());
        ring.pushBack(9);
        QVERIFY(ring.insert(0, 8));
        QCOMPARE(ring.front(), 8);
        QCOMPARE(ring.size(), 2);
    }
};

QTEST_GUILESS_MAIN(SeriesStoreTest)
#include "tst_seriesstore.moc"
