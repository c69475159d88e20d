// BarAggregator: coarser bars from one-second bars, checked against bars worked out by hand,
// and the intervals the protocol offers (Validator::barIntervalMs).
#include "protocol/Validator.h"
#include "server/market/BarAggregator.h"

#include <QTest>

using namespace sb::server;
using sb::protocol::Validator;

namespace {
// 2023-11-14 22:13:20 UTC: not on a minute boundary, so alignment is exercised.
constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 Hour = 3'600'000;

Bar second(qint64 start, double open, double high, double low, double close, qint64 volume)
{
    return {start, open, high, low, close, volume};
}
} // namespace

class BarAggregatorTest : public QObject
{
    Q_OBJECT

private slots:
    void intervalsAreTheProtocols();
    void alignDownIsAFloor();
    void fiveSecondBarsFromSecondsWithGaps();
    void barsStartOnTheirIntervalsGrid();
    void hoursAreUtcHours();
    void oneSecondIsTheIdentity();
    void coarserOfFinerIsCoarserOfSeconds();
    void nothingInNothingOut();
};

void BarAggregatorTest::intervalsAreTheProtocols()
{
    QCOMPARE(Validator::barIntervalNames(), (QStringList{"1s", "5s", "15s", "1m", "5m", "15m", "1h"}));
    QCOMPARE(Validator::barIntervalMs(u"1s"), 1000);
    QCOMPARE(Validator::barIntervalMs(u"15m"), 15 * 60'000);
    QCOMPARE(Validator::barIntervalMs(u"1h"), Hour);
    QVERIFY(!Validator::barIntervalMs(u"2m"));
    QVERIFY(!Validator::barIntervalMs(u"1H"));
    QVERIFY(!Validator::barIntervalMs(u""));
}

void BarAggregatorTest::alignDownIsAFloor()
{
    QCOMPARE(BarAggregator::alignDown(T0 + 4999, 5000), T0);
    QCOMPARE(BarAggregator::alignDown(T0 + 5000, 5000), T0 + 5000);
    QCOMPARE(BarAggregator::alignDown(0, 1000), 0);
    QCOMPARE(BarAggregator::alignDown(-1, 1000), -1000);
    QCOMPARE(BarAggregator::alignDown(-1000, 1000), -1000);
}

void BarAggregatorTest::fiveSecondBarsFromSecondsWithGaps()
{
    // Seconds 0, 1, 3 | 5 | 12, 14 (T0 is a multiple of 5 s): three bars, the empty 5–9 s
    // and 10 s onward kept apart, each holding only its own seconds.
    const QList<Bar> seconds{
        second(T0, 10, 12, 9, 11, 100),
        second(T0 + 1000, 11, 11.5, 10.5, 10.75, 50),
        second(T0 + 3000, 10.8, 13, 10.8, 12.5, 7),
        second(T0 + 5000, 12.4, 12.4, 12.0, 12.1, 3),
        second(T0 + 12'000, 12.2, 12.3, 8.5, 9, 40),
        second(T0 + 14'000, 9.1, 9.5, 9.1, 9.4, 1),
    };
    const QList<Bar> bars = BarAggregator::aggregate(seconds, 5000);
    QCOMPARE(bars.size(), 3);
    QCOMPARE(bars[0], second(T0, 10, 13, 9, 12.5, 157));
    QCOMPARE(bars[1], second(T0 + 5000, 12.4, 12.4, 12.0, 12.1, 3));
    QCOMPARE(bars[2], second(T0 + 10'000, 12.2, 12.3, 8.5, 9.4, 41));
}

void BarAggregatorTest::barsStartOnTheirIntervalsGrid()
{
    // 22:13:40, 22:13:59 and 22:14:00 UTC: two minutes (22:13 and 22:14), and three quarter
    // minutes (22:13:30, 22:13:45, 22:14:00).
    const QList<Bar> seconds{second(T0 + 20'000, 1, 2, 0.5, 1.5, 1), second(T0 + 39'000, 1.5, 1.5, 1, 1, 2),
                             second(T0 + 40'000, 1, 1, 1, 1, 4)};
    const QList<Bar> minutes = BarAggregator::aggregate(seconds, 60'000);
    QCOMPARE(minutes.size(), 2);
    QCOMPARE(minutes[0], second(T0 - 20'000, 1, 2, 0.5, 1, 3));
    QCOMPARE(minutes[1], second(T0 + 40'000, 1, 1, 1, 1, 4));
    const QList<Bar> quarters = BarAggregator::aggregate(seconds, 15'000);
    QCOMPARE(quarters.size(), 3);
    QCOMPARE(quarters[0].start, T0 + 10'000);
    QCOMPARE(quarters[1].start, T0 + 25'000);
    QCOMPARE(quarters[2].start, T0 + 40'000);
}

void BarAggregatorTest::hoursAreUtcHours()
{
    // T0 is 22:13:20 UTC: its hour bar starts at 22:00:00.
    const qint64 tenPm = T0 - (13 * 60 + 20) * 1000;
    QCOMPARE(tenPm % Hour, 0);
    const QList<Bar> seconds{second(tenPm - 1000, 5, 5, 5, 5, 1), second(T0, 6, 7, 4, 6.5, 2),
                             second(tenPm + Hour - 1000, 6.5, 6.6, 6.4, 6.6, 3)};
    const QList<Bar> hours = BarAggregator::aggregate(seconds, Hour);
    QCOMPARE(hours.size(), 2);
    QCOMPARE(hours[0], second(tenPm - Hour, 5, 5, 5, 5, 1));
    QCOMPARE(hours[1], second(tenPm, 6, 7, 4, 6.6, 5));
}

void BarAggregatorTest::oneSecondIsTheIdentity()
{
    const QList<Bar> seconds{second(T0, 1, 2, 0.5, 1.5, 1), second(T0 + 2000, 2, 3, 1, 2, 9)};
    QCOMPARE(BarAggregator::aggregate(seconds, 1000), seconds);
}

void BarAggregatorTest::coarserOfFinerIsCoarserOfSeconds()
{
    // 15 minutes of a made-up walk: 5 m bars from the seconds equal 5 m bars from 1 m bars.
    QList<Bar> seconds;
    double price = 100;
    for (int i = 0; i < 900; ++i) {
        if (i % 7 == 3)
            continue; // a second without trades
        const double next = price + ((i * 37) % 11 - 5) * 0.01;
        seconds.append(second(T0 + i * 1000, price, std::max(price, next) + 0.02,
                              std::min(price, next) - 0.01, next, 1 + i % 5));
        price = next;
    }
    const QList<Bar> direct = BarAggregator::aggregate(seconds, 5 * 60'000);
    QCOMPARE(BarAggregator::aggregate(BarAggregator::aggregate(seconds, 60'000), 5 * 60'000), direct);
    qint64 volume = 0;
    for (const Bar &bar : direct)
        volume += bar.volume;
    qint64 expected = 0;
    for (const Bar &bar : seconds)
        expected += bar.volume;
    QCOMPARE(volume, expected);
}

void BarAggregatorTest::nothingInNothingOut()
{
    QVERIFY(BarAggregator::aggregate({}, 60'000).isEmpty());
}

QTEST_GUILESS_MAIN(BarAggregatorTest)
#include "tst_baraggregator.moc"
