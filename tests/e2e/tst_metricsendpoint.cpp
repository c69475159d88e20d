// GET /metrics and /healthz over a real HTTP socket: real clients chat, hit the rate limit and
// fail to sign in, then the scraped and parsed Prometheus text must show exactly that. /healthz
// says 200 while serving and 503 once shutdown starts; the executable takes --metrics-port.
#include "HttpGet.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/CloseCode.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

const QByteArray Secret = "metrics-suite-secret-0123456789";

QString tokenFor(const QString &user, qint64 expiresInSeconds, const QByteArray &secret = Secret)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return QString::fromLatin1(sb::server::Jwt::sign(
        {{"sub", user}, {"iat", now}, {"exp", now + expiresInSeconds}}, secret));
}

// The Prometheus text format (0.0.4) read strictly: every sample must belong to a family whose
// HELP and TYPE came first. Samples are keyed as written, labels included:
// `name{reason="expired_token"}`.
struct Metrics
{
    QHash<QString, double> samples;
    QHash<QString, QString> types; // family → counter, gauge, histogram
    QString error;                 // the first malformed line, if any

    bool has(const QString &key) const { return samples.contains(key); }
    double value(const QString &key) const { return samples.value(key, qQNaN()); }
};

// The family a sample belongs to: histograms add _bucket, _sum and _count to its name.
QString familyOf(const QString &name, const QHash<QString, QString> &types)
{
    if (types.contains(name))
        return name;
    for (const QString &suffix :
         {QStringLiteral("_bucket"), QStringLiteral("_sum"), QStringLiteral("_count")}) {
        const QString base = name.chopped(suffix.size());
        if (name.endsWith(suffix) && types.value(base) == QLatin1String("histogram"))
            return base;
    }
    return {};
}

// The key of a sample with one label, as the server writes it: name{label="value"}.
QString labelled(const QString &name, const QString &label, const QString &value)
{
    return QStringLiteral("%1{%2=\"%3\"}").arg(name, label, value);
}

Metrics parseMetrics(const QByteArray &body)
{
    static const QRegularExpression comment(
        QStringLiteral("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$"));
    // name, then {label="value",…} (values may hold \\, \" and \n escapes), then the value.
    static const QRegularExpression sample(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)"
                       "(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)$"));
    Metrics metrics;
    QSet<QString> helped;
    if (!body.endsWith('\n'))
        metrics.error = QStringLiteral("the body does not end with a newline");
    const QStringList lines = QString::fromUtf8(body).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (!metrics.error.isEmpty())
            break;
        if (const auto match = comment.match(line); match.hasMatch()) {
            if (match.captured(1) == QLatin1String("HELP"))
                helped.insert(match.captured(2));
            else if (!helped.contains(match.captured(2)))
                metrics.error = QStringLiteral("TYPE before HELP: ") + line;
            else
                metrics.types.insert(match.captured(2), match.captured(3));
            continue;
        }
        const auto match = sample.match(line);
        if (!match.hasMatch()) {
            metrics.error = QStringLiteral("not a sample line: ") + line;
            break;
        }
        if (familyOf(match.captured(1), metrics.types).isEmpty()) {
            metrics.error = QStringLiteral("sample without HELP and TYPE: ") + line;
            break;
        }
        const QString text = match.captured(3);
        bool ok = true;
        const double value = text == QLatin1String("+Inf") ? qInf()
            : text == QLatin1String("NaN")                 ? qQNaN()
                                                           : text.toDouble(&ok);
        if (!ok)
            metrics.error = QStringLiteral("not a number: ") + line;
        metrics.samples.insert(match.captured(1) + match.captured(2), value);
    }
    return metrics;
}

Metrics scrape(sb::server::Server &server)
{
    const HttpReply reply = httpGet(metricsUrl(server));
    Metrics metrics = parseMetrics(reply.body);
    if (reply.status != 200)
        metrics.error = QStringLiteral("HTTP status %1").arg(reply.status);
    else if (!reply.contentType.startsWith("text/plain; version=0.0.4"))
        metrics.error = QStringLiteral("Content-Type ") + QString::fromLatin1(reply.contentType);
    return metrics;
}

// Opens a connection and sends `first`; true when the server then closes it with 4001.
bool refusedWith4001(const QUrl &url, const QString &type, const QJsonObject &payload)
{
    TestClient client;
    if (!client.open(url))
        return false;
    client.send(type, payload);
    return client.waitClosed() && client.closeCode() == CloseCode::Unauthorized;
}

} // namespace

class MetricsEndpointTest : public QObject
{
    Q_OBJECT

private slots:
    void offUnlessAsked();
    void scrapeShowsWhatClientsDid();
    void ackLatencyHistogramIsConsistent();
    void healthzIsOkWhileServing();
    void healthzIs503OnceShutdownStarts();
    void otherPathsAre404();
    void busyMetricsPortFailsTheStart();
    void executableServesMetricsPort();
    void badMetricsOptionsAreRefused();

private:
    static sb::server::ServerConfig configWithMetrics()
    {
        auto config = TestServer::defaultConfig();
        config.metricsPort = 0;
        return config;
    }
};

void MetricsEndpointTest::offUnlessAsked()
{
    TestServer server;
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    QCOMPARE(server.server().metricsPort(), quint16(0));
    QVERIFY(server.server().metricsUrl().isEmpty());
}

void MetricsEndpointTest::scrapeShowsWhatClientsDid()
{
    auto config = configWithMetrics();
    config.authSecret = Secret;     // tokens are checked (and guests still allowed)
    config.chatRatePerSecond = 0.01; // a burst of two, then nothing back for the test's length
    config.chatBurst = 2;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    QVERIFY(server.server().metricsPort() != 0);

    const Metrics before = scrape(server.server());
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    QCOMPARE(before.value("switchboard_connections"), 0.0);
    QCOMPARE(before.value("switchboard_received_frames_total"), 0.0);
    QVERIFY(!before.has("switchboard_redis_up")); // no Redis configured: left out, not 0

    TestClient alice, bob;
    for (TestClient *client : {&alice, &bob})
        QVERIFY(client->open(server.url()));
    QCOMPARE(alice.hello("alice").type, T::Welcome);
    QCOMPARE(bob.hello("bob").type, T::Welcome);
    QCOMPARE(alice.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    QCOMPARE(bob.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    QCOMPARE(alice.request(T::ChatSend, {{"room", "general"}, {"text", "one"}}).type, T::Ack);
    QCOMPARE(alice.request(T::ChatSend, {{"room", "general"}, {"text", "two"}}).type, T::Ack);
    const Envelope limited = alice.request(T::ChatSend, {{"room", "general"}, {"text", "three"}});
    QCOMPARE(limited.payload.value("code").toString(), QStringLiteral("rate_limited"));

    QVERIFY(refusedWith4001(server.url(), T::Hello, {{"token", tokenFor("carol", -60)}}));
    const QString otherServersToken = tokenFor("dave", 600, "another-secret-0123456789");
    QVERIFY(refusedWith4001(server.url(), T::Hello, {{"token", otherServersToken}}));
    QVERIFY(refusedWith4001(server.url(), T::RoomJoin, {{"room", "general"}}));
    QTRY_COMPARE(server.server().connectionCount(), 2);

    const Metrics after = scrape(server.server());
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.types.value("switchboard_connections"), QStringLiteral("gauge"));
    QCOMPARE(after.types.value("switchboard_received_frames_total"), QStringLiteral("counter"));
    QCOMPARE(after.types.value("switchboard_ack_latency_seconds"), QStringLiteral("histogram"));

    QCOMPARE(after.value("switchboard_connections"), 2.0);
    QCOMPARE(after.value("switchboard_connections_accepted_total"), 5.0);
    QCOMPARE(after.value("switchboard_sessions"), 2.0);
    QCOMPARE(after.value("switchboard_users"), 2.0);
    QCOMPARE(after.value("switchboard_rooms"), 1.0);
    // alice: hello, join, 3 chat.send; bob: hello, join; one first frame from each refused client.
    QCOMPARE(after.value("switchboard_received_frames_total"), 10.0);
    QVERIFY(after.value("switchboard_received_bytes_total") > 10 * 20);
    // At least: 2 welcomes, 2 join acks, 2 acks, 1 error, and both chat.messages to both.
    QVERIFY(after.value("switchboard_sent_frames_total") >= 11);
    QVERIFY(after.value("switchboard_sent_bytes_total")
            > after.value("switchboard_sent_frames_total"));
    // Two acks and the rate_limited error answered the three sends.
    QCOMPARE(after.value("switchboard_ack_latency_seconds_count"), 3.0);
    QCOMPARE(after.value("switchboard_rate_limited_total"), 1.0);
    const auto authFailures = [&after](const QString &reason) {
        return after.value(labelled("switchboard_auth_failures_total", "reason", reason));
    };
    QCOMPARE(authFailures("expired_token"), 1.0);
    QCOMPARE(authFailures("invalid_token"), 1.0);
    QCOMPARE(authFailures("unauthenticated"), 1.0);
    QCOMPARE(authFailures("guest_refused"), 0.0);
    QCOMPARE(after.value("switchboard_slow_consumer_closes_total"), 0.0);
    QCOMPARE(after.value("switchboard_ticker_batches_total"), 0.0);
}

void MetricsEndpointTest::ackLatencyHistogramIsConsistent()
{
    TestServer server(configWithMetrics());
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    auto alice = TestClient::connectAs(server.url(), "alice", WireFormat::Cbor);
    QVERIFY(alice);
    QCOMPARE(alice->request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    constexpr int Sends = 20;
    for (int i = 0; i < Sends; ++i)
        QCOMPARE(alice->request(T::ChatSend, {{"room", "general"}, {"text", "hi"}}).type, T::Ack);
    QCOMPARE(alice->request(T::DmSend, {{"to", "bob"}, {"text", "hi bob"}}).type, T::Ack);
    // A retry of a stored id is answered too (the original ack again) and timed like any send.
    const QJsonObject retried{{"room", "general"}, {"text", "again"}};
    QCOMPARE(alice->request(T::ChatSend, retried, "fixed-id").type, T::Ack);
    QCOMPARE(alice->request(T::ChatSend, retried, "fixed-id").type, T::Ack);

    const Metrics metrics = scrape(server.server());
    QVERIFY2(metrics.error.isEmpty(), qPrintable(metrics.error));
    const double count = metrics.value("switchboard_ack_latency_seconds_count");
    QCOMPARE(count, double(Sends + 3));
    QVERIFY(metrics.value("switchboard_ack_latency_seconds_sum") > 0);
    // Buckets are cumulative: never decreasing, and +Inf holds every observation.
    double previous = 0;
    int buckets = 0;
    for (const QString le : {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                             "0.25", "0.5", "1", "+Inf"}) {
        const QString key = labelled("switchboard_ack_latency_seconds_bucket", "le", le);
        QVERIFY2(metrics.has(key), qPrintable(key));
        QVERIFY2(metrics.value(key) >= previous, qPrintable(key));
        previous = metrics.value(key);
        ++buckets;
    }
    QCOMPARE(previous, count);
    QCOMPARE(buckets, 12);
}

void MetricsEndpointTest::healthzIsOkWhileServing()
{
    TestServer server(configWithMetrics());
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    const HttpReply reply = httpGet(metricsUrl(server.server(), QStringLiteral("/healthz")));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("ok\n"));
    QVERIFY(server.server().healthProblem().isEmpty());
}

void MetricsEndpointTest::healthzIs503OnceShutdownStarts()
{
    TestServer server(configWithMetrics());
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    auto alice = TestClient::connectAs(server.url(), "alice");
    QVERIFY(alice);
    QSignalSpy stopped(&server.server(), &sb::server::Server::stopped);
    server.server().shutdown();
    // Whether the goodbyes are still going out or the server has stopped, new traffic must go
    // elsewhere: 503 with the reason, never 200.
    HttpReply reply = httpGet(metricsUrl(server.server(), QStringLiteral("/healthz")));
    QCOMPARE(reply.status, 503);
    QVERIFY2(reply.body.contains("shutting down"), reply.body.constData());
    QVERIFY(alice->waitClosed());
    QCOMPARE(alice->closeCode(), int(CloseCode::GoingAway));
    QVERIFY(!stopped.isEmpty() || stopped.wait(5000));
    reply = httpGet(metricsUrl(server.server(), QStringLiteral("/healthz")));
    QCOMPARE(reply.status, 503);
    // Metrics stay readable to the end: the final counters are worth a last scrape.
    const Metrics metrics = scrape(server.server());
    QVERIFY2(metrics.error.isEmpty(), qPrintable(metrics.error));
    QCOMPARE(metrics.value("switchboard_connections"), 0.0);
}

void MetricsEndpointTest::otherPathsAre404()
{
    TestServer server(configWithMetrics());
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    QCOMPARE(httpGet(metricsUrl(server.server(), QStringLiteral("/"))).status, 404);
    QCOMPARE(httpGet(metricsUrl(server.server(), QStringLiteral("/metrics/extra"))).status, 404);
}

void MetricsEndpointTest::busyMetricsPortFailsTheStart()
{
    TestServer first(configWithMetrics());
    QVERIFY2(first.isRunning(), qPrintable(first.error()));
    auto config = configWithMetrics();
    config.metricsPort = first.server().metricsPort();
    TestServer second(config);
    QVERIFY(!second.isRunning());
    QVERIFY2(second.error().contains(QStringLiteral("metrics")), qPrintable(second.error()));
    // The WebSocket port it had bound is given back.
    QCOMPARE(second.server().port(), quint16(0));
}

void MetricsEndpointTest::executableServesMetricsPort()
{
    QTemporaryDir dataDir;
    ServerProcess process;
    QVERIFY(process.start(dataDir.path(), {"--no-feed", "--metrics-port", "0"}));
    static const QRegularExpression line(QStringLiteral("metrics on (http://\\S+/metrics)"));
    QRegularExpressionMatch match;
    QTRY_VERIFY((match = line.match(QString::fromUtf8(process.output()))).hasMatch());
    const QUrl url(match.captured(1));
    QVERIFY(url.port() > 0);
    const Metrics metrics = [&] {
        const HttpReply reply = httpGet(url);
        Metrics parsed = parseMetrics(reply.body);
        if (reply.status != 200)
            parsed.error = QStringLiteral("HTTP status %1").arg(reply.status);
        return parsed;
    }();
    QVERIFY2(metrics.error.isEmpty(), qPrintable(metrics.error));
    QCOMPARE(metrics.value("switchboard_connections"), 0.0);
    QUrl health = url;
    health.setPath(QStringLiteral("/healthz"));
    QCOMPARE(httpGet(health).status, 200);
    QVERIFY(process.terminate());
}

void MetricsEndpointTest::badMetricsOptionsAreRefused()
{
    QTemporaryDir dataDir;
    const QStringList base{"--port", "0", "--data-dir", dataDir.path()};
    QByteArray output;
    QVERIFY(ServerProcess::run(base + QStringList{"--metrics-port", "http"}, &output, 5000) > 0);
    QVERIFY2(output.contains("--metrics-port"), output.constData());
    QVERIFY(ServerProcess::run(base + QStringList{"--metrics-port", "70000"}, &output, 5000) > 0);
    QVERIFY2(output.contains("--metrics-port"), output.constData());
    QVERIFY(ServerProcess::run(base + QStringList{"--metrics-host", "::1"}, &output, 5000) > 0);
    QVERIFY2(output.contains("--metrics-host needs --metrics-port"), output.constData());
}

QTEST_GUILESS_MAIN(MetricsEndpointTest)
#include "tst_metricsendpoint.moc"
