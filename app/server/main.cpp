// switchboard-server: the bundled WebSocket server. See `switchboard-server --help`.
#include "ServerOptions.h"
#include "SignalWatcher.h"
#include "server/Server.h"

#include <QCoreApplication>

#include <cstdio>

#include <sys/resource.h>

namespace {
// Every connection is a file descriptor, and the usual soft limit (1024) would cap the server far
// below what it serves (15,000 idle connections fit in ~150 MB): take what the hard limit allows.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SB_VERSION));

    ServerOptions options;
    if (!options.parse(QCoreApplication::arguments()))
        return options.exitCode();
    if (options.isTokenCommand())
        return options.runTokenCommand();

    raiseFileLimit();
    sb::server::Server server(options.serverConfig());
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "switchboard-server: %s\n", qPrintable(error));
        return 1;
    }
    // Scripts and tests read the port from this line (with --port 0 it is chosen here).
    std::printf("switchboard-server %s listening on %s (data in %s)\n", SB_VERSION,
                qPrintable(server.url().toString()), qPrintable(options.serverConfig().dataDir));
    if (server.metricsPort() != 0) {
        // A line of its own, after the one scripts already parse; with --metrics-port 0 this
        // is where the chosen port shows.
        std::printf("metrics on %s\n", qPrintable(server.metricsUrl().toString()));
    }
    std::fflush(stdout);

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &server,
                     [&server] { server.shutdown(); });
    QObject::connect(&server, &sb::server::Server::stopped, &app, &QCoreApplication::quit);
    return app.exec();
}
