// switchboard-bench: a load generator for switchboard-server. See docs/benchmarks.md.
//
//   switchboard-bench [--scenario fanout|connections|latency|ticker|history|all] [options]
//
// Without --server it spawns build/bin/switchboard-server (next to itself) on a free port with a
// temporary data dir and the limits a load test must lift (rate limits, flood guard, per-address
// cap). Each scenario prints one block of figures.
#include "HistoryRun.h"
#include "LoadRun.h"
#include "ServerUnderTest.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>
#include <QUrl>

#include <sys/resource.h>

#include <cstdio>

using namespace bench;

namespace {

struct Options
{
    QCommandLineParser parser;
    QString serverUrl;
    qint64 serverPid = 0;
    QString serverBin;
    QString wsEngine; // empty: the server's default
    bool cbor = false;
    int threads = 1;
    double seconds = 10;
    double warmup = 2;
    int sources = 4;

    // A number option, or the scenario's default when it was not given.
    int number(const char *name, int fallback) const
    {
        return parser.isSet(QLatin1String(name)) ? parser.value(QLatin1String(name)).toInt() : fallback;
    }
};

// Every connection is a file descriptor: take all the hard limit allows (15,000 connections).
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).section(u' ', 0, 2) : QString();
}

bool startServer(const Options &options, ServerUnderTest &server, const QStringList &extra)
{
    if (!options.serverUrl.isEmpty()) {
        const QUrl url(options.serverUrl);
        server.attach(url.host(), quint16(url.port(8765)), options.serverPid);
        return true;
    }
    QString error;
    // No limits in the way of the load; history in a fresh temporary dir.
    const QStringList lifted{QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--frame-rate"),
                             QStringLiteral("0"), QStringLiteral("--max-connections-per-ip"), QStringLiteral("0")};
    const QStringList engine = options.wsEngine.isEmpty()
        ? QStringList()
        : QStringList{QStringLiteral("--ws-engine"), options.wsEngine};
    if (!server.spawn(options.serverBin, lifted + engine + extra, &error)) {
        std::fprintf(stderr, "switchboard-bench: %s\n", qPrintable(error));
        return false;
    }
    return true;
}

Plan basePlan(const Options &options)
{
    Plan plan;
    plan.cbor = options.cbor;
    plan.threads = options.threads;
    plan.seconds = options.seconds;
    plan.warmupSeconds = options.warmup;
    plan.sources = options.sources;
    return plan;
}

const char *format(const Options &options)
{
    return options.cbor ? "CBOR" : "JSON";
}

// Starts (or attaches to) the server with `serverArguments`, runs the plan, prints its block.
bool runPlan(const Options &options, const Plan &plan, const QString &scenario,
             const QStringList &serverArguments)
{
    ServerUnderTest server;
    if (!startServer(options, server, serverArguments))
        return false;
    Result result = LoadRun(plan, server).run();
    printResult(plan, result, scenario);
    return true;
}

// Room fan-out: many members, a few publishers as fast as acks (after the durable commit) allow.
bool fanout(const Options &options)
{
    Plan plan = basePlan(options);
    const int rooms = options.number("rooms", 1);
    plan.members = options.number("members", 200);
    plan.connections = rooms * plan.members;
    plan.joinRoom = true;
    plan.publishersPerRoom = options.number("publishers", 4);
    plan.window = options.number("window", 64);
    plan.rate = options.number("rate", 0);
    plan.textBytes = options.number("size", 120);
    plan.title = QStringLiteral("fanout: %1 room(s) x %2 members, %3 publishers each %4, %5-byte text, %6")
                     .arg(rooms)
                     .arg(plan.members)
                     .arg(plan.publishersPerRoom)
                     .arg(plan.rate > 0 ? QStringLiteral("at %1 msgs/s in all").arg(plan.rate)
                                        : QStringLiteral("with %1 in flight").arg(plan.window))
                     .arg(plan.textBytes)
                     .arg(QLatin1String(format(options)));
    return runPlan(options, plan, QStringLiteral("fanout"), {QStringLiteral("--no-feed")});
}

// Chat ack latency at a fixed, moderate rate (open loop: sends do not wait for acks).
bool latency(const Options &options)
{
    Plan plan = basePlan(options);
    plan.members = options.number("members", 20);
    plan.connections = plan.members * options.number("rooms", 1);
    plan.joinRoom = true;
    plan.publishersPerRoom = options.number("publishers", plan.members);
    plan.rate = options.number("rate", 2000);
    plan.textBytes = options.number("size", 120);
    plan.sampleEvery = 1;
    plan.title = QStringLiteral("latency: %1 msgs/s from %2 publishers into a room of %3, %4-byte text, %5")
                     .arg(plan.rate)
                     .arg(plan.publishersPerRoom)
                     .arg(plan.members)
                     .arg(plan.textBytes)
                     .arg(QLatin1String(format(options)));
    return runPlan(options, plan, QStringLiteral("latency"), {QStringLiteral("--no-feed")});
}

// Many idle connections (hello done) held open across several heartbeats.
bool connections(const Options &options)
{
    Plan plan = basePlan(options);
    plan.connections = options.number("connections", 15000);
    const int heartbeatMs = options.number("heartbeat-ms", 5000);
    plan.seconds = options.parser.isSet(QStringLiteral("seconds")) ? options.seconds : 3.0 * heartbeatMs / 1000;
    plan.warmupSeconds = 0;
    plan.title = QStringLiteral("connections: %1 idle after hello, heartbeat every %2 ms, from %3 source addresses, %4")
                     .arg(plan.connections)
                     .arg(heartbeatMs)
                     .arg(plan.sources)
                     .arg(QLatin1String(format(options)));
    return runPlan(options, plan, QStringLiteral("connections"),
                   {QStringLiteral("--no-feed"), QStringLiteral("--heartbeat-ms"), QString::number(heartbeatMs)});
}

// The market feed at --tick-hz to many subscribers of every symbol: what it costs the server.
bool ticker(const Options &options)
{
    Plan plan = basePlan(options);
    plan.connections = options.number("subscribers", 100);
    plan.subscribeTicker = true;
    plan.maxHz = options.number("max-hz", 20);
    const int tickHz = options.number("tick-hz", 10000);
    const int tickers = options.number("tickers", 20);
    plan.title = QStringLiteral("ticker: %1 ticks/s over %2 symbols to %3 subscribers of all at max_hz %4, %5")
                     .arg(tickHz)
                     .arg(tickers)
                     .arg(plan.connections)
                     .arg(plan.maxHz)
                     .arg(QLatin1String(format(options)));
    ServerUnderTest server;
    if (!startServer(options, server,
                     {QStringLiteral("--tick-hz"), QString::number(tickHz), QStringLiteral("--tickers"),
                      QString::number(tickers)}))
        return false;
    // The feed alone first, so the subscribers' share of the CPU can be told apart.
    const double cpu0 = server.cpuSeconds();
    QThread::msleep(3000);
    const double cpu1 = server.cpuSeconds();
    Result result = LoadRun(plan, server).run();
    printResult(plan, result, QStringLiteral("ticker"));
    if (cpu0 >= 0)
        std::printf("  %-22s %.2f cores with no subscriber\n", "feed alone", (cpu1 - cpu0) / 3.0);
    return true;
}

// ticker.history: a fresh server with --demo backfills a day of one-second bars (how long that
// takes), then each interval's 5,000-bar page is requested again and again (what it costs).
bool history(const Options &options)
{
    const int tickers = options.number("tickers", 20);
    const int requests = options.number("requests", 50);
    ServerUnderTest server;
    if (!startServer(options, server, {QStringLiteral("--demo"), QStringLiteral("--tickers"), QString::number(tickers)}))
        return false;
    const double startupCpu = server.cpuSeconds();
    std::printf("history: %d symbols backfilled with --demo, then %d requests of up to 5,000 bars per interval, %s\n",
                tickers, requests, format(options));
    QFile log(server.logFile());
    if (log.open(QIODevice::ReadOnly)) {
        static const QRegularExpression backfilled(QStringLiteral("backfilled [^\n]*"));
        const auto match = backfilled.match(QString::fromUtf8(log.readAll()));
        std::printf("  %-22s %s\n", "backfill", match.hasMatch() ? qPrintable(match.captured(0)) : "none (the store was not empty)");
    }
    if (startupCpu >= 0)
        std::printf("  %-22s %.0f ms of CPU, the backfill included\n", "server start", startupCpu * 1000);
    const QStringList intervals{QStringLiteral("1s"), QStringLiteral("5s"), QStringLiteral("15s"), QStringLiteral("1m"),
                                QStringLiteral("5m"), QStringLiteral("15m"), QStringLiteral("1h")};
    for (HistoryRun::Figures &figures : HistoryRun(server, options.cbor, requests, intervals).run()) {
        std::printf("  %-4s %5zu bars %8zu bytes: round trip p50 %6.2f ms p99 %6.2f ms; server %6.2f ms CPU a request\n",
                    qPrintable(figures.interval), figures.bars, figures.bytes, figures.roundTrip.percentileMs(0.5),
                    figures.roundTrip.percentileMs(0.99), figures.serverCpuMs);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-bench"));
    raiseFileLimit();

    Options options;
    QCommandLineParser &p = options.parser;
    p.setApplicationDescription(QStringLiteral(
        "Load generator for switchboard-server. Scenarios: fanout (room fan-out throughput), connections "
        "(memory per idle connection), latency (chat ack latency at a fixed rate), ticker (market feed "
        "CPU), history (ticker.history's cost and the --demo backfill), all (the default)."));
    p.addHelpOption();
    const auto add = [&p](const char *name, const char *help, const char *value = nullptr) {
        if (value)
            p.addOption({QLatin1String(name), QLatin1String(help), QLatin1String(value)});
        else
            p.addOption({QLatin1String(name), QLatin1String(help)});
    };
    add("scenario", "fanout, connections, latency, ticker, history or all (default).", "name");
    add("server", "Use this running server (ws://host:port) instead of spawning one.", "url");
    add("server-pid", "With --server: its pid, for RSS and CPU.", "pid");
    add("server-bin", "The switchboard-server to spawn (default: next to this program).", "path");
    add("ws-engine", "The spawned server's --ws-engine (default: its default).", "name");
    add("cbor", "Speak switchboard.v1+cbor instead of JSON.");
    add("threads", "Generator event loops (default 1).", "n");
    add("seconds", "Measured window (default 10; connections: 3 heartbeats).", "s");
    add("warmup", "Warm-up before measuring (default 2).", "s");
    add("sources", "Loopback source addresses 127.0.0.2... (default 4; 0: the kernel's choice).", "n");
    add("rooms", "fanout/latency: rooms (default 1).", "n");
    add("members", "fanout/latency: members per room (default 200 / 20).", "n");
    add("publishers", "fanout/latency: publishers per room (default 4 / all members).", "n");
    add("window", "fanout: messages in flight per publisher (default 64).", "n");
    add("rate", "fanout/latency: messages per second in all; 0 = as fast as acks come (default 0 / 2000).", "n");
    add("size", "fanout/latency: bytes of text per message (default 120).", "n");
    add("connections", "connections: how many (default 15000).", "n");
    add("heartbeat-ms", "connections: the server's ping interval (default 5000).", "ms");
    add("subscribers", "ticker: subscribers (default 100).", "n");
    add("tick-hz", "ticker: the feed's ticks per second (default 10000).", "n");
    add("tickers", "ticker, history: symbols (default 20).", "n");
    add("requests", "history: requests per interval (default 50).", "n");
    add("max-hz", "ticker: batches per second per subscriber (default 20, the server's default).", "n");
    p.process(app);

    options.serverUrl = p.value(QStringLiteral("server"));
    options.serverPid = p.value(QStringLiteral("server-pid")).toLongLong();
    options.serverBin = p.isSet(QStringLiteral("server-bin"))
        ? p.value(QStringLiteral("server-bin"))
        : QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("switchboard-server"));
    options.wsEngine = p.value(QStringLiteral("ws-engine"));
    options.cbor = p.isSet(QStringLiteral("cbor"));
    options.threads = qMax(1, options.number("threads", 1));
    if (p.isSet(QStringLiteral("seconds")))
        options.seconds = p.value(QStringLiteral("seconds")).toDouble();
    if (p.isSet(QStringLiteral("warmup")))
        options.warmup = p.value(QStringLiteral("warmup")).toDouble();
    options.sources = options.number("sources", 4);

    const QString scenario = p.value(QStringLiteral("scenario")).isEmpty() ? QStringLiteral("all")
                                                                            : p.value(QStringLiteral("scenario"));
    const QStringList all{QStringLiteral("fanout"), QStringLiteral("latency"), QStringLiteral("ticker"),
                          QStringLiteral("history"), QStringLiteral("connections")};
    const QStringList run = scenario == QLatin1String("all") ? all : QStringList{scenario};
    std::printf("switchboard-bench: %d CPUs, load average %s\n", QThread::idealThreadCount(),
                qPrintable(loadAverage()));
    bool ok = true;
    for (const QString &name : run) {
        if (name == QLatin1String("fanout"))
            ok = fanout(options) && ok;
        else if (name == QLatin1String("latency"))
            ok = latency(options) && ok;
        else if (name == QLatin1String("ticker"))
            ok = ticker(options) && ok;
        else if (name == QLatin1String("connections"))
            ok = connections(options) && ok;
        else if (name == QLatin1String("history"))
            ok = history(options) && ok;
        else {
            std::fprintf(stderr, "switchboard-bench: unknown scenario \"%s\"\n", qPrintable(name));
            return 2;
        }
    }
    return ok ? 0 : 1;
}
