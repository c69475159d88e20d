// switchboard: the desktop client. `switchboard --help` lists the options.
#include "ClientOptions.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"

#include <QCoreApplication>

#include <cstdio>


namespace {

// Without a window the log is the user interface: every state change, with its reason.
void logStates(sb::client::ConnectionManager &connection)
{
    QObject::connect(&connection, &sb::client::ConnectionManager::stateChanged,
                     [](sb::client::ConnectionState state, const sb::client::StateReason &reason) {
                         std::printf("state: %s%s%s\n", qPrintable(sb::client::stateName(state)),
                                     reason.message.isEmpty() ? "" : " — ",
                                     qPrintable(reason.message));
                         std::fflush(stdout);
                     });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SB_VERSION));

    ClientOptions options;
    int exitCode = 0;
    if (!options.parse(QCoreApplication::arguments(), &exitCode))
        return exitCode;

    sb::client::ConnectionManager connection;
    sb::client::Session session(connection);
    logStates(connection);
    QObject::connect(&session, &sb::client::Session::messagesReceived,
                     [](const QString &room, const QList<sb::client::ChatMessage> &messages) {
                         for (const auto &m : messages)
                             std::printf("#%s %lld <%s> %s\n", qPrintable(room), m.seq,
                                         qPrintable(m.from), qPrintable(m.text));
                         std::fflush(stdout);
                     });
    QString error;
    if (!session.start(options.server, options.identity, options.dataDir, &error)) {
        std::fprintf(stderr, "switchboard: cannot open the local store: %s\n", qPrintable(error));
        return 1;
    }
    for (const QString &room : std::as_const(options.rooms))
        session.joinRoom(room);
    return app.exec();
}
