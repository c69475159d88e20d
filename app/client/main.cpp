// switchboard: the desktop client. `switchboard --help` lists the options.
#include "ClientOptions.h"
#include "SignalWatcher.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "models/ChatController.h"
#include "models/MarketController.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"
#include "ui/dialogs/SettingsDialog.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace {

// Without a window the log is the user interface: every state change, with its reason.
void logToConsole(sb::client::Session &session)
{
    QObject::connect(&session.connection(), &sb::client::ConnectionManager::stateChanged,
                     [](sb::client::ConnectionState state, const sb::client::StateReason &reason) {
                         std::printf("state: %s%s%s\n", qPrintable(sb::client::stateName(state)),
                                     reason.message.isEmpty() ? "" : " — ", qPrintable(reason.message));
                         std::fflush(stdout);
                     });
    QObject::connect(&session, &sb::client::Session::messagesReceived,
                     [](const QString &room, const QList<sb::client::ChatMessage> &messages) {
                         for (const auto &m : messages)
                             std::printf("#%s %lld <%s> %s\n", qPrintable(room), m.seq,
                                         qPrintable(m.from), qPrintable(m.text));
                         std::fflush(stdout);
                     });
}

// --screenshot: once connected and settled, render the window to a PNG and quit. Gives up
// (and still saves what it shows, exit 1) if no connection comes within 20 s.
void scheduleScreenshot(QWidget &window, sb::client::ConnectionManager &connection,
                        const QString &file, int delayMs)
{
    const auto shoot = [&window, file](int exitCode) {
        const bool saved = window.grab().save(file);
        std::printf("screenshot: %s%s\n", qPrintable(file), saved ? "" : " (could not be written)");
        QCoreApplication::exit(saved ? exitCode : 2);
    };
    QObject::connect(&connection, &sb::client::ConnectionManager::opened, &window,
                     [&window, shoot, delayMs] { QTimer::singleShot(delayMs, &window, [shoot] { shoot(0); }); },
                     Qt::SingleShotConnection);
    QTimer::singleShot(20000 + delayMs, &window, [shoot] { shoot(1); });
}

// The session and the chat logic, then a window unless --headless. `app` is a QApplication
// for the window and a QCoreApplication without one: the headless path never touches widgets,
// so it runs where there is no display.
int run(QCoreApplication &app, ClientOptions &options)
{
    const bool interactive = !options.headless && options.screenshot.isEmpty();
    sb::ui::AppSettings settings = sb::ui::AppSettings::load();
    if (interactive && !options.serverGiven && !sb::ui::AppSettings::isConfigured()) {
        sb::ui::SettingsDialog dialog(settings, sb::ui::SettingsDialog::Purpose::FirstRun);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        settings = dialog.settings();
        settings.save();
        options.server = settings.server;
        options.identity.name = settings.name;
        options.identity.token = settings.token;
    }
    if (!options.headless) {
        // --theme is for this run: Settings shows it as the theme in use, and saves it only
        // when the user saves.
        const QString theme = options.theme.isEmpty() ? settings.theme : options.theme;
        sb::ui::Theme::apply(static_cast<QApplication &>(app), sb::ui::Theme::modeFromString(theme));
    }

    sb::client::ConnectionManager connection;
    connection.setPinnedCertificates(settings.pinnedCertificates);
    sb::client::Session session(connection);
    if (options.headless)
        logToConsole(session);
    QString error;
    if (!session.start(options.server, options.identity, options.dataDir, &error)) {
        const QString message = QObject::tr("The local message store cannot be opened: %1").arg(error);
        if (interactive)
            QMessageBox::critical(nullptr, QObject::tr("Switchboard"), message);
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(message));
        return 1;
    }
    sb::models::ChatController controller(session);
    for (const QString &room : std::as_const(options.rooms))
        controller.joinRoom(room);
    if (session.rooms().isEmpty())
        controller.joinRoom(QStringLiteral("general")); // somewhere to start on a first run
    // Open the room asked for first, else the first remembered one, before the server answers:
    // the cached history shows at once, even offline.
    controller.openConversation(options.rooms.isEmpty() ? session.rooms().constFirst()
                                                        : options.rooms.constFirst());
    sb::models::MarketController market(session.tickers());
    market.follow({QStringLiteral("*")}, 20);

    // SIGTERM and Ctrl+C end the run as Quit would: the window saves what it keeps.
    SignalWatcher signalWatcher;
    if (options.headless) {
        QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app,
                         &QCoreApplication::quit);
        return app.exec();
    }

    sb::ui::MainWindow window({controller, market, session, connection, session.outbox()});
    // The window reopens the conversation the user left open; a --join on the command line wins.
    if (!options.rooms.isEmpty())
        controller.openConversation(options.rooms.constFirst());
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &window, [&window] {
        window.close();
        QCoreApplication::quit();
    });
    window.show();
    if (!options.screenshot.isEmpty())
        scheduleScreenshot(window, connection, options.screenshot, options.screenshotDelayMs);
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SB_VERSION));

    // Parsed before any application object: --help, --version, a bad option and --headless
    // need no display (a QApplication aborts without one).
    ClientOptions options;
    int exitCode = 0;
    if (!options.parse(ClientOptions::argumentsOf(argc, argv), &exitCode))
        return exitCode;

    if (options.headless) {
        QCoreApplication app(argc, argv);
        return run(app, options);
    }
    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/switchboard.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("switchboard"));
    return run(app, options);
}
