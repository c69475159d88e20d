// The reconnect schedule, exact thanks to an injected random source.
#include "client/ReconnectPolicy.h"

#include <QTest>

using sb::client::ReconnectPolicy;

class ReconnectPolicyTest : public QObject
{
    Q_OBJECT

private slots:
    void lowestJitterHalvesEachStep();
    void highestJitterStaysBelowTheStep();
    void delaysStayWithinHalfAndFullStep();
    void capsAtThirtySeconds();
    void resetStartsOver();
    void healthyConnectionResetsShortOneDoesNot();
    void finalCloseCodesAreNotRetried_data();
    void finalCloseCodesAreNotRetried();
};

void ReconnectPolicyTest::lowestJitterHalvesEachStep()
{
    ReconnectPolicy policy([] { return 0.0; });
    QList<int> delays;
    for (int i = 0; i < 7; ++i)
        delays.append(policy.nextDelayMs());
    QCOMPARE(delays, (QList<int>{500, 1000, 2000, 4000, 8000, 15000, 15000}));
}

void ReconnectPolicyTest::highestJitterStaysBelowTheStep()
{
    ReconnectPolicy policy([] { return 0.999999; });
    QList<int> delays;
    for (int i = 0; i < 6; ++i)
        delays.append(policy.nextDelayMs());
    QCOMPARE(delays, (QList<int>{999, 1999, 3999, 7999, 15999, 29999}));
}

void ReconnectPolicyTest::delaysStayWithinHalfAndFullStep()
{
    double value = 0.0;
    ReconnectPolicy policy([&] { return value = std::fmod(value + 0.37, 1.0); });
    int step = 1000;
    for (int i = 0; i < 20; ++i) {
        const int delay = policy.nextDelayMs();
        QVERIFY2(delay >= step / 2 && delay < step, qPrintable(QString::number(delay)));
        step = qMin(step * 2, 30000);
    }
}

void ReconnectPolicyTest::capsAtThirtySeconds()
{
    ReconnectPolicy policy([] { return 0.5; });
    for (int i = 0; i < 100; ++i)
        QVERIFY(policy.nextDelayMs() <= 30000);
    QCOMPARE(policy.currentStepMs(), 30000);
}

void ReconnectPolicyTest::resetStartsOver()
{
    ReconnectPolicy policy([] { return 0.0; });
    policy.nextDelayMs();
    policy.nextDelayMs();
    QCOMPARE(policy.currentStepMs(), 4000);
    policy.reset();
    QCOMPARE(policy.nextDelayMs(), 500);
}

void ReconnectPolicyTest::healthyConnectionResetsShortOneDoesNot()
{
    ReconnectPolicy policy([] { return 0.0; });
    policy.nextDelayMs();
    policy.nextDelayMs(); // next step 4 s
    policy.connectionLost(1000, 1000 + policy.settings().healthyAfterMs - 1);
    QCOMPARE(policy.currentStepMs(), 4000); // flapping keeps backing off
    policy.connectionLost(1000, 1000 + policy.settings().healthyAfterMs);
    QCOMPARE(policy.currentStepMs(), 1000);
}

void ReconnectPolicyTest::finalCloseCodesAreNotRetried_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("retry");
    QTest::newRow("1000 normal") << 1000 << false;
    QTest::newRow("4001 unauthorized") << 4001 << false;
    QTest::newRow("4003 forbidden") << 4003 << false;
    QTest::newRow("1001 going away") << 1001 << true;
    QTest::newRow("1006 dropped") << 1006 << true;
    QTest::newRow("1008 policy") << 1008 << true;
    QTest::newRow("1011 internal") << 1011 << true;
    QTest::newRow("4000 heartbeat") << 4000 << true;
    QTest::newRow("4008 slow") << 4008 << true;
}

void ReconnectPolicyTest::finalCloseCodesAreNotRetried()
{
    QFETCH(int, code);
    QFETCH(bool, retry);
    QCOMPARE(ReconnectPolicy::shouldReconnect(code), retry);
}

QTEST_GUILESS_MAIN(ReconnectPolicyTest)
#include "tst_reconnectpolicy.moc"
