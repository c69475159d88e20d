// The market feed end to end: subscriptions, max_hz, coalescing, and backpressure towards a
// client that stops reading while a healthy one keeps getting every chat message.
#include "RawWebSocket.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/Codec.h"
#include "protocol/MessageType.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

sb::server::ServerConfig feedConfig(int tickHz = 2000)
{
    auto config = TestServer::defaultConfig();
    config.tickHz = tickHz;
    config.tickers = 20;
    return config;
}

QJsonObject subscription(const QStringList &symbols, int maxHz = 20)
{
    return {{"symbols", QJsonArray::fromStringList(symbols)}, {"max_hz", maxHz}};
}

QStringList symbolsIn(const Envelope &batch)
{
    QStringList symbols;
    for (const QJsonValue &tick : batch.payload.value("ticks").toArray())
        symbols.append(tick.toObject().value("s").toString());
    return symbols;
}

} // namespace

class TickerTest : public QObject
{
    Q_OBJECT

private slots:
    void subscriptionFiltersSymbols_data();
    void subscriptionFiltersSymbols();
    void wildcardGetsEverySymbol();
    void unknownSymbolsAreReported();
    void maxHzIsRespected();
    void coalescingKeepsTheLatestPrice();
    void unsubscribeStopsTheSymbol();
    void noFeedAnswersNotFound();
    void stalledClientIsConflatedAndClosedWhileOthersGetEveryMessage();
    void badCsvLinesAreReportedWithTheirNumber();
};

void TickerTest::subscriptionFiltersSymbols_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::newRow("json") << WireFormat::Json;
    QTest::newRow("cbor") << WireFormat::Cbor;
}

void TickerTest::subscriptionFiltersSymbols()
{
    QFETCH(WireFormat, format);
    TestServer server(feedConfig());
    TestClient client(format);
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    const Envelope ack = client.request(T::TickerSubscribe, subscription({"AAPL", "MSFT"}));
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("symbols").toArray(), QJsonArray({"AAPL", "MSFT"}));

    QSet<QString> seen;
    QHash<QString, qint64> cumulativeOf;
    for (int i = 0; i < 10; ++i) {
        const Envelope batch = client.waitForType(T::TickerBatch);
        QVERIFY(batch.isValid());
        const QStringList symbols = symbolsIn(batch);
        QVERIFY(!symbols.isEmpty());
        // Coalesced: one tick per symbol per frame.
        QCOMPARE(QSet<QString>(symbols.cbegin(), symbols.cend()).size(), symbols.size());
        for (const QJsonValue &value : batch.payload.value("ticks").toArray()) {
            const QJsonObject tick = value.toObject();
            QVERIFY(tick.value("p").toDouble() > 0);
            QVERIFY(tick.value("v").toInteger() > 0);
            QVERIFY(tick.value("t").toInteger() > 0);
            // The cumulative volume holds this trade's and never goes back.
            const QString symbol = tick.value("s").toString();
            const qint64 cumulative = tick.value("q").toInteger();
            QVERIFY(cumulative >= tick.value("v").toInteger());
            QVERIFY(cumulative > cumulativeOf.value(symbol));
            cumulativeOf.insert(symbol, cumulative);
            seen.insert(symbol);
        }
    }
    QCOMPARE(seen, (QSet<QString>{"AAPL", "MSFT"}));
}

void TickerTest::wildcardGetsEverySymbol()
{
    TestServer server(feedConfig());
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    QCOMPARE(client.request(T::TickerSubscribe, subscription({"*"}, 30)).type, T::Ack);
    QSet<QString> seen;
    for (int i = 0; i < 200 && seen.size() < 20; ++i) {
        const QStringList symbols = symbolsIn(client.waitForType(T::TickerBatch));
        seen.unite(QSet<QString>(symbols.cbegin(), symbols.cend()));
    }
    QCOMPARE(seen.size(), 20);
}

void TickerTest::unknownSymbolsAreReported()
{
    TestServer server(feedConfig());
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    const Envelope refused = client.request(T::TickerSubscribe, subscription({"NOPE"}));
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("not_found"));
    const Envelope partial = client.request(T::TickerSubscribe, subscription({"AAPL", "NOPE"}));
    QCOMPARE(partial.type, T::Ack);
    QCOMPARE(partial.payload.value("symbols").toArray(), QJsonArray({"AAPL"}));
    QCOMPARE(partial.payload.value("unknown").toArray(), QJsonArray({"NOPE"}));
    const Envelope invalid = client.request(T::TickerSubscribe, subscription({"AAPL"}, 0));
    QCOMPARE(invalid.payload.value("code").toString(), QStringLiteral("invalid_argument"));
}

void TickerTest::maxHzIsRespected()
{
    TestServer server(feedConfig(5000));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    constexpr int maxHz = 5;
    QCOMPARE(client.request(T::TickerSubscribe, subscription({"*"}, maxHz)).type, T::Ack);
    QVERIFY(client.waitForType(T::TickerBatch).isValid()); // the snapshot starts the clock
    QElapsedTimer window;
    window.start();
    int frames = 0;
    while (window.elapsed() < 2000) {
        if (client.waitForType(T::TickerBatch, 200).isValid())
            ++frames;
    }
    const double seconds = window.elapsed() / 1000.0;
    // The feed produces thousands of ticks a second; the client asked for five frames.
    QVERIFY2(frames <= int(maxHz * seconds) + 1, qPrintable(QString::number(frames)));
    QVERIFY2(frames >= 3, qPrintable(QString::number(frames)));
}

void TickerTest::coalescingKeepsTheLatestPrice()
{
    // A recording in which each symbol's price only rises, one trade per millisecond: whatever
    // a batch carries must be newer than what the previous batch carried. Every trade has volume
    // 1, so a tick's cumulative volume is the number of its symbol's trades played so far, the
    // conflated ones included: the n-th trade overall is priced 100 + n.
    QTemporaryDir dir;
    QFile csv(dir.filePath("rising.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("ts,symbol,price,volume\n");
    for (int i = 0; i < 20000; ++i)
        csv.write(QByteArray::number(i) + (i % 2 ? ",AAPL," : ",MSFT,") + QByteArray::number(100 + i) + ",1\n");
    csv.close();
    auto config = feedConfig();
    config.tickerCsv = csv.fileName();
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    QCOMPARE(client.request(T::TickerSubscribe, subscription({"AAPL", "MSFT"}, 4)).type, T::Ack);

    QHash<QString, double> last;
    int ticksReceived = 0;
    for (int batch = 0; batch < 6; ++batch) {
        const Envelope frame = client.waitForType(T::TickerBatch);
        QVERIFY(frame.isValid());
        for (const QJsonValue &value : frame.payload.value("ticks").toArray()) {
            const QJsonObject tick = value.toObject();
            const QString symbol = tick.value("s").toString();
            QVERIFY2(tick.value("p").toDouble() > last.value(symbol),
                     qPrintable(QStringLiteral("%1 went back to %2").arg(symbol).arg(tick.value("p").toDouble())));
            last.insert(symbol, tick.value("p").toDouble());
            const qint64 n = qint64(tick.value("p").toDouble()) - 100;
            QCOMPARE(tick.value("q").toInteger(), symbol == "AAPL" ? (n + 1) / 2 : n / 2 + 1);
            ++ticksReceived;
        }
    }
    // About a thousand trades a second were played; four frames a second carried the latest.
    QVERIFY(ticksReceived <= 12);
    QVERIFY(last.value("AAPL") > 300);
}

void TickerTest::unsubscribeStopsTheSymbol()
{
    TestServer server(feedConfig());
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    client.request(T::TickerSubscribe, subscription({"AAPL", "MSFT"}, 50));
    QVERIFY(client.waitForType(T::TickerBatch).isValid());
    QCOMPARE(client.request(T::TickerUnsubscribe, {{"symbols", QJsonArray{"AAPL"}}}).type, T::Ack);
    client.takeAll(T::TickerBatch);
    for (int i = 0; i < 5; ++i)
        QVERIFY(!symbolsIn(client.waitForType(T::TickerBatch)).contains("AAPL"));
    QCOMPARE(client.request(T::TickerUnsubscribe, {{"symbols", QJsonArray{"*"}}}).type, T::Ack);
    client.takeAll(T::TickerBatch);
    QVERIFY(!client.waitForType(T::TickerBatch, 300).isValid());
}

void TickerTest::noFeedAnswersNotFound()
{
    auto config = feedConfig();
    config.feedEnabled = false;
    TestServer server(config);
    TestClient client;
    QVERIFY(client.open(server.url()));
    client.hello("trader");
    const Envelope reply = client.request(T::TickerSubscribe, subscription({"*"}));
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("not_found"));
}

void TickerTest::stalledClientIsConflatedAndClosedWhileOthersGetEveryMessage()
{
    auto config = feedConfig(5000);
    config.sendHighWaterBytes = 32 * 1024;
    config.sendHardLimitBytes = 1024 * 1024;
    config.slowConsumerGraceMs = 500;
    config.frameRatePerSecond = 0; // the sender below floods on purpose
    TestServer server(config);

    // The stalled one: subscribes to everything, joins the room, then stops reading.
    RawWebSocket stalled;
    QVERIFY(stalled.open(server.url()));
    stalled.sendText(R"({"type":"hello","id":"h","payload":{"name":"sleepy"}})");
    stalled.sendText(R"({"type":"room.join","id":"j","payload":{"room":"floor"}})");
    stalled.sendText(R"({"type":"ticker.subscribe","id":"s","payload":{"symbols":["*"],"max_hz":60}})");
    QTRY_VERIFY(stalled.count(RawWebSocket::Text) >= 3); // welcome, ack, presence.snapshot …
    stalled.stallReading();

    TestClient healthy, sender;
    QVERIFY(healthy.open(server.url()));
    QVERIFY(sender.open(server.url()));
    healthy.hello("healthy");
    sender.hello("sender");
    healthy.request(T::RoomJoin, {{"room", "floor"}});
    sender.request(T::RoomJoin, {{"room", "floor"}});
    healthy.request(T::TickerSubscribe, subscription({"*"}, 20));

    // Enough chat to back up far past the hard limit towards the stalled client.
    constexpr int messages = 1500;
    const QString text(4000, QLatin1Char('x'));
    for (int i = 0; i < messages; ++i)
        sender.send(T::ChatSend, {{"room", "floor"}, {"text", text}});

    // The healthy client gets every message, in order, and its ticker frames keep coming.
    for (int seq = 1; seq <= messages; ++seq) {
        const Envelope message = healthy.waitForType(T::ChatMessage, 20000);
        QCOMPARE(message.payload.value("seq").toInteger(), seq);
    }
    QVERIFY(healthy.waitForType(T::TickerBatch).isValid());

    const auto &stats = server.server().stats();
    QTRY_VERIFY(stats.tickerConflations >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(stats.slowConsumerCloses, quint64(1), 10000);
    // The stalled client no longer reads, so only the server can tell that it let go.
    QTRY_COMPARE_WITH_TIMEOUT(server.server().connectionCount(), 2, 10000);
    QVERIFY(healthy.isOpen());
}

void TickerTest::badCsvLinesAreReportedWithTheirNumber()
{
    QTemporaryDir dir;
    QFile csv(dir.filePath("broken.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("ts,symbol,price,volume\n1000,AAPL,190,5\n1001,AAPL,oops,5\n1002,AAPL,191,5\n");
    csv.close();
    ServerProcess process;
    QVERIFY(process.start(dir.filePath("data"), {"--ticker-csv", csv.fileName()}));
    QVERIFY2(process.output().contains("broken.csv: line 3: price \"oops\" is not a positive number"),
             process.output().constData());
    TestClient client;
    QVERIFY(client.open(process.url()));
    client.hello("trader");
    const Envelope ack = client.request(T::TickerSubscribe, subscription({"AAPL"}));
    QCOMPARE(ack.type, T::Ack);
    QVERIFY(client.waitForType(T::TickerBatch).isValid());
    QVERIFY(process.terminate());
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TickerTest)
#include "tst_ticker.moc"
