// switchboard-soak: issue #10's chaos soak. N headless clients built from the app's client core,
// each behind its own fault proxy, against the real switchboard-server that is SIGKILLed and
// restarted all along; at the end an oracle checks that nothing was lost, repeated or
// reordered. Exit status 0 only when every violation count is 0.
#include "SoakRunner.h"
#include "client/ReconnectPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using sb::soak::SoakOptions;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-soak"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SB_VERSION));
    // 50 clients reconnecting all the time: their info lines would drown the summary.
    QLoggingCategory::setFilterRules(QStringLiteral("switchboard.*.info=false\nswitchboard.*.debug=false\n"
                                                    "switchboard.soak.*.info=true"));

    SoakOptions o;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Chaos soak: clients behind fault proxies, the server SIGKILLed every 10-20 s; checks that "
        "no chat message is lost, repeated or reordered."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption minutes({QStringLiteral("minutes")}, QStringLiteral("Chaos duration in minutes (default 2)."), QStringLiteral("N"));
    const QCommandLineOption secs({QStringLiteral("seconds")}, QStringLiteral("Chaos duration in seconds (overrides --minutes)."), QStringLiteral("N"));
    const QCommandLineOption clients({QStringLiteral("clients")}, QStringLiteral("Client sessions (default 50)."), QStringLiteral("N"));
    const QCommandLineOption rooms({QStringLiteral("rooms")}, QStringLiteral("Rooms (default 5); each client is in 2-3."), QStringLiteral("N"));
    const QCommandLineOption seed({QStringLiteral("seed")}, QStringLiteral("Random seed (default: from the clock; printed)."), QStringLiteral("N"));
    const QCommandLineOption dataDir({QStringLiteral("data-dir")}, QStringLiteral("Where the server's and clients' data go (default: a temporary directory)."), QStringLiteral("DIR"));
    const QCommandLineOption keep({QStringLiteral("keep")}, QStringLiteral("Keep the temporary data directory."));
    const QCommandLineOption drain({QStringLiteral("drain-seconds")}, QStringLiteral("After the chaos, give up when catching up made no progress for N s (default 60)."), QStringLiteral("N"));
    const QCommandLineOption healthy({QStringLiteral("reconnect-healthy-ms")}, QStringLiteral("Experiment: reset the reconnect backoff after a connection stayed up N ms (the app's own: %1).").arg(sb::client::ReconnectPolicy::Settings{}.healthyAfterMs), QStringLiteral("N"));
    parser.addOptions({minutes, secs, clients, rooms, seed, dataDir, keep, drain, healthy});
    parser.process(app);

    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, int min, int *out) {
        if (!parser.isSet(option))
            return;
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < min) {
            std::fprintf(stderr, "switchboard-soak: --%s must be a whole number of at least %d\n",
                         qPrintable(option.names().constFirst()), min);
            ok = false;
            return;
        }
        *out = value;
    };
    int mins = 2;
    number(minutes, 1, &mins);
    o.durationSeconds = mins * 60;
    number(secs, 1, &o.durationSeconds);
    number(clients, 2, &o.clients);
    number(rooms, 2, &o.rooms);
    number(drain, 1, &o.drainSeconds);
    number(healthy, 0, &o.healthyAfterMs);
    int seedValue = 0;
    number(seed, 0, &seedValue);
    o.seed = quint32(seedValue);
    o.dataDir = parser.value(dataDir);
    o.keep = parser.isSet(keep);
    if (!ok)
        return 2;

    sb::soak::SoakRunner runner(o);
    return runner.run();
}
