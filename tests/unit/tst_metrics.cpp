// server/Histogram, server/PrometheusText and server/ServerMetrics: bucket arithmetic, the
// text exposition format byte for byte, and the families /metrics must always have.
#include "server/Histogram.h"
#include "server/PrometheusText.h"
#include "server/ServerConfig.h"
#include "server/ServerContext.h"
#include "server/ServerMetrics.h"

#include <QTest>

#include <limits>

using sb::server::Histogram;
using sb::server::PrometheusText;

class MetricsTest : public QObject
{
    Q_OBJECT

private slots:
    void emptyHistogramCountsNothing();
    void valueOnABoundBelongsToThatBucket();
    void bucketsAreCumulative();
    void valuesAboveEveryBoundOnlyCountInInf();
    void formatsValues_data();
    void formatsValues();
    void counterAndGaugeText();
    void labelledFamilyEscapesValuesAndHelp();
    void histogramText();
    void serverMetricsHaveEveryFamily();
    void redisUpOnlyWhenConfigured();
};

void MetricsTest::emptyHistogramCountsNothing()
{
    const Histogram histogram({0.1, 1});
    QCOMPARE(histogram.count(), 0u);
    QCOMPARE(histogram.sum(), 0.0);
    QCOMPARE(histogram.cumulativeCount(0), 0u);
    QCOMPARE(histogram.cumulativeCount(1), 0u);
}

void MetricsTest::valueOnABoundBelongsToThatBucket()
{
    // Prometheus buckets are "less than or equal": le="0.5" holds 0.5 itself.
    Histogram histogram({0.25, 0.5, 1});
    histogram.observe(0.5);
    QCOMPARE(histogram.cumulativeCount(0), 0u);
    QCOMPARE(histogram.cumulativeCount(1), 1u);
    QCOMPARE(histogram.cumulativeCount(2), 1u);
}

void MetricsTest::bucketsAreCumulative()
{
    Histogram histogram({0.001, 0.01, 0.1});
    for (const double value : {0.0, 0.0005, 0.001, 0.002, 0.05, 0.05, 0.1})
        histogram.observe(value);
    QCOMPARE(histogram.cumulativeCount(0), 3u); // 0, 0.0005, 0.001
    QCOMPARE(histogram.cumulativeCount(1), 4u); // + 0.002
    QCOMPARE(histogram.cumulativeCount(2), 7u); // + 0.05, 0.05, 0.1
    QCOMPARE(histogram.count(), 7u);
    QCOMPARE(histogram.sum(), 0.0 + 0.0005 + 0.001 + 0.002 + 0.05 + 0.05 + 0.1);
}

void MetricsTest::valuesAboveEveryBoundOnlyCountInInf()
{
    Histogram histogram({1});
    histogram.observe(2.5);
    histogram.observe(0.5);
    QCOMPARE(histogram.cumulativeCount(0), 1u);
    QCOMPARE(histogram.count(), 2u);
    QCOMPARE(histogram.sum(), 3.0);
}

void MetricsTest::formatsValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("integer") << 42.0 << QByteArray("42");
    QTest::newRow("negative integer") << -3.0 << QByteArray("-3");
    QTest::newRow("large counter") << 123456789012.0 << QByteArray("123456789012");
    QTest::newRow("2^53") << 9007199254740992.0 << QByteArray("9007199254740992");
    QTest::newRow("half a millisecond") << 0.0005 << QByteArray("0.0005");
    QTest::newRow("quarter") << 0.25 << QByteArray("0.25");
    QTest::newRow("tiny") << 1.5e-9 << QByteArray("1.5e-09");
    QTest::newRow("huge") << 1.5e300 << QByteArray("1.5e+300");
    QTest::newRow("shortest round trip") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity() << QByteArray("-Inf");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
}

void MetricsTest::formatsValues()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    QCOMPARE(PrometheusText::formatValue(value), text);
}

void MetricsTest::counterAndGaugeText()
{
    PrometheusText out;
    out.counter("sb_things_total", "Things done.", 7);
    out.gauge("sb_open", "Open now.", 2);
    QCOMPARE(out.text(), QByteArray("# HELP sb_things_total Things done.\n"
                                    "# TYPE sb_things_total counter\n"
                                    "sb_things_total 7\n"
                                    "# HELP sb_open Open now.\n"
                                    "# TYPE sb_open gauge\n"
                                    "sb_open 2\n"));
}

void MetricsTest::labelledFamilyEscapesValuesAndHelp()
{
    PrometheusText out;
    out.family("sb_refused_total", "Refusals\\by reason\nper kind.", PrometheusText::Type::Counter,
               {{{{"reason", "plain"}}, 1},
                {{{"reason", "say \"hi\"\\n"}, {"kind", "two\nlines"}}, 2}});
    QCOMPARE(out.text(),
             QByteArray("# HELP sb_refused_total Refusals\\\\by reason\\nper kind.\n"
                        "# TYPE sb_refused_total counter\n"
                        "sb_refused_total{reason=\"plain\"} 1\n"
                        "sb_refused_total"
                        "{reason=\"say \\\"hi\\\"\\\\n\",kind=\"two\\nlines\"} 2\n"));
}

void MetricsTest::histogramText()
{
    Histogram histogram({0.0005, 0.01, 1});
    for (const double value : {0.0005, 0.004, 0.004, 2.0})
        histogram.observe(value);
    PrometheusText out;
    out.histogram("sb_latency_seconds", "Latency.", histogram);
    QCOMPARE(out.text(), QByteArray("# HELP sb_latency_seconds Latency.\n"
                                    "# TYPE sb_latency_seconds histogram\n"
                                    "sb_latency_seconds_bucket{le=\"0.0005\"} 1\n"
                                    "sb_latency_seconds_bucket{le=\"0.01\"} 3\n"
                                    "sb_latency_seconds_bucket{le=\"1\"} 3\n"
                                    "sb_latency_seconds_bucket{le=\"+Inf\"} 4\n"
                                    "sb_latency_seconds_sum 2.0085\n"
                                    "sb_latency_seconds_count 4\n"));
}

void MetricsTest::serverMetricsHaveEveryFamily()
{
    const sb::server::ServerConfig config;
    sb::server::ServerContext context(config);
    context.stats.framesReceived = 12;
    context.stats.authFailures.expiredToken = 3;
    context.stats.ackLatency.observe(0.002);
    const QByteArray text = sb::server::ServerMetrics::render(context, 5);

    const QByteArrayList families = {
        "switchboard_connections gauge", "switchboard_connections_accepted_total counter",
        "switchboard_sessions gauge", "switchboard_users gauge", "switchboard_rooms gauge",
        "switchboard_received_frames_total counter", "switchboard_received_bytes_total counter",
        "switchboard_sent_frames_total counter", "switchboard_sent_bytes_total counter",
        "switchboard_ack_latency_seconds histogram", "switchboard_rate_limited_total counter",
        "switchboard_auth_failures_total counter", "switchboard_slow_consumer_closes_total counter",
        "switchboard_ticker_batches_total counter", "switchboard_ticker_conflations_total counter"};
    for (const QByteArray &family : families)
        QVERIFY2(text.contains(QByteArray("\n# TYPE " + family + '\n')), family.constData());
    QVERIFY(text.contains("\nswitchboard_connections 5\n"));
    QVERIFY(text.contains("\nswitchboard_received_frames_total 12\n"));
    QVERIFY(text.contains("\nswitchboard_auth_failures_total{reason=\"expired_token\"} 3\n"));
    QVERIFY(text.contains("\nswitchboard_auth_failures_total{reason=\"invalid_token\"} 0\n"));
    QVERIFY(text.contains("\nswitchboard_ack_latency_seconds_bucket{le=\"0.0025\"} 1\n"));
    QVERIFY(text.contains("\nswitchboard_ack_latency_seconds_bucket{le=\"0.001\"} 0\n"));
    QVERIFY(text.endsWith('\n'));
}

void MetricsTest::redisUpOnlyWhenConfigured()
{
    const sb::server::ServerConfig config;
    sb::server::ServerContext context(config);
    QVERIFY(!sb::server::ServerMetrics::render(context, 0).contains("switchboard_redis_up"));
    context.stats.redisState = 0;
    QVERIFY(sb::server::ServerMetrics::render(context, 0).contains("\nswitchboard_redis_up 0\n"));
    context.stats.redisState = 1;
    QVERIFY(sb::server::ServerMetrics::render(context, 0).contains("\nswitchboard_redis_up 1\n"));
}

QTEST_GUILESS_MAIN(MetricsTest)
#include "tst_metrics.moc"
