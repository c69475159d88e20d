// The bar store (BarStore, its writer thread and the chunk format) on a temporary data dir, and
// BarHistory over it with a hand-moved clock: bars from trades, pages of every interval, what is
// not committed yet, restarts, pruning; and the backfill's bars.
#include "TestClock.h"
#include "server/market/BarAggregator.h"
#include "server/market/BarBackfill.h"
#include "server/market/BarChunkCodec.h"
#include "server/market/BarHistory.h"
#include "server/market/BarStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sb::server;

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Chunk = BarStore::ChunkMs; // five minutes
// 2023-11-14 22:15:00 UTC, where a chunk starts.
constexpr qint64 T0 = 1'700'000'100'000;
constexpr qint64 Day = 24 * 3'600'000;

Tick trade(const QString &symbol, double price, qint64 volume, qint64 ts)
{
    static QHash<QString, qint64> cumulative;
    Tick tick{symbol, price, volume, ts};
    tick.cumulativeVolume = (cumulative[symbol] += volume);
    return tick;
}

QList<Bar> barsOf(const QList<BarStore::Chunk> &chunks)
{
    QList<Bar> bars;
    for (const BarStore::Chunk &chunk : chunks)
        bars += chunk.bars;
    return bars;
}
} // namespace

class BarStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void chunkFormatRoundTripsExactly();
    void barsAreCutIntoChunks();
    void writtenChunksReadBackAndReplace();
    void pruneDropsChunksThatEndedBeforeTheCut();
    void newestBarsAndOldestBar();
    void aSecondOwnerOfTheFileIsRefused();

    void tradesMakeOneSecondBars();
    void lateTradesCountInTheNewestBar();
    void pagesAggregateAndPageBack();
    void pagesReadTheSameBeforeAndAfterTheCommit();
    void restartContinuesTheChunkWithoutOverwritingIt();
    void barsOlderThanTheSpanAreNotServed();

    void backfillEndsAtThePriceTheFeedStartsFrom();
    void backfillOfASlowFeedLeavesSecondsEmpty();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<BarStore> m_store;
    TestClock m_clock;

    void reopen()
    {
        m_store = std::make_unique<BarStore>();
        QString error;
        QVERIFY2(m_store->open(m_dir->path(), false, &error), qPrintable(error));
    }
    Clock clock()
    {
        return [this] { return m_clock.now(); };
    }
};

void BarStoreTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock.set(T0);
    reopen();
}

void BarStoreTest::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void BarStoreTest::chunkFormatRoundTripsExactly()
{
    // Prices in cents, tenths and whole numbers: the compact form, a few bytes a bar.
    const auto cents = [](int n) { return n / 100.0; }; // as the simulator and a CSV quote them
    QList<Bar> quoted;
    for (int i = 0; i < 250; i += 1 + i % 3) // with gaps
        quoted.append({T0 + i * 1000, cents(48120 + i), cents(48125 + i), cents(48119 + i), cents(48121 + i), 300 + i});
    quoted.append({T0 + 299'000, 37250.1, 37251, 37249.9, 37250.7, 9'007'199'254'740'993});
    const QByteArray compact = BarChunkCodec::encode(T0, quoted);
    QVERIFY2(compact.size() < 12 * quoted.size(), qPrintable(QString::number(compact.size())));
    QCOMPARE(BarChunkCodec::decode(T0, compact), quoted);
    // A price no power of ten holds: the doubles themselves, still exact.
    const QList<Bar> odd{{T0, 0.1, 0.30000000000000004, 1e-12, 1.0 / 3, 0}, {T0 + 1000, 2, 2, 2, 2, 1}};
    QCOMPARE(BarChunkCodec::decode(T0, BarChunkCodec::encode(T0, odd)), odd);
    // Nothing comes of what is not a chunk.
    QVERIFY(BarChunkCodec::decode(T0, QByteArray()).isEmpty());
    QVERIFY(BarChunkCodec::decode(T0, QByteArray("\x07garbage")).isEmpty());
    QVERIFY(BarChunkCodec::decode(T0, compact.left(compact.size() - 1)).isEmpty()); // cut short
}

void BarStoreTest::barsAreCutIntoChunks()
{
    const QList<Bar> bars{{T0 - 1000, 1, 1, 1, 1, 1}, {T0, 2, 2, 2, 2, 2}, {T0 + Chunk - 1000, 3, 3, 3, 3, 3},
                          {T0 + Chunk, 4, 4, 4, 4, 4}};
    const QList<BarStore::Chunk> chunks = BarStore::chunked("AAPL", bars);
    QCOMPARE(chunks.size(), 3);
    QCOMPARE(chunks[0].start, T0 - Chunk);
    QCOMPARE(chunks[1].start, T0);
    QCOMPARE(chunks[1].bars.size(), 2);
    QCOMPARE(chunks[2].start, T0 + Chunk);
    QCOMPARE(barsOf(chunks), bars);
}

void BarStoreTest::writtenChunksReadBackAndReplace()
{
    QVERIFY(m_store->isEmpty());
    int calls = 0;
    bool committed = false;
    m_store->write(BarStore::chunked("AAPL", {{T0, 1, 2, 0.5, 1.5, 10}, {T0 + Chunk, 2, 2, 2, 2, 1}}), 0,
                   [&](bool ok) { ++calls; committed = ok; });
    QCOMPARE(calls, 0); // never inside write()
    m_store->flush();
    QCOMPARE(calls, 1);
    QVERIFY(committed);
    QVERIFY(!m_store->isEmpty());
    // A later version of a chunk replaces the earlier one.
    m_store->write({{"AAPL", T0, {{T0, 1, 2, 0.5, 1.5, 10}, {T0 + 1000, 1.5, 1.6, 1.4, 1.6, 3}}}}, 0);
    m_store->flush();
    const QList<Bar> bars = barsOf(m_store->chunks("AAPL", T0, T0 + 2 * Chunk));
    QCOMPARE(bars, (QList<Bar>{{T0, 1, 2, 0.5, 1.5, 10}, {T0 + 1000, 1.5, 1.6, 1.4, 1.6, 3},
                               {T0 + Chunk, 2, 2, 2, 2, 1}}));
    QCOMPARE(m_store->chunks("AAPL", T0 + Chunk, T0 + 2 * Chunk).size(), 1);
    QVERIFY(m_store->chunks("MSFT", 0, std::numeric_limits<qint64>::max()).isEmpty());
    // And it is all in the file.
    reopen();
    QCOMPARE(barsOf(m_store->chunks("AAPL", 0, std::numeric_limits<qint64>::max())), bars);
}

void BarStoreTest::pruneDropsChunksThatEndedBeforeTheCut()
{
    QList<Bar> bars;
    for (int chunk = 0; chunk < 5; ++chunk)
        bars.append({T0 + chunk * Chunk + 30'000, 1, 1, 1, 1, 1});
    m_store->write(BarStore::chunked("AAPL", bars) + BarStore::chunked("MSFT", bars), 0);
    // The cut 30 s into chunk 2: chunks 0 and 1 ended before it, chunk 2 holds it.
    m_store->write({}, T0 + 2 * Chunk + 30'000);
    m_store->flush();
    for (const QString symbol : {"AAPL", "MSFT"}) {
        const QList<BarStore::Chunk> left = m_store->chunks(symbol, 0, std::numeric_limits<qint64>::max());
        QCOMPARE(left.size(), 3);
        QCOMPARE(left.constFirst().start, T0 + 2 * Chunk);
    }
}

void BarStoreTest::newestBarsAndOldestBar()
{
    m_store->write(BarStore::chunked("AAPL", {{T0 + 10'000, 1, 1, 1, 1, 1}, {T0 + 50'000, 2, 2, 2, 2, 1},
                                              {T0 + Chunk + 5000, 3, 3, 3, 3, 1}})
                       + BarStore::chunked("MSFT", {{T0, 7, 7, 7, 7, 1}}),
                   0);
    m_store->flush();
    const QHash<QString, Bar> newest = m_store->newestBars();
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.value("AAPL").close, 3.0);
    QCOMPARE(newest.value("MSFT").close, 7.0);
    QCOMPARE(m_store->oldestBar("AAPL", 0), T0 + 10'000);
    QCOMPARE(m_store->oldestBar("AAPL", T0 + 20'000), T0 + 50'000);
    // The chunk that holds the cut has nothing after it: the next chunk's first bar.
    QCOMPARE(m_store->oldestBar("AAPL", T0 + 55'000), T0 + Chunk + 5000);
    QVERIFY(!m_store->oldestBar("AAPL", T0 + Chunk + 6000));
    QCOMPARE(m_store->newestChunk("AAPL")->start, T0 + Chunk);
    QVERIFY(!m_store->newestChunk("NVDA"));
}

void BarStoreTest::aSecondOwnerOfTheFileIsRefused()
{
    BarStore second;
    QString error;
    QVERIFY(!second.open(m_dir->path(), false, &error));
    QVERIFY2(error.contains("bars.sqlite3 is in use by another switchboard-server"), qPrintable(error));
    QVERIFY2(error.contains("--data-dir"), qPrintable(error));
    // Once the first lets go, it opens.
    m_store.reset();
    QVERIFY2(second.open(m_dir->path(), false, &error), qPrintable(error));
}

void BarStoreTest::tradesMakeOneSecondBars()
{
    BarHistory history(*m_store, Day, clock());
    history.record({trade("AAPL", 10, 5, T0 + 100), trade("AAPL", 12, 1, T0 + 900), trade("MSFT", 50, 2, T0 + 950),
                    trade("AAPL", 9, 2, T0 + 999), trade("AAPL", 11, 4, T0 + 1000), trade("AAPL", 11.5, 1, T0 + 3500)});
    m_clock.set(T0 + 3600);
    const BarHistory::Page page = history.page("AAPL", 1000, std::nullopt, 10);
    QCOMPARE(page.bars, (QList<Bar>{{T0, 10, 12, 9, 9, 8}, {T0 + 1000, 11, 11, 11, 11, 4},
                                    {T0 + 3000, 11.5, 11.5, 11.5, 11.5, 1}})); // the last is forming
    QVERIFY(!page.hasMore);
    QCOMPARE(page.cumulativeVolume, trade("AAPL", 0, 0, 0).cumulativeVolume);
    QCOMPARE(history.page("MSFT", 1000, std::nullopt, 10).bars, (QList<Bar>{{T0, 50, 50, 50, 50, 2}}));
    // Every symbol's second 0 is over (a trade at 3.5 s): the flush completes it, not the forming.
    history.flush();
    m_store->flush();
    QCOMPARE(barsOf(m_store->chunks("AAPL", 0, std::numeric_limits<qint64>::max())).size(), 2);
    QCOMPARE(barsOf(m_store->chunks("MSFT", 0, std::numeric_limits<qint64>::max())).size(), 1);
    QVERIFY(history.page("NVDA", 1000, std::nullopt, 10).bars.isEmpty());
}

void BarStoreTest::lateTradesCountInTheNewestBar()
{
    BarHistory history(*m_store, Day, clock());
    history.record({trade("AAPL", 10, 1, T0 + 2500), trade("AAPL", 11, 1, T0 + 1500)}); // a step back
    // Another symbol traded in second 3: the flush completes AAPL's second 2. A trade stamped
    // in second 2 after that (the clock stepped back) starts the next second.
    history.record({trade("MSFT", 50, 1, T0 + 3000)});
    m_clock.set(T0 + 3100);
    history.flush();
    history.record({trade("AAPL", 12, 1, T0 + 2900)});
    const QList<Bar> bars = history.page("AAPL", 1000, std::nullopt, 10).bars;
    QCOMPARE(bars, (QList<Bar>{{T0 + 2000, 10, 11, 10, 11, 2}, {T0 + 3000, 12, 12, 12, 12, 1}}));
}

void BarStoreTest::pagesAggregateAndPageBack()
{
    // Ten minutes (two chunks), a trade every second but every 13th, priced by the second.
    BarHistory history(*m_store, Day, clock());
    QList<Bar> expected;
    for (int i = 0; i < 600; ++i) {
        if (i % 13 == 5)
            continue;
        history.record({trade("NVDA", 100 + i, 1 + i % 3, T0 + i * 1000 + 10),
                        trade("NVDA", 99 + i, 1, T0 + i * 1000 + 20)});
        expected.append({T0 + i * 1000, 100.0 + i, 100.0 + i, 99.0 + i, 99.0 + i, 2 + i % 3});
    }
    m_clock.set(T0 + 600'000);
    QCOMPARE(history.page("NVDA", 1000, std::nullopt, 5000).bars, expected);
    for (const qint64 interval : {5000LL, 15'000LL, 60'000LL, 300'000LL, 900'000LL, 3'600'000LL}) {
        const BarHistory::Page page = history.page("NVDA", interval, std::nullopt, 5000);
        QCOMPARE(page.bars, BarAggregator::aggregate(expected, interval));
        QVERIFY(!page.hasMore);
    }
    // Pages of four minutes, back with `before` = the first bar's start.
    QList<Bar> paged;
    std::optional<qint64> before;
    for (;;) {
        const BarHistory::Page page = history.page("NVDA", 60'000, before, 4);
        paged = page.bars + paged;
        QVERIFY(page.bars.size() == 4 || !page.hasMore);
        if (!page.hasMore)
            break;
        before = page.bars.constFirst().start;
    }
    QCOMPARE(paged, BarAggregator::aggregate(expected, 60'000));
    // `before` inside a bar: that bar is whole in the page, later ones are not.
    const BarHistory::Page inside = history.page("NVDA", 60'000, T0 + 90'500, 10);
    QCOMPARE(inside.bars, BarAggregator::aggregate(expected, 60'000).mid(0, 2));
    QVERIFY(!inside.hasMore);
    // Seconds without trades have no bar, so a page of 50 seconds reaches back further.
    const BarHistory::Page sparse = history.page("NVDA", 1000, T0 + 100'000, 50);
    QCOMPARE(sparse.bars.size(), 50);
    QCOMPARE(sparse.bars.constLast().start, T0 + 99'000);
    QVERIFY(sparse.hasMore);
    QVERIFY(history.page("NVDA", 1000, T0, 10).bars.isEmpty());
}

void BarStoreTest::pagesReadTheSameBeforeAndAfterTheCommit()
{
    BarHistory history(*m_store, Day, clock());
    for (int i = 0; i < 450; ++i)
        history.record({trade("AAPL", 10 + i * 0.01, 1, T0 + i * 1000)});
    m_clock.set(T0 + 450'000);
    const QList<Bar> before = history.page("AAPL", 1000, std::nullopt, 500).bars;
    QCOMPARE(before.size(), 450);
    QVERIFY(m_store->isEmpty()); // all of it still in memory
    history.flush();
    m_store->flush();
    // Committed: every bar but the forming one (its second is not over); the chunk that is
    // complete is let go of here, so a read now comes from the file and memory together.
    QCOMPARE(barsOf(m_store->chunks("AAPL", 0, std::numeric_limits<qint64>::max())).size(), 449);
    QCOMPARE(history.page("AAPL", 1000, std::nullopt, 500).bars, before);
    QCOMPARE(history.page("AAPL", 15'000, std::nullopt, 500).bars, BarAggregator::aggregate(before, 15'000));
}

void BarStoreTest::restartContinuesTheChunkWithoutOverwritingIt()
{
    {
        BarHistory history(*m_store, Day, clock());
        history.record({trade("AAPL", 10, 1, T0 + 1000), trade("AAPL", 11, 1, T0 + 2000)});
        m_clock.set(T0 + 2300);
        // close() writes the forming bar too: the process is going away.
    }
    reopen();
    BarHistory history(*m_store, Day, clock());
    // Stamped in the second the last process stored: it starts the next one instead.
    history.record({trade("AAPL", 12, 1, T0 + 2400), trade("AAPL", 13, 1, T0 + 5000)});
    m_clock.set(T0 + 5100);
    history.flush();
    m_store->flush();
    const QList<Bar> expected{{T0 + 1000, 10, 10, 10, 10, 1}, {T0 + 2000, 11, 11, 11, 11, 1},
                              {T0 + 3000, 12, 12, 12, 12, 1}, {T0 + 5000, 13, 13, 13, 13, 1}};
    QCOMPARE(history.page("AAPL", 1000, std::nullopt, 10).bars, expected);
    // In the file: all but the forming bar, the minute of the first run continued.
    QCOMPARE(barsOf(m_store->chunks("AAPL", 0, std::numeric_limits<qint64>::max())), expected.mid(0, 3));
}

void BarStoreTest::barsOlderThanTheSpanAreNotServed()
{
    const qint64 span = 10 * Minute;
    BarHistory history(*m_store, span, clock());
    for (int minute = 0; minute < 30; ++minute)
        history.record({trade("AAPL", 10 + minute, 1, T0 + minute * Minute)});
    m_clock.set(T0 + 30 * Minute);
    const BarHistory::Page page = history.page("AAPL", 60'000, std::nullopt, 100);
    // Bars from 20 minutes on are within the last 10 minutes.
    QCOMPARE(page.bars.size(), 10);
    QCOMPARE(page.bars.constFirst().start, T0 + 20 * Minute);
    QVERIFY(!page.hasMore);
    // The flush prunes the file too (chunks that ended before the cut).
    history.flush();
    m_store->flush();
    QCOMPARE(m_store->chunks("AAPL", 0, std::numeric_limits<qint64>::max()).constFirst().start, T0 + 20 * Minute);
}

void BarStoreTest::backfillEndsAtThePriceTheFeedStartsFrom()
{
    const MarketSimulator::Instrument nvda = MarketSimulator::defaultInstruments(3).at(2);
    const QList<Bar> bars = BarBackfill::generate(nvda, 10, T0 + 500, Day, 42);
    QCOMPARE(bars.size(), 86'400); // ten trades a second: every second traded
    QCOMPARE(bars.constFirst().start, T0 - Day + 1000);
    QCOMPARE(bars.constLast().start, T0);
    QCOMPARE(bars.constLast().close, nvda.price);
    double lowest = bars.constFirst().low, highest = 0;
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const Bar &bar = bars[i];
        QVERIFY(bar.low <= std::min(bar.open, bar.close) && bar.high >= std::max(bar.open, bar.close));
        QVERIFY(bar.low > 0 && bar.volume >= 1);
        if (i > 0) {
            QCOMPARE(bar.start, bars[i - 1].start + 1000);
            QCOMPARE(bar.open, bars[i - 1].close); // no gaps between seconds
        }
        lowest = std::min(lowest, bar.low);
        highest = std::max(highest, bar.high);
    }
    // 600 days of market time at NVDA's volatility: it moved, but stayed a stock price.
    QVERIFY2(highest / lowest > 1.2 && highest / lowest < 50,
             qPrintable(QStringLiteral("%1 … %2").arg(lowest).arg(highest)));
    QCOMPARE(BarBackfill::generate(nvda, 10, T0 + 500, Day, 42), bars); // seeded: exact
}

void BarStoreTest::backfillOfASlowFeedLeavesSecondsEmpty()
{
    const MarketSimulator::Instrument aapl = MarketSimulator::defaultInstruments(1).constFirst();
    // One trade a second on average: about e⁻¹ of the seconds have none.
    const QList<Bar> bars = BarBackfill::generate(aapl, 1, T0, 3'600'000, 7);
    QVERIFY2(bars.size() > 2100 && bars.size() < 2450, qPrintable(QString::number(bars.size())));
    QCOMPARE(bars.constLast().close, aapl.price);
    for (qsizetype i = 1; i < bars.size(); ++i)
        QVERIFY(bars[i].start > bars[i - 1].start);
}

QTEST_GUILESS_MAIN(BarStoreTest)
#include "tst_barstore.moc"
