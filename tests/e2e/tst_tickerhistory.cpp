// ticker.history end to end, on the real server and a real socket: every interval against the
// one-second bars it is made of, paging back with `before`, the live bar against the ticks, the
// bad inputs and their codes, and bars that survive a restart of the real process.
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/MessageType.h"
#include "server/market/BarStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

constexpr qint64 Hour = 3'600'000;

sb::server::ServerConfig marketConfig(bool backfill)
{
    auto config = TestServer::defaultConfig();
    config.tickers = 4;
    config.tickHz = 200;
    config.barHistorySeconds = 6 * 3600;
    config.barBackfill = backfill;
    return config;
}

QJsonObject historyRequest(const QString &symbol, const QString &interval,
                           std::optional<qint64> before = std::nullopt, int limit = 0)
{
    QJsonObject payload{{"symbol", symbol}, {"interval", interval}};
    if (before)
        payload.insert("before", *before);
    if (limit > 0)
        payload.insert("limit", limit);
    return payload;
}

// Every one-second bar of `symbol` before `before`, back to the start of the history, by pages.
QJsonArray everySecondBefore(TestClient &client, const QString &symbol, qint64 before)
{
    QJsonArray all;
    for (std::optional<qint64> page = before;;) {
        const Envelope reply = client.request(T::TickerHistory, historyRequest(symbol, "1s", page, 5000));
        if (reply.type != T::TickerHistory)
            return {};
        QJsonArray bars = reply.payload.value("bars").toArray();
        for (const QJsonValue &bar : std::as_const(all))
            bars.append(bar);
        all = bars;
        if (!reply.payload.value("has_more").toBool() || bars.isEmpty())
            return all;
        page = bars.first().toObject().value("t").toInteger();
    }
}

// The test's own aggregation, to hold the server's to: one bar per interval that has seconds.
QJsonArray aggregate(const QJsonArray &seconds, qint64 intervalMs)
{
    QJsonArray bars;
    QJsonObject bar;
    for (const QJsonValue &value : seconds) {
        const QJsonObject second = value.toObject();
        const qint64 start = second.value("t").toInteger() / intervalMs * intervalMs;
        if (!bar.isEmpty() && bar.value("t").toInteger() == start) {
            bar["h"] = qMax(bar.value("h").toDouble(), second.value("h").toDouble());
            bar["l"] = qMin(bar.value("l").toDouble(), second.value("l").toDouble());
            bar["c"] = second.value("c");
            bar["v"] = bar.value("v").toInteger() + second.value("v").toInteger();
            continue;
        }
        if (!bar.isEmpty())
            bars.append(bar);
        bar = second;
        bar["t"] = start;
    }
    if (!bar.isEmpty())
        bars.append(bar);
    return bars;
}

QJsonArray slice(const QJsonArray &array, qsizetype from, qsizetype count = -1)
{
    QJsonArray part;
    for (qsizetype i = from; i < array.size() && (count < 0 || i < from + count); ++i)
        part.append(array.at(i));
    return part;
}

QString errorCode(const Envelope &reply)
{
    return reply.type == T::Error ? reply.payload.value("code").toString() : reply.type;
}

} // namespace

class TickerHistoryTest : public QObject
{
    Q_OBJECT

private slots:
    void everyIntervalIsMadeOfTheOneSecondBars();
    void pagesWalkBackToTheStartOfTheHistory();
    void liveBarsHoldEveryTickAndItsVolume();
    void badInputsGetTheirCodes_data();
    void badInputsGetTheirCodes();
    void noFeedAnswersNotFound();
    void barsSurviveARestartOfTheProcess();
    void theMarketGoesOnFromTheStoredCloses();
    void barsCommittedBeforeAKillSurviveIt();
    void cleanupTestCase() { m_server.reset(); }

private:
    std::unique_ptr<TestServer> m_server;
};

void TickerHistoryTest::everyIntervalIsMadeOfTheOneSecondBars()
{
    TestServer server(marketConfig(true));
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    // Three whole backfilled hours, ending an hour before now: no live bar changes them.
    const qint64 end = (QDateTime::currentMSecsSinceEpoch() - Hour) / Hour * Hour;
    const QJsonArray seconds = everySecondBefore(client, "NVDA", end);
    QJsonArray lastThreeHours;
    for (const QJsonValue &bar : seconds) {
        if (bar.toObject().value("t").toInteger() >= end - 3 * Hour)
            lastThreeHours.append(bar);
    }
    QCOMPARE(lastThreeHours.size(), 3 * 3600); // 50 trades a second: every second has a bar
    const struct { const char *interval; qint64 ms; } intervals[] = {
        {"1s", 1000}, {"5s", 5000}, {"15s", 15'000}, {"1m", 60'000}, {"5m", 300'000}, {"15m", 900'000}, {"1h", Hour},
    };
    for (const auto &interval : intervals) {
        const int count = int(qMin<qint64>(3 * Hour / interval.ms, 5000));
        const Envelope reply = client.request(T::TickerHistory, historyRequest("NVDA", interval.interval, end, count));
        QCOMPARE(reply.type, T::TickerHistory);
        QCOMPARE(reply.id.isEmpty(), false);
        QCOMPARE(reply.payload.value("symbol").toString(), QStringLiteral("NVDA"));
        QCOMPARE(reply.payload.value("interval").toString(), QLatin1String(interval.interval));
        QVERIFY(reply.payload.value("has_more").toBool()); // the history goes back six hours
        const QJsonArray bars = reply.payload.value("bars").toArray();
        const QJsonArray expected = aggregate(lastThreeHours, interval.ms);
        QCOMPARE(bars.size(), count);
        QCOMPARE(bars, slice(expected, expected.size() - count)); // the newest `count`
        for (const QJsonValue &bar : bars)
            QCOMPARE(bar.toObject().value("t").toInteger() % interval.ms, 0);
    }
}

void TickerHistoryTest::pagesWalkBackToTheStartOfTheHistory()
{
    TestServer server(marketConfig(true));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    const Envelope whole = client.request(T::TickerHistory, historyRequest("AAPL", "15m", std::nullopt, 5000));
    QVERIFY(!whole.payload.value("has_more").toBool());
    const QJsonArray expected = whole.payload.value("bars").toArray();
    // Six hours of 15-minute bars, the first and the last possibly partial.
    QVERIFY2(expected.size() >= 24 && expected.size() <= 25, qPrintable(QString::number(expected.size())));
    QVERIFY(expected.first().toObject().value("t").toInteger() >= (startedAt - 6 * Hour) / 900'000 * 900'000);

    QJsonArray paged;
    std::optional<qint64> before;
    int pages = 0;
    for (;; ++pages) {
        const Envelope reply = client.request(T::TickerHistory, historyRequest("AAPL", "15m", before, 7));
        QJsonArray bars = reply.payload.value("bars").toArray();
        QVERIFY(bars.size() <= 7);
        for (const QJsonValue &bar : std::as_const(paged))
            bars.append(bar);
        paged = bars;
        if (!reply.payload.value("has_more").toBool())
            break;
        QCOMPARE(reply.payload.value("bars").toArray().size(), 7);
        before = paged.first().toObject().value("t").toInteger();
    }
    QCOMPARE(pages, int((expected.size() - 1) / 7));
    // The forming bar may have moved on between the two reads; everything before it is equal.
    QCOMPARE(slice(paged, 0, expected.size() - 1), slice(expected, 0, expected.size() - 1));
    // Before the oldest bar there is nothing, and nothing more.
    const Envelope empty = client.request(
        T::TickerHistory, historyRequest("AAPL", "1m", expected.first().toObject().value("t").toInteger(), 10));
    QCOMPARE(empty.payload.value("bars").toArray().size(), 0);
    QVERIFY(!empty.payload.value("has_more").toBool());
    // Without a limit: 500.
    const Envelope standard = client.request(T::TickerHistory, historyRequest("AAPL", "1s"));
    QCOMPARE(standard.payload.value("bars").toArray().size(), 500);
    QVERIFY(standard.payload.value("has_more").toBool());
}

void TickerHistoryTest::liveBarsHoldEveryTickAndItsVolume()
{
    // No backfill: every bar is live, so the bars' volume adds up to the reply's cumulative
    // volume `q`, conflated ticks and all, and every tick seen lies inside its second's bar.
    TestServer server(marketConfig(false));
    TestClient client(WireFormat::Cbor);
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    QCOMPARE(client.request(T::TickerSubscribe, {{"symbols", QJsonArray{"MSFT"}}, {"max_hz", 10}}).type, T::Ack);
    QList<QJsonObject> ticks;
    while (ticks.isEmpty() || ticks.constLast().value("t").toInteger() - ticks.constFirst().value("t").toInteger() < 3000) {
        const Envelope batch = client.waitForType(T::TickerBatch);
        QVERIFY(batch.isValid());
        for (const QJsonValue &tick : batch.payload.value("ticks").toArray())
            ticks.append(tick.toObject());
    }
    const Envelope reply = client.request(T::TickerHistory, historyRequest("MSFT", "1s", std::nullopt, 5000));
    QCOMPARE(reply.type, T::TickerHistory);
    QVERIFY(!reply.payload.value("has_more").toBool());
    const QJsonArray bars = reply.payload.value("bars").toArray();
    QVERIFY(bars.size() >= 3);
    qint64 volume = 0;
    QHash<qint64, QJsonObject> barAt;
    for (const QJsonValue &value : bars) {
        const QJsonObject bar = value.toObject();
        volume += bar.value("v").toInteger();
        barAt.insert(bar.value("t").toInteger(), bar);
        QVERIFY(bar.value("l").toDouble() <= qMin(bar.value("o").toDouble(), bar.value("c").toDouble()));
        QVERIFY(bar.value("h").toDouble() >= qMax(bar.value("o").toDouble(), bar.value("c").toDouble()));
    }
    QCOMPARE(volume, reply.payload.value("q").toInteger());
    for (const QJsonObject &tick : std::as_const(ticks)) {
        const qint64 second = tick.value("t").toInteger() / 1000 * 1000;
        QVERIFY2(barAt.contains(second), qPrintable(QString::number(second)));
        const QJsonObject bar = barAt.value(second);
        const double price = tick.value("p").toDouble();
        QVERIFY(bar.value("l").toDouble() <= price && price <= bar.value("h").toDouble());
        QVERIFY(tick.value("q").toInteger() <= reply.payload.value("q").toInteger());
    }
    // The last bar is the forming one: no tick seen is newer than its second.
    QVERIFY(bars.last().toObject().value("t").toInteger() >= ticks.constLast().value("t").toInteger() / 1000 * 1000);
    // Coarser intervals hold the same volume.
    const Envelope minutes = client.request(T::TickerHistory, historyRequest("MSFT", "1m"));
    qint64 minuteVolume = 0;
    for (const QJsonValue &bar : minutes.payload.value("bars").toArray())
        minuteVolume += bar.toObject().value("v").toInteger();
    QVERIFY(minuteVolume >= volume && minuteVolume <= minutes.payload.value("q").toInteger());
}

void TickerHistoryTest::badInputsGetTheirCodes_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("code");
    const QJsonObject good = historyRequest("AAPL", "1m");
    const auto with = [&](const char *field, const QJsonValue &value) {
        QJsonObject payload = good;
        payload.insert(field, value);
        return payload;
    };
    const auto without = [&](const char *field) {
        QJsonObject payload = good;
        payload.remove(field);
        return payload;
    };
    QTest::newRow("unknown symbol") << with("symbol", "NOPE") << "not_found";
    QTest::newRow("symbol missing") << without("symbol") << "invalid_argument";
    QTest::newRow("symbol *") << with("symbol", "*") << "invalid_argument";
    QTest::newRow("symbol lowercase") << with("symbol", "aapl") << "invalid_argument";
    QTest::newRow("symbol a list") << with("symbol", QJsonArray{"AAPL"}) << "invalid_argument";
    QTest::newRow("interval missing") << without("interval") << "invalid_argument";
    QTest::newRow("interval 2m") << with("interval", "2m") << "invalid_argument";
    QTest::newRow("interval 1H") << with("interval", "1H") << "invalid_argument";
    QTest::newRow("interval 60") << with("interval", 60) << "invalid_argument";
    QTest::newRow("limit 0") << with("limit", 0) << "invalid_argument";
    QTest::newRow("limit 5001") << with("limit", 5001) << "invalid_argument";
    QTest::newRow("limit 2.5") << with("limit", 2.5) << "invalid_argument";
    QTest::newRow("limit text") << with("limit", "10") << "invalid_argument";
    QTest::newRow("before 0") << with("before", 0) << "invalid_argument";
    QTest::newRow("before negative") << with("before", -1000) << "invalid_argument";
    QTest::newRow("before fractional") << with("before", 1.5e12 + 0.5) << "invalid_argument";
    QTest::newRow("before text") << with("before", "yesterday") << "invalid_argument";
    QTest::newRow("limit 5000") << with("limit", 5000) << "ticker.history";
    QTest::newRow("before 1") << with("before", 1) << "ticker.history";
}

void TickerHistoryTest::badInputsGetTheirCodes()
{
    QFETCH(QJsonObject, payload);
    QFETCH(QString, code);
    if (!m_server) // one server for every row
        m_server = std::make_unique<TestServer>(marketConfig(false));
    TestClient client;
    QVERIFY(client.open(m_server->url()));
    client.hello("trader");
    const Envelope reply = client.request(T::TickerHistory, payload);
    QCOMPARE(errorCode(reply), code);
    if (reply.type == T::Error)
        QVERIFY2(!reply.payload.value("message").toString().isEmpty(), "the error says why");
}

void TickerHistoryTest::noFeedAnswersNotFound()
{
    auto config = marketConfig(false);
    config.feedEnabled = false;
    TestServer server(config);
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    QCOMPARE(errorCode(client.request(T::TickerHistory, historyRequest("AAPL", "1m"))), QStringLiteral("not_found"));
}

void TickerHistoryTest::barsSurviveARestartOfTheProcess()
{
    QTemporaryDir dir;
    const QStringList arguments{"--demo", "--tickers", "3", "--bar-history", "2h"};
    ServerProcess first;
    QVERIFY(first.start(dir.path(), arguments));
    // A fresh data dir with --demo: the history is there from the first second.
    QVERIFY2(first.output().contains("backfilled 21600 one-second bars (3 symbols"), first.output().constData());
    QJsonArray before;
    {
        TestClient client;
        QVERIFY(client.open(first.url()));
        client.hello("trader");
        QTest::qWait(3500); // live bars too, flushed at least once
        const Envelope reply = client.request(T::TickerHistory, historyRequest("MSFT", "1s", std::nullopt, 5000));
        before = reply.payload.value("bars").toArray();
        QCOMPARE(before.size(), 5000);
    }
    QVERIFY(first.terminate());
    QCOMPARE(first.exitCode(), 0);

    ServerProcess second;
    QVERIFY(second.start(dir.path(), arguments));
    QVERIFY2(!second.output().contains("backfilled"), second.output().constData()); // not again
    TestClient client;
    QVERIFY(client.open(second.url()));
    client.hello("trader");
    // Every bar of the first run, the one that was forming at the shutdown included.
    const qint64 last = before.last().toObject().value("t").toInteger();
    const Envelope reply = client.request(T::TickerHistory, historyRequest("MSFT", "1s", last + 1, 5000));
    QCOMPARE(slice(reply.payload.value("bars").toArray(), 0, before.size() - 1), slice(before, 0, before.size() - 1));
    const QJsonObject lastAfter = reply.payload.value("bars").toArray().last().toObject();
    QCOMPARE(lastAfter.value("t").toInteger(), last);
    QVERIFY(lastAfter.value("v").toInteger() >= before.last().toObject().value("v").toInteger());
    QVERIFY(second.terminate());
}

void TickerHistoryTest::theMarketGoesOnFromTheStoredCloses()
{
    // A store whose MSFT last closed at 1000 (the simulator would start it near 370): the feed
    // continues from there, so a chart shows no jump across a restart.
    TestServer server(marketConfig(false));
    server.stop();
    {
        sb::server::BarStore store;
        QString error;
        QVERIFY2(store.open(server.dataDir(), false, &error), qPrintable(error));
        const qint64 second = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 5000;
        store.write(sb::server::BarStore::chunked("MSFT", {{second, 990, 1001, 989, 1000, 10}}), 0);
    }
    QVERIFY2(server.start(), qPrintable(server.error()));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    QCOMPARE(client.request(T::TickerSubscribe, {{"symbols", QJsonArray{"MSFT"}}}).type, T::Ack);
    const Envelope batch = client.waitForType(T::TickerBatch);
    QVERIFY(batch.isValid());
    const double price = batch.payload.value("ticks").toArray().first().toObject().value("p").toDouble();
    QVERIFY2(price > 900 && price < 1100, qPrintable(QString::number(price)));
}

void TickerHistoryTest::barsCommittedBeforeAKillSurviveIt()
{
    QTemporaryDir dir;
    const QStringList arguments{"--tickers", "2", "--bar-history", "1h"};
    ServerProcess first;
    QVERIFY(first.start(dir.path(), arguments));
    QJsonArray before;
    {
        TestClient client;
        QVERIFY(client.open(first.url()));
        client.hello("trader");
        QTest::qWait(6000);
        before = client.request(T::TickerHistory, historyRequest("AAPL", "1s", std::nullopt, 5000))
                     .payload.value("bars")
                     .toArray();
        QVERIFY(before.size() >= 5);
    }
    first.kill();
    ServerProcess second;
    QVERIFY(second.start(dir.path(), arguments));
    TestClient client;
    QVERIFY(client.open(second.url()));
    client.hello("trader");
    const Envelope reply = client.request(T::TickerHistory, historyRequest("AAPL", "1s", std::nullopt, 5000));
    // What was flushed (every 2 s, each bar whose second the feed has traded past) is there:
    // all but the last ~3.5 s.
    const QJsonArray after = reply.payload.value("bars").toArray();
    const qint64 safe = before.last().toObject().value("t").toInteger() - 3500;
    QJsonArray committed;
    for (const QJsonValue &bar : std::as_const(before)) {
        if (bar.toObject().value("t").toInteger() < safe)
            committed.append(bar);
    }
    QVERIFY(committed.size() >= 2);
    QCOMPARE(slice(after, 0, committed.size()), committed);
    QVERIFY(second.terminate());
}

QTEST_GUILESS_MAIN(TickerHistoryTest)
#include "tst_tickerhistory.moc"
