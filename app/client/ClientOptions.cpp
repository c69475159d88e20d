#include "ClientOptions.h"

#include "protocol/Validator.h"
#include "ui/AppSettings.h"

#include <QCommandLineParser>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

#include <cstdio>

bool ClientOptions::parse(const QStringList &arguments, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Switchboard: chat rooms and live market dashboards."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Server URL (default: the saved one, or ws://127.0.0.1:8765)."),
                                          QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("Your name."),
                                        QStringLiteral("name"));
    const QCommandLineOption tokenOption(QStringLiteral("token"),
                                         QStringLiteral("Sign-in token, for servers that take no guests."),
                                         QStringLiteral("token"));
    const QCommandLineOption dataOption(QStringLiteral("data-dir"),
                                        QStringLiteral("Where the local cache and outbox live."),
                                        QStringLiteral("dir"));
    const QCommandLineOption joinOption(QStringLiteral("join"),
                                        QStringLiteral("Join this room at start (repeatable)."),
                                        QStringLiteral("room"));
    const QCommandLineOption headlessOption(QStringLiteral("headless"),
                                            QStringLiteral("Run the connection without a window; state changes go to the log."));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Render the window to a PNG after connecting, then quit."),
                                              QStringLiteral("file"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"),
                                         QStringLiteral("Wait this long after connecting before the screenshot (default 1500)."),
                                         QStringLiteral("ms"), QStringLiteral("1500"));
    parser.addOptions({serverOption, userOption, tokenOption, dataOption, joinOption,
                       headlessOption, screenshotOption, delayOption});
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(parser.errorText()));
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    QSettings settings;
    // One id per install: a guest who reconnects keeps their name.
    QString instance = settings.value(QStringLiteral("identity/instance")).toString();
    if (instance.isEmpty()) {
        instance = QUuid::createUuid().toString(QUuid::WithoutBraces);
        settings.setValue(QStringLiteral("identity/instance"), instance);
    }
    serverGiven = parser.isSet(serverOption);
    // The saved preferences (one place knows their keys); the command line wins for this run.
    const sb::ui::AppSettings saved = sb::ui::AppSettings::load();
    server = parser.isSet(serverOption) ? QUrl(parser.value(serverOption)) : saved.server;
    if (!server.isValid() || (server.scheme() != QLatin1String("ws") && server.scheme() != QLatin1String("wss"))) {
        std::fprintf(stderr, "switchboard: --server must be a ws:// or wss:// URL\n");
        *exitCode = 2;
        return false;
    }
    identity.name = parser.isSet(userOption) ? parser.value(userOption) : saved.name;
    if (!sb::protocol::Validator::isUserName(identity.name))
        identity.name = QStringLiteral("guest");
    identity.token = parser.isSet(tokenOption) ? parser.value(tokenOption) : saved.token;
    identity.instance = instance;
    identity.appVersion = QStringLiteral(SB_VERSION);
    dataDir = parser.isSet(dataOption)
        ? parser.value(dataOption)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    rooms = parser.values(joinOption);
    headless = parser.isSet(headlessOption);
    screenshot = parser.value(screenshotOption);
    screenshotDelayMs = parser.value(delayOption).toInt();
    return true;
}
