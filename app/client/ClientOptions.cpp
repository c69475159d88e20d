#include "ClientOptions.h"

#include "protocol/Validator.h"
#include "ui/AppSettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

#include <cstdio>

namespace {

// QGuiApplication's and QApplication's own options (-geometry 1024x640, -platform offscreen,
// -style…): the command line is parsed before that application exists, so they are accepted
// here, hidden, and left in argv for it to take.
void acceptQtOptions(QCommandLineParser &parser)
{
    const char *const withValue[] = {"platform", "platformpluginpath", "platformtheme", "plugin",
                                     "qwindowgeometry", "qwindowicon", "qwindowtitle", "session",
                                     "display", "geometry", "title", "style", "stylesheet",
                                     "qmljsdebugger"};
    const char *const flags[] = {"reverse", "widgetcount", "nograb", "dograb"};
    for (const char *name : withValue) {
        QCommandLineOption option(QString::fromLatin1(name), QString(), QStringLiteral("value"));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
    for (const char *name : flags) {
        QCommandLineOption option(QString::fromLatin1(name));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
}

} // namespace

QStringList ClientOptions::argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

bool ClientOptions::parse(const QStringList &arguments, int *exitCode)
{
    QCommandLineParser parser;
    // "-geometry 1024x640" is one option, as Qt's own parser reads it, not eight letters.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        QStringLiteral("Switchboard: chat rooms and live market dashboards."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Server URL (default: the saved one, or ws://127.0.0.1:8765)."),
                                          QStringLiteral("url"));
    const QCommandLineOption userOption(QStringList{QStringLiteral("user"), QStringLiteral("name")}, QStringLiteral("Your name."),
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
    const QCommandLineOption themeOption(QStringLiteral("theme"),
                                         QStringLiteral("light, dark or system, for this run only (default: the one in Settings)."),
                                         QStringLiteral("theme"));
    parser.addOptions({serverOption, userOption, tokenOption, dataOption, joinOption,
                       headlessOption, screenshotOption, delayOption, themeOption});
    acceptQtOptions(parser);
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(parser.errorText()));
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        // Not showHelp(): with no application object yet it names the program "<executable_name>".
        QString help = parser.helpText();
        help.replace(QLatin1String("<executable_name>"),
                     arguments.isEmpty() ? QStringLiteral("switchboard") : arguments.constFirst());
        std::fputs(qPrintable(help), stdout);
        *exitCode = 0;
        return false;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        *exitCode = 0;
        return false;
    }
    theme = parser.value(themeOption);
    if (!theme.isEmpty() && !QStringList{QStringLiteral("light"), QStringLiteral("dark"), QStringLiteral("system")}.contains(theme)) {
        std::fprintf(stderr, "switchboard: --theme must be light, dark or system\n");
        *exitCode = 2;
        return false;
    }

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
