// The market feed's pure parts: the simulated market and CSV replay, driven by hand-set times.
#include "server/market/CsvReplay.h"
#include "server/market/MarketSimulator.h"
#include "protocol/Validator.h"

#include <QBuffer>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace sb::server;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;

CsvReplay::Parsed parseText(const QByteArray &text)
{
    QBuffer buffer;
    buffer.setData(text);
    buffer.open(QIODevice::ReadOnly);
    return CsvReplay::parse(buffer);
}
} // namespace

class MarketTest : public QObject
{
    Q_OBJECT

private slots:
    void defaultInstrumentsCoverAnyCount();
    void simulatorProducesTheConfiguredRate_data();
    void simulatorProducesTheConfiguredRate();
    void simulatorIsReproducibleFromItsSeed();
    void simulatorPricesStayPlausibleAndTimesOrdered();
    void simulatorTradesEverySymbol();
    void simulatorVolumeGrowsWithTheMove();
    void simulatorVolumeComesInBursts();
    void csvVolumeColumnIsOptional();
    void csvParsesAndSortsByTime();
    void csvReportsEachBadLineWithItsNumber();
    void csvReplayPlaysAtItsSpeed();
    void csvReplayLoopsAndRestampsTicks();
    void shippedSampleCsvIsClean();
};

void MarketTest::defaultInstrumentsCoverAnyCount()
{
    QVERIFY(MarketSimulator::defaultInstruments(20).size() == 20);
    const auto many = MarketSimulator::defaultInstruments(40);
    QCOMPARE(many.size(), 40);
    QSet<QString> names;
    for (const auto &instrument : many) {
        QVERIFY2(sb::protocol::Validator::isSymbol(instrument.symbol), qPrintable(instrument.symbol));
        QVERIFY(instrument.price > 0);
        names.insert(instrument.symbol);
    }
    QCOMPARE(names.size(), 40);
}

void MarketTest::simulatorProducesTheConfiguredRate_data()
{
    QTest::addColumn<double>("hz");
    QTest::newRow("default 200/s") << 200.0;
    QTest::newRow("20,000/s") << 20000.0;
    QTest::newRow("slow 3/s") << 3.0;
}

void MarketTest::simulatorProducesTheConfiguredRate()
{
    QFETCH(double, hz);
    MarketSimulator market(MarketSimulator::defaultInstruments(20), hz, 42, T0);
    qint64 produced = 0;
    // Ten seconds in uneven steps, as a real timer would call it.
    qint64 now = T0;
    const int steps[] = {10, 7, 13, 10, 50, 1, 9};
    while (now < T0 + 10'000) {
        for (int step : steps) {
            now += step;
            produced += market.ticksUntil(now).size();
        }
    }
    const double expected = hz * double(now - T0) / 1000.0;
    QVERIFY2(std::abs(double(produced) - expected) <= 1.0,
             qPrintable(QStringLiteral("%1 ticks, expected %2").arg(produced).arg(expected)));
}

void MarketTest::simulatorIsReproducibleFromItsSeed()
{
    MarketSimulator a(MarketSimulator::defaultInstruments(20), 500, 7, T0);
    MarketSimulator b(MarketSimulator::defaultInstruments(20), 500, 7, T0);
    MarketSimulator c(MarketSimulator::defaultInstruments(20), 500, 8, T0);
    const auto ticksA = a.ticksUntil(T0 + 2000);
    QCOMPARE(ticksA, b.ticksUntil(T0 + 2000));
    QVERIFY(ticksA != c.ticksUntil(T0 + 2000));
}

void MarketTest::simulatorPricesStayPlausibleAndTimesOrdered()
{
    const auto instruments = MarketSimulator::defaultInstruments(22);
    MarketSimulator market(instruments, 2000, 1, T0);
    qint64 last = T0;
    for (int second = 1; second <= 60; ++second) {
        const auto ticks = market.ticksUntil(T0 + second * 1000);
        for (const Tick &tick : ticks) {
            QVERIFY(tick.ts >= last && tick.ts <= T0 + second * 1000);
            last = tick.ts;
            QVERIFY(tick.volume >= 1);
            QVERIFY(tick.price > 0);
        }
    }
    // A simulated minute (ten market hours) moves prices, but not absurdly.
    for (const auto &instrument : instruments) {
        const double ratio = market.price(instrument.symbol) / instrument.price;
        QVERIFY2(ratio > 0.5 && ratio < 2.0, qPrintable(instrument.symbol));
    }
}

void MarketTest::simulatorTradesEverySymbol()
{
    MarketSimulator market(MarketSimulator::defaultInstruments(20), 200, 3, T0);
    QSet<QString> seen;
    for (const Tick &tick : market.ticksUntil(T0 + 5000))
        seen.insert(tick.symbol);
    QCOMPARE(seen.size(), 20);
    QCOMPARE(market.symbols().size(), 20);
}

void MarketTest::simulatorVolumeGrowsWithTheMove()
{
    // Ticks sorted by the size of their price move: the biggest tenth trades far more than the
    // quietest tenth (VolumeModel's move factor), over enough ticks that bursts even out.
    MarketSimulator market(MarketSimulator::defaultInstruments(1), 1000, 11, T0);
    QList<QPair<double, qint64>> moves; // |log return|, volume
    double last = MarketSimulator::defaultInstruments(1).constFirst().price;
    for (const Tick &tick : market.ticksUntil(T0 + 200'000)) {
        moves.append({std::abs(std::log(tick.price / last)), tick.volume});
        last = tick.price;
    }
    QVERIFY(moves.size() >= 100'000);
    std::sort(moves.begin(), moves.end());
    const qsizetype tenth = moves.size() / 10;
    const auto meanVolume = [&](qsizetype from) {
        double sum = 0;
        for (qsizetype i = from; i < from + tenth; ++i)
            sum += double(moves[i].second);
        return sum / double(tenth);
    };
    const double quiet = meanVolume(0), busy = meanVolume(moves.size() - tenth);
    QVERIFY2(busy > 3 * quiet, qPrintable(QStringLiteral("busy %1, quiet %2").arg(busy).arg(quiet)));
}

void MarketTest::simulatorVolumeComesInBursts()
{
    // Volume per second of one symbol: bursty means the busiest seconds trade several times the
    // median, and busy seconds cluster (next to a busy second, the next is busy more often).
    MarketSimulator market(MarketSimulator::defaultInstruments(1), 20, 5, T0);
    QList<double> perSecond;
    for (int second = 1; second <= 3600; ++second) {
        double volume = 0;
        for (const Tick &tick : market.ticksUntil(T0 + second * 1000))
            volume += double(tick.volume);
        perSecond.append(volume);
    }
    QList<double> sorted = perSecond;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    const double p99 = sorted[sorted.size() * 99 / 100];
    QVERIFY2(p99 > 4 * median, qPrintable(QStringLiteral("p99 %1, median %2").arg(p99).arg(median)));
    int busy = 0, busyAfterBusy = 0;
    for (qsizetype i = 0; i + 1 < perSecond.size(); ++i) {
        if (perSecond[i] > median) {
            ++busy;
            busyAfterBusy += perSecond[i + 1] > median;
        }
    }
    QVERIFY2(busyAfterBusy > busy * 0.6,
             qPrintable(QStringLiteral("%1 of %2 busy seconds followed by one").arg(busyAfterBusy).arg(busy)));
}

void MarketTest::csvVolumeColumnIsOptional()
{
    const auto parsed = parseText("ts,symbol,price\n"
                                  "1000,AAPL,190.25\n"
                                  "2000,AAPL,190.5,7\n");
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(u'\n')));
    QCOMPARE(parsed.ticks.size(), 2);
    QCOMPARE(parsed.ticks[0], (Tick{"AAPL", 190.25, 0, 1000}));
    QCOMPARE(parsed.ticks[1].volume, 7);
}

void MarketTest::csvParsesAndSortsByTime()
{
    const auto parsed = parseText("ts,symbol,price,volume\n"
                                  "# a comment\n"
                                  "2000,MSFT,370.5,10\n"
                                  "1000,AAPL,190.25,300\n"
                                  "\n"
                                  "2000,AAPL,190.5,5\n");
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(u'\n')));
    QCOMPARE(parsed.ticks.size(), 3);
    QCOMPARE(parsed.ticks[0], (Tick{"AAPL", 190.25, 300, 1000}));
    // Equal times keep the file's order.
    QCOMPARE(parsed.ticks[1].symbol, QStringLiteral("MSFT"));
    QCOMPARE(parsed.ticks[2].symbol, QStringLiteral("AAPL"));
}

void MarketTest::csvReportsEachBadLineWithItsNumber()
{
    const auto parsed = parseText("ts,symbol,price,volume\n"   // 1
                                  "1000,AAPL,190,1\n"          // 2 ok
                                  "1001,AAPL\n"                // 3 too few fields
                                  "soon,AAPL,190,1\n"          // 4 bad ts
                                  "1002,aapl,190,1\n"          // 5 bad symbol
                                  "1003,AAPL,-5,1\n"           // 6 bad price
                                  "1004,AAPL,abc,1\n"          // 7 bad price
                                  "1005,AAPL,190,-1\n"         // 8 bad volume
                                  "1006,AAPL,191,2\n");        // 9 ok
    QCOMPARE(parsed.ticks.size(), 2);
    QCOMPARE(parsed.problems.size(), 6);
    const int expectedLines[] = {3, 4, 5, 6, 7, 8};
    for (int i = 0; i < 6; ++i) {
        QVERIFY2(parsed.problems[i].startsWith(QStringLiteral("line %1:").arg(expectedLines[i])),
                 qPrintable(parsed.problems[i]));
    }
}

void MarketTest::csvReplayPlaysAtItsSpeed()
{
    QList<Tick> ticks;
    for (int i = 0; i < 10; ++i)
        ticks.append(Tick{"AAPL", 100.0 + i, 1, 5000 + i * 1000}); // one a second for 10 s
    CsvReplay normal(ticks, 1.0, T0);
    QCOMPARE(normal.ticksUntil(T0).size(), 1);        // the first is due at once
    QCOMPARE(normal.ticksUntil(T0 + 2500).size(), 2); // 1 s and 2 s
    CsvReplay fast(ticks, 10.0, T0);
    QCOMPARE(fast.ticksUntil(T0 + 450).size(), 5);    // 4.5 recorded seconds
}

void MarketTest::csvReplayLoopsAndRestampsTicks()
{
    const QList<Tick> ticks{{"AAPL", 1, 1, 0}, {"MSFT", 2, 1, 500}};
    CsvReplay replay(ticks, 1.0, T0);
    QList<Tick> played = replay.ticksUntil(T0 + 600);
    // The recording spans 501 ms, so the second pass starts at T0 + 501 and its first tick is
    // already due at T0 + 600.
    QCOMPARE(played.size(), 3);
    played += replay.ticksUntil(T0 + 1200); // MSFT of pass 2, AAPL of pass 3
    QCOMPARE(played.size(), 5);
    QCOMPARE(played[2].symbol, QStringLiteral("AAPL"));
    QCOMPARE(played[0].ts, T0 + 600);
    QCOMPARE(played[3].ts, T0 + 1200);
    QCOMPARE(replay.symbols(), (QStringList{"AAPL", "MSFT"}));
}

void MarketTest::shippedSampleCsvIsClean()
{
    QFile file(QStringLiteral(SB_SOURCE_DIR "/resources/market/sample-ticks.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto parsed = CsvReplay::parse(file);
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(u'\n')));
    QVERIFY(parsed.ticks.size() >= 1000);
    QCOMPARE(CsvReplay(parsed.ticks, 1.0, T0).symbols().size(), 5);
}

QTEST_GUILESS_MAIN(MarketTest)
#include "tst_market.moc"
