// server/TokenBucket over a hand-driven clock: burst, exact refill, cap, unlimited, frozen time.
#include "TestClock.h"
#include "server/TokenBucket.h"

#include <QTest>

using sb::server::TokenBucket;

class TokenBucketTest : public QObject
{
    Q_OBJECT

private slots:
    void startsFullAndAllowsTheBurst_data();
    void startsFullAndAllowsTheBurst();
    void refillsAtTheExactRate();
    void partialTokensAccumulate();
    void sustainedRateOverTenSeconds();
    void neverRefillsAboveTheBurst();
    void zeroRateIsUnlimited();
    void negativeRateIsUnlimited();
    void clockNotMovingGivesNothing();
    void clockGoingBackwardsGivesNothing();
    void burstBelowOneStillAllowsOne();
    void refusedTakesDoNotSpendTokens();

private:
    static sb::server::Clock clockOf(TestClock &clock)
    {
        return [&clock] { return clock.now(); };
    }
    static int takeAll(TokenBucket &bucket, int atMost = 100000)
    {
        int taken = 0;
        while (taken < atMost && bucket.tryTake())
            ++taken;
        return taken;
    }
};

void TokenBucketTest::startsFullAndAllowsTheBurst_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("burst");
    QTest::addColumn<int>("expected");
    QTest::newRow("rate 10, burst 20") << 10.0 << 20.0 << 20;
    QTest::newRow("rate 1, burst 1") << 1.0 << 1.0 << 1;
    QTest::newRow("rate 200, burst 400") << 200.0 << 400.0 << 400;
    QTest::newRow("fractional burst 2.5 allows 2") << 5.0 << 2.5 << 2;
}

void TokenBucketTest::startsFullAndAllowsTheBurst()
{
    QFETCH(double, rate);
    QFETCH(double, burst);
    QFETCH(int, expected);
    TestClock clock;
    TokenBucket bucket(rate, burst, clockOf(clock));
    QCOMPARE(bucket.available(), burst);
    QVERIFY(!bucket.isUnlimited());
    QCOMPARE(takeAll(bucket), expected);
    QVERIFY(!bucket.tryTake());
    QVERIFY(bucket.available() < 1.0);
}

void TokenBucketTest::refillsAtTheExactRate()
{
    TestClock clock;
    TokenBucket bucket(10, 5, clockOf(clock)); // one token every 100 ms
    QCOMPARE(takeAll(bucket), 5);

    clock.advance(99);
    QVERIFY(!bucket.tryTake());
    clock.advance(1); // 100 ms since empty: exactly one token
    QVERIFY(bucket.tryTake());
    QVERIFY(!bucket.tryTake());

    clock.advance(250); // 2.5 tokens
    QCOMPARE(bucket.available(), 2.5);
    QCOMPARE(takeAll(bucket), 2);
    QCOMPARE(bucket.available(), 0.5);
    clock.advance(50); // 0.5 + 0.5
    QCOMPARE(bucket.available(), 1.0);
    QVERIFY(bucket.tryTake());
    QVERIFY(!bucket.tryTake());
}

void TokenBucketTest::partialTokensAccumulate()
{
    // Half a token per step: the half left by one refill is not lost by the next.
    TestClock clock;
    TokenBucket bucket(2, 1, clockOf(clock));
    QVERIFY(bucket.tryTake());
    clock.advance(250);
    QVERIFY(!bucket.tryTake());
    clock.advance(250);
    QVERIFY(bucket.tryTake());
    QVERIFY(!bucket.tryTake());
}

void TokenBucketTest::sustainedRateOverTenSeconds()
{
    // 5 per second polled every 50 ms (a quarter token per poll, exact in binary): over 10 s the
    // initial burst of 1 plus exactly 50 refilled tokens get through, no more, no fewer.
    TestClock clock;
    TokenBucket bucket(5, 1, clockOf(clock));
    int granted = bucket.tryTake() ? 1 : 0;
    for (int step = 0; step < 200; ++step) {
        clock.advance(50);
        if (bucket.tryTake())
            ++granted;
    }
    QCOMPARE(granted, 51);
}

void TokenBucketTest::neverRefillsAboveTheBurst()
{
    TestClock clock;
    TokenBucket bucket(100, 3, clockOf(clock));
    QCOMPARE(takeAll(bucket), 3);
    clock.advance(60 * 60 * 1000); // an hour: 360,000 tokens' worth
    QCOMPARE(bucket.available(), 3.0);
    QCOMPARE(takeAll(bucket), 3);

    // Full and idle: still capped.
    clock.advance(10'000);
    QCOMPARE(bucket.available(), 3.0);
    clock.advance(10'000);
    QCOMPARE(bucket.available(), 3.0);
}

void TokenBucketTest::zeroRateIsUnlimited()
{
    TestClock clock;
    TokenBucket bucket(0, 5, clockOf(clock));
    QVERIFY(bucket.isUnlimited());
    QCOMPARE(takeAll(bucket, 10000), 10000);
    QCOMPARE(bucket.available(), 5.0); // reports the burst, never drains
}

void TokenBucketTest::negativeRateIsUnlimited()
{
    TestClock clock;
    TokenBucket bucket(-1, 2, clockOf(clock));
    QVERIFY(bucket.isUnlimited());
    QCOMPARE(takeAll(bucket, 1000), 1000);
}

void TokenBucketTest::clockNotMovingGivesNothing()
{
    TestClock clock;
    TokenBucket bucket(1000, 2, clockOf(clock));
    QCOMPARE(takeAll(bucket), 2);
    for (int i = 0; i < 100; ++i)
        QVERIFY(!bucket.tryTake());
    QCOMPARE(bucket.available(), 0.0);
}

void TokenBucketTest::clockGoingBackwardsGivesNothing()
{
    TestClock clock;
    TokenBucket bucket(10, 1, clockOf(clock));
    QVERIFY(bucket.tryTake());
    const qint64 emptiedAt = clock.now();
    clock.set(emptiedAt - 5000);
    QVERIFY(!bucket.tryTake());
    QCOMPARE(bucket.available(), 0.0);
    // Back to 99 ms after the moment it was emptied: time before that is not counted twice.
    clock.set(emptiedAt + 99);
    QVERIFY(!bucket.tryTake());
    clock.set(emptiedAt + 100);
    QVERIFY(bucket.tryTake());
}

void TokenBucketTest::burstBelowOneStillAllowsOne()
{
    TestClock clock;
    TokenBucket bucket(1, 0, clockOf(clock));
    QCOMPARE(bucket.available(), 1.0);
    QVERIFY(bucket.tryTake());
    QVERIFY(!bucket.tryTake());
    clock.advance(1000);
    QVERIFY(bucket.tryTake());
}

void TokenBucketTest::refusedTakesDoNotSpendTokens()
{
    TestClock clock;
    TokenBucket bucket(10, 1, clockOf(clock));
    QVERIFY(bucket.tryTake());
    clock.advance(50);
    QVERIFY(!bucket.tryTake()); // refused at 0.5: must not go negative
    QCOMPARE(bucket.available(), 0.5);
    clock.advance(50);
    QVERIFY(bucket.tryTake());
}

QTEST_GUILESS_MAIN(TokenBucketTest)
#include "tst_tokenbucket.moc"
