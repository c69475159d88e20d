// The whole window against the real server, offscreen: type and see it acked, see others'
// messages, unread badges, presence and typing, a chart that moves, and a status bar that
// tells the truth when the server goes away and comes back.
#include "TestClient.h"
#include "TestServer.h"
#include "models/ChatController.h"
#include "models/MarketController.h"
#include "protocol/MessageType.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"
#include "ui/dialogs/SettingsDialog.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartView.h"
#include "ui/chart/WatchlistView.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"
#include "ui/chat/PresenceDelegate.h"
#include "ui/chat/PersonMenu.h"
#include "ui/chat/PresenceView.h"
#include "ui/chat/RoomMenu.h"
#include "ui/chart/WatchlistView.h"
#include "ui/chat/RoomListView.h"
#include "ui/status/ConnectionStatusWidget.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QTimer>
#include <QPlainTextEdit>
#include <QComboBox>
#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;
namespace T = sb::protocol::MessageType;

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void typedMessageAppearsAcked();
    void othersMessagesUnreadPresenceAndTyping();
    void chartMovesAsTicksArrive();
    void statusBarFollowsTheServer();
    void directConversationShowsThePeersPresence();
    void conversationKeepsAReadableWidth();
    void quickSwitcherStartsADirectConversation();
    void refusedJoinIsExplained();
    void directMessageCountsWithoutAnAtBadge();
    void keyboardStepsThroughConversations();
    void everyPaneIsUsableAt1024x640();
    void settingsShowWhatIsInEffect();
    void savingSettingsWritesWhatWasShown();
    void settingsThemeAppliesAtOnceAndServerOnRestart();
    void pricesAndPeopleLookStaleWhileDisconnected();
    void contextMenusReachTheComposerAndTheSession();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ChatController> m_controller;
    std::unique_ptr<MarketController> m_market;
    std::unique_ptr<sb::ui::MainWindow> m_window;
};

void MainWindowTest::init()
{
    QSettings().clear(); // each test starts as a first run: nothing saved by the one before
    auto config = TestServer::defaultConfig();
    config.tickHz = 1000;
    config.privateRooms = {"vault"};
    m_server = std::make_unique<TestServer>(config);
    ConnectionManager::Options options;
    options.reconnect.initialMs = 200;
    options.reconnect.maxMs = 400;
    m_connection = std::make_unique<ConnectionManager>(options, [] { return 0.0; });
    m_session = std::make_unique<Session>(*m_connection);
    QString error;
    QVERIFY(m_session->start(m_server->url(), {"alice", {}, "alice-pc", "test"},
                             m_dir.filePath(QTest::currentTestFunction()), &error));
    m_controller = std::make_unique<ChatController>(*m_session);
    m_controller->joinRoom("general");
    m_controller->joinRoom("random");
    m_controller->openConversation("general");
    m_market = std::make_unique<MarketController>(m_session->tickers());
    m_market->follow({"*"}, 20);
    m_window = std::make_unique<sb::ui::MainWindow>(
        sb::ui::MainWindow::Parts {*m_controller, *m_market, *m_session, *m_connection, m_session->outbox()});
    m_window->show();
    QTRY_COMPARE(m_connection->state(), ConnectionState::Open);
    QTRY_VERIFY(m_session->isActive("general") && m_session->isActive("random"));
}

void MainWindowTest::cleanup()
{
    m_window.reset();
    m_market.reset();
    m_controller.reset();
    m_session.reset();
    m_connection.reset();
    m_server.reset();
}

void MainWindowTest::typedMessageAppearsAcked()
{
    QPlainTextEdit *editor = m_window->composer()->editor();
    editor->setFocus();
    QTest::keyClicks(editor, "hello from the window");
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(editor->toPlainText(), QString());
    auto *messages = m_controller->messages();
    QTRY_COMPARE(messages->rowCount(), 1);
    QCOMPARE(messages->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("hello from the window"));
    QTRY_COMPARE(messages->index(0).data(MessageListModel::DeliveryRole).toInt(), int(DeliveryState::Acked));
    QVERIFY(!m_window->chatView()->isEmptyStateVisible());
}

void MainWindowTest::othersMessagesUnreadPresenceAndTyping()
{
    TestClient bob;
    QVERIFY(bob.open(m_server->url()));
    bob.hello("bob");
    bob.request(T::RoomJoin, {{"room", "general"}});
    bob.request(T::RoomJoin, {{"room", "random"}});
    QTRY_VERIFY(m_controller->presence()->rowOf("bob") >= 0);

    bob.send(T::Typing, {{"room", "general"}, {"active", true}});
    QTRY_VERIFY(m_window->chatView()->typingText().contains("bob"));

    bob.request(T::ChatSend, {{"room", "general"}, {"text", "hi alice"}});
    QTRY_COMPARE(m_controller->messages()->rowCount(), 1);
    QCOMPARE(m_controller->messages()->index(0).data(MessageListModel::AuthorRole).toString(), QStringLiteral("bob"));

    bob.request(T::ChatSend, {{"room", "random"}, {"text", "over here"}});
    QTRY_COMPARE(m_controller->rooms()->unread("random"), 1);
    QVERIFY(m_window->windowTitle().startsWith("(1)"));
}

void MainWindowTest::chartMovesAsTicksArrive()
{
    sb::ui::ChartPanel *chart = m_window->chartPanel();
    QTRY_VERIFY(!chart->symbols().isEmpty()); // the first symbol that trades is charted
    QTRY_VERIFY(chart->pointCount(0) > 0);
    const int before = chart->pointCount(0);
    QTRY_VERIFY(chart->pointCount(0) > before);
    QVERIFY(chart->framesDrawn() > 1);
}

void MainWindowTest::statusBarFollowsTheServer()
{
    sb::ui::ConnectionStatusWidget *status = m_window->connectionStatus();
    QTRY_VERIFY(status->text().startsWith("Connected"));
    const int connectedHeight = m_window->statusBar()->height();
    m_server->stop();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith("Reconnecting in"), 5000);
    // After a failed attempt the reason is why it failed, not "Connecting to ws://…".
    QTRY_VERIFY_WITH_TIMEOUT(m_connection->state() == ConnectionState::WaitingToReconnect
            && m_connection->lastReason().message != "The connection was lost.", 5000);
    QVERIFY2(!status->text().contains("Connecting to"), qPrintable(status->text()));
    QVERIFY(status->text().startsWith("Reconnecting in"));
    // "Try now" shows without the status bar (and the window above it) changing height.
    QCOMPARE(m_window->statusBar()->height(), connectedHeight);
    QVERIFY(m_server->start());
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), ConnectionState::Open, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith("Connected"), 10000);
}

void MainWindowTest::directConversationShowsThePeersPresence()
{
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(bob);
    bob->request(T::RoomJoin, {{"room", "random"}});
    QTRY_VERIFY(m_controller->presence()->rowOf("bob") < 0); // not in the open room (#general)
    m_controller->openConversation("random");
    QTRY_VERIFY(m_controller->presence()->rowOf("bob") >= 0);

    // Enter on bob in the people list opens the direct conversation.
    QListView *people = m_window->findChild<sb::ui::PresenceView *>()->listView();
    people->setFocus();
    people->setCurrentIndex(people->model()->index(m_controller->presence()->rowOf("bob"), 0));
    QTest::keyClick(people, Qt::Key_Return);
    QTRY_COMPARE(m_controller->currentConversation(), QString("@bob"));

    // Bob's dot says online although no room with him is open, and the people of the
    // conversation are the two in it.
    const auto peerStatus = [this] {
        const int row = m_controller->rooms()->rowOf("@bob");
        return m_controller->rooms()->index(row).data(RoomListModel::PeerStatusRole).toString();
    };
    QCOMPARE(peerStatus(), QString("online"));
    QCOMPARE(m_controller->presence()->rowCount(), 2);
    QCOMPARE(m_controller->presence()->status("bob"), QString("online"));
    QVERIFY(m_controller->presence()->rowOf("alice") >= 0);
    auto *peopleView = m_window->findChild<sb::ui::PresenceView *>();
    const auto noteOf = [&](const QString &user) {
        const QModelIndex row = m_controller->presence()->index(m_controller->presence()->rowOf(user));
        return peopleView->delegate()->noteFor(row);
    };
    QCOMPARE(noteOf("alice"), QString("(you)")); // as her messages say "you"
    QCOMPARE(noteOf("bob"), QString());

    bob->send(T::PresenceSet, {{"status", "away"}});
    QTRY_COMPARE(peerStatus(), QString("away"));
    QCOMPARE(m_controller->presence()->status("bob"), QString("away"));
    m_controller->openConversation("general");
    QCOMPARE(peerStatus(), QString("away")); // whatever room is open

    bob.reset(); // gone from every room
    QTRY_COMPARE(peerStatus(), QString("offline"));
}

void MainWindowTest::conversationKeepsAReadableWidth()
{
    // A small window takes the space from the markets dock, not from the messages.
    m_window->resize(1000, 600);
    QTRY_VERIFY(m_window->chatView()->width() >= sb::ui::MainWindow::ConversationMinimumWidth);
    QVERIFY(m_window->chartPanel()->isVisible());
}

void MainWindowTest::quickSwitcherStartsADirectConversation()
{
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(bob);
    bob->request(T::RoomJoin, {{"room", "random"}});
    QTRY_COMPARE(m_controller->peerStatus("bob"), QString("online"));

    // Ctrl+K, "bob", Enter: a direct conversation with bob, though none was open before.
    QStringList offered;
    QTimer::singleShot(0, this, [&offered] {
        QWidget *switcher = QApplication::activeModalWidget();
        QVERIFY(switcher);
        auto *list = switcher->findChild<QListWidget *>();
        for (int row = 0; row < list->count(); ++row)
            offered << list->item(row)->text();
        auto *filter = switcher->findChild<QLineEdit *>();
        QTest::keyClicks(filter, "bob");
        QTest::keyClick(filter, Qt::Key_Return);
    });
    m_window->showQuickSwitcher();
    QVERIFY2(offered.contains("@bob"), qPrintable(offered.join(", ")));
    QVERIFY(!offered.contains("@alice")); // not oneself
    QCOMPARE(m_controller->currentConversation(), QString("@bob"));
    QVERIFY(!m_session->rooms().contains("@bob"));
    QCOMPARE(m_window->focusWidget(), m_window->composer()->editor()); // ready to write

    // Search in a direct conversation names it as the rest of the window does.
    QString searchTitle;
    QTimer::singleShot(0, this, [&searchTitle] {
        QWidget *search = QApplication::activeModalWidget();
        QVERIFY(search);
        searchTitle = search->windowTitle();
        search->close();
    });
    m_window->showSearch();
    QCOMPARE(searchTitle, QString("Search @bob"));
}

void MainWindowTest::refusedJoinIsExplained()
{
    auto *banner = m_window->findChild<QLabel *>("Banner");
    QVERIFY(banner);
    m_window->roomList()->setNamePrompt([](const QString &, const QString &, bool *ok) {
        *ok = true;
        return QString("vault");
    });
    m_window->roomList()->askToJoin();
    // The server refuses a private room: the user reads why, and is not left in it.
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains("private"), qPrintable(banner->text()));
    QTRY_COMPARE(m_controller->rooms()->rowOf("vault"), -1);
    QVERIFY(m_controller->currentConversation() != "vault");
    QVERIFY(!m_controller->currentConversation().isEmpty());
}

void MainWindowTest::directMessageCountsWithoutAnAtBadge()
{
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(bob);
    QSignalSpy attention(m_controller.get(), &ChatController::attentionNeeded);
    bob->request(T::DmSend, {{"to", "alice"}, {"text", "hey alice, got a minute?"}});
    QTRY_COMPARE(m_controller->rooms()->unread("@bob"), 1);
    const QModelIndex row = m_controller->rooms()->index(m_controller->rooms()->rowOf("@bob"));
    QVERIFY(!row.data(RoomListModel::HasMentionRole).toBool()); // the count says it: no "@"
    QCOMPARE(attention.count(), 1); // still worth a notification
    QVERIFY(attention.at(0).at(1).toBool());
}

void MainWindowTest::keyboardStepsThroughConversations()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->composer()->editor()->setFocus();
    QCOMPARE(m_controller->currentConversation(), QString("general"));
    QTest::keyClick(m_window->composer()->editor(), Qt::Key_Down, Qt::AltModifier);
    QTRY_COMPARE(m_controller->currentConversation(), QString("random"));
    QVERIFY(m_window->composer()->editor()->hasFocus()); // typing goes on in the next one
    QTest::keyClick(m_window->composer()->editor(), Qt::Key_Up, Qt::AltModifier);
    QTRY_COMPARE(m_controller->currentConversation(), QString("general"));
}

namespace {

// Runs `inspect` on the Settings dialog once it is open, then presses Save (or Cancel).
void whenSettingsOpen(QObject *context, std::function<void(sb::ui::SettingsDialog *)> inspect, bool save)
{
    QTimer::singleShot(0, context, [inspect, save] {
        auto *dialog = qobject_cast<sb::ui::SettingsDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        inspect(dialog);
        save ? dialog->accept() : dialog->reject();
    });
}

QLineEdit *field(QWidget *dialog, const QString &accessibleName)
{
    for (QLineEdit *edit : dialog->findChildren<QLineEdit *>()) {
        if (edit->accessibleName() == accessibleName)
            return edit;
    }
    return nullptr;
}

} // namespace

void MainWindowTest::everyPaneIsUsableAt1024x640()
{
    // A small laptop screen: the markets dock gives way, and no pane is squeezed unusable.
    m_window->resize(1024, 640);
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE(m_window->size(), QSize(1024, 640));
    QCoreApplication::processEvents();
    const auto *dock = m_window->findChild<QDockWidget *>("MarketsDock");
    QVERIFY(dock && dock->isVisible());
    const auto describe = [&]() -> QString {
        return QStringLiteral("chat %1, dock %2, rooms %3x%4, people %5, chart %6x%7, watchlist %8")
            .arg(m_window->chatView()->width()).arg(dock->width())
            .arg(m_window->roomList()->width()).arg(m_window->roomList()->listView()->height())
            .arg(m_window->findChild<sb::ui::PresenceView *>()->listView()->height())
            .arg(m_window->chartPanel()->width()).arg(m_window->chartPanel()->height())
            .arg(m_window->watchlist()->height());
    };
    // The conversation is the widest pane, wide enough for a line of ~60 characters.
    QVERIFY2(m_window->chatView()->width() >= 50 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->chatView()->width() >= dock->width(), qPrintable(describe()));
    QVERIFY2(m_window->composer()->editor()->width() >= 40 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->roomList()->width() >= 20 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->roomList()->listView()->height() >= 12 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->findChild<sb::ui::PresenceView *>()->listView()->height() >= 10 * sb::ui::Theme::Grid,
             qPrintable(describe()));
    QVERIFY2(m_window->chartPanel()->width() >= 36 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->chartPanel()->height() >= 25 * sb::ui::Theme::Grid, qPrintable(describe()));
    QVERIFY2(m_window->watchlist()->height() >= 12 * sb::ui::Theme::Grid, qPrintable(describe()));
    // Nothing is pushed out of the window.
    for (QWidget *pane : {static_cast<QWidget *>(m_window->chatView()), static_cast<QWidget *>(m_window->chartPanel()),
                          static_cast<QWidget *>(m_window->composer())}) {
        const QRect inWindow(pane->mapTo(m_window.get(), QPoint(0, 0)), pane->size());
        QVERIFY2(m_window->rect().contains(inWindow), qPrintable(describe()));
    }
}

void MainWindowTest::settingsShowWhatIsInEffect()
{
    // The command line (here: the session's server and name) wins over the file for this run,
    // and Settings shows it: not the default server and an empty name.
    sb::ui::AppSettings shown;
    whenSettingsOpen(this, [&shown](sb::ui::SettingsDialog *dialog) { shown = dialog->settings(); }, false);
    m_window->openSettings();
    QCOMPARE(shown.server, m_server->url());
    QCOMPARE(shown.name, QString("alice"));
    QCOMPARE(shown.theme, sb::ui::Theme::modeName(sb::ui::Theme::mode()));
    // Cancelled: the run's values were never written back.
    QVERIFY(!QSettings().contains("connection/server"));
    QVERIFY(!QSettings().contains("identity/name"));
}

void MainWindowTest::savingSettingsWritesWhatWasShown()
{
    whenSettingsOpen(this, [](sb::ui::SettingsDialog *) {}, true);
    m_window->openSettings();
    const sb::ui::AppSettings saved = sb::ui::AppSettings::load();
    QCOMPARE(saved.server, m_server->url());
    QCOMPARE(saved.name, QString("alice"));
    // Nothing that connects changed: no restart to wait for.
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Saved."));
}

void MainWindowTest::settingsThemeAppliesAtOnceAndServerOnRestart()
{
    sb::ui::Theme::apply(*qApp, sb::ui::Theme::Mode::Light);
    whenSettingsOpen(this, [](sb::ui::SettingsDialog *dialog) {
        auto *theme = dialog->findChild<QComboBox *>();
        theme->setCurrentIndex(theme->findData("dark"));
        field(dialog, "Your name")->setText("alicia");
    }, true);
    m_window->openSettings();
    QVERIFY(sb::ui::Theme::isDark()); // at once
    QVERIFY(m_window->statusBar()->currentMessage().contains("on restart"));
    QCOMPARE(m_session->user(), QString("alice")); // the connection is this run's
    // Opened again, Settings shows what was chosen, not the name still in use until restart.
    sb::ui::AppSettings shown;
    whenSettingsOpen(this, [&shown](sb::ui::SettingsDialog *dialog) { shown = dialog->settings(); }, false);
    m_window->openSettings();
    QCOMPARE(shown.name, QString("alicia"));
    QCOMPARE(shown.theme, QString("dark"));
    sb::ui::Theme::apply(*qApp, sb::ui::Theme::Mode::Light);
}

void MainWindowTest::pricesAndPeopleLookStaleWhileDisconnected()
{
    sb::ui::ChartPanel *chart = m_window->chartPanel();
    sb::ui::WatchlistView *watchlist = m_window->watchlist();
    QTRY_VERIFY(chart->pointCount(0) > 0);
    QVERIFY(!chart->isStale() && !watchlist->isStale());
    m_server->stop();
    QTRY_VERIFY_WITH_TIMEOUT(watchlist->isStale() && chart->isStale(), 5000);
    const QString last =
        QDateTime::fromMSecsSinceEpoch(m_session->lastLiveMs()).toString(QStringLiteral("HH:mm"));
    QCOMPARE(watchlist->staleText(), QStringLiteral("Not live — last update ") + last);
    QVERIFY(chart->chartView()->badge().contains(QStringLiteral("last update ") + last));
    auto *people = m_window->findChild<sb::ui::PresenceView *>();
    QVERIFY(people->isStale());
    QVERIFY(people->title().endsWith(QStringLiteral("AS OF ") + last));
    QVERIFY(m_server->start());
    QTRY_VERIFY_WITH_TIMEOUT(!people->isStale(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!watchlist->isStale() && !chart->isStale(), 10000);
    QVERIFY(chart->chartView()->badge().isEmpty());
}

void MainWindowTest::contextMenusReachTheComposerAndTheSession()
{
    TestClient bob;
    QVERIFY(bob.open(m_server->url()));
    bob.hello("bob");
    bob.request(T::RoomJoin, {{"room", "general"}});
    QTRY_VERIFY(m_controller->presence()->rowOf("bob") >= 0);

    // A person: Mention puts "@bob " into the composer and focuses it; the DM opens.
    auto *people = m_window->findChild<sb::ui::PersonMenu *>();
    QVERIFY(people);
    QMenu *menu = people->menuFor(m_controller->presence()->index(m_controller->presence()->rowOf("bob")));
    QVERIFY(menu);
    QVERIFY(!people->menuFor(m_controller->presence()->index(m_controller->presence()->rowOf("alice"))));
    menu->findChild<QAction *>("mention")->trigger();
    QCOMPARE(m_window->composer()->text(), QString("@bob "));
    QTRY_VERIFY(m_window->composer()->editor()->hasFocus());
    menu->findChild<QAction *>("directMessage")->trigger();
    delete menu;
    QCOMPARE(m_controller->currentConversation(), QString("@bob"));

    // A room: Leave really leaves it.
    auto *rooms = m_window->findChild<sb::ui::RoomMenu *>();
    QVERIFY(rooms);
    menu = rooms->menuFor(m_controller->rooms()->index(m_controller->rooms()->rowOf("random")));
    QVERIFY(menu);
    menu->findChild<QAction *>("leave")->trigger();
    delete menu;
    QTRY_VERIFY(!m_session->isActive("random"));
}

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
