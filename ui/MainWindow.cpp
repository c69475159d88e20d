#include "MainWindow.h"

#include "Notifier.h"
#include "PaneBalancer.h"
#include "WindowMemory.h"
#include "Theme.h"
#include "chart/MarketsDock.h"
#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/MessageMenu.h"
#include "chat/PersonMenu.h"
#include "chat/PresenceView.h"
#include "chat/RoomMenu.h"
#include "chat/RoomListView.h"
#include "dialogs/CertificateDialog.h"
#include "dialogs/QuickSwitcher.h"
#include "dialogs/SearchDialog.h"
#include "dialogs/SettingsDialog.h"
#include "client/Session.h"
#include "models/ChatController.h"
#include "status/ConnectionStatusWidget.h"

#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace sb::ui {

namespace {
constexpr int BannerMs = 15000;
} // namespace

MainWindow::MainWindow(const Parts &parts, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(parts.chat)
    , m_session(parts.session)
    , m_connection(parts.connection)
{
    models::ChatController &controller = parts.chat;
    setObjectName(QStringLiteral("MainWindow"));
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("MainSplitter"));
    m_splitter->addWidget(buildSidebar());
    m_splitter->addWidget(buildConversation());
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({240, 640});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    m_markets = new MarketsDock(parts.market, m_connection.url(), this);
    connect(m_markets, &MarketsDock::message, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    addDockWidget(Qt::RightDockWidgetArea, m_markets);
    resizeDocks({m_markets}, {480}, Qt::Horizontal);
    connect(&m_session, &client::Session::liveChanged, this, &MainWindow::showLiveness);
    showLiveness();

    m_status = new ConnectionStatusWidget(m_connection, this);
    statusBar()->addWidget(m_status, 1);
    connect(&parts.outbox, &client::Outbox::depthChanged, m_status, &ConnectionStatusWidget::setOutboxDepth);
    m_status->setOutboxDepth(parts.outbox.depth());

    m_settings = AppSettings::load().inEffect(m_connection.url(), m_connection.identity().name,
                                              m_connection.identity().token, Theme::modeName(Theme::mode()));
    m_notifier = new Notifier(this, this);
    m_notifier->setEnabled(m_settings.notifications);
    connect(&controller, &models::ChatController::attentionNeeded, this,
            [this](const client::ChatMessage &message, bool direct) {
                if (!m_controller.rooms()->isMuted(message.room))
                    m_notifier->notify(message, direct, m_controller.currentConversation());
            });
    connect(m_notifier, &Notifier::activated, this, [this](const QString &conversation) {
        m_controller.openConversation(conversation);
        showNormal();
        raise();
        activateWindow();
    });

    connect(&controller, &models::ChatController::conversationOpened, this,
            &MainWindow::onConversationOpened);
    connect(&controller, &models::ChatController::roomHeaderChanged, this, &MainWindow::updateHeader);
    connect(&controller, &models::ChatController::typingTextChanged, m_chat, &ChatView::setTypingText);
    connect(&controller, &models::ChatController::announcement, this, &MainWindow::showAnnouncement);
    // A refused join, leave or history request would otherwise change nothing on screen (a
    // private room just vanishes from the list): say what the server said.
    connect(&m_session, &client::Session::requestFailed, this,
            [this](const QString &, const QString &message) {
                showAnnouncement(message.isEmpty() ? tr("The server refused a request.") : message,
                                 QStringLiteral("warning"));
            });
    connect(&m_connection, &client::ConnectionManager::certificateRejected, this,
            &MainWindow::askAboutCertificate, Qt::QueuedConnection);
    connect(controller.rooms(), &models::RoomListModel::totalUnreadChanged, this, &MainWindow::updateTitle);

    buildMenus();
    new PaneBalancer(this, m_splitter, m_markets);
    m_memory = new WindowMemory(this, controller, m_connection.url(),
                                {m_splitter, m_markets->splitter(), m_chat, m_composer});
    buildContextMenus();
    updateTitle();
    onConversationOpened(controller.currentConversation());
}

void MainWindow::buildContextMenus()
{
    auto *messages = new MessageMenu(m_chat);
    connect(messages, &MessageMenu::mentionRequested, m_composer, &Composer::insertMention);
    auto *rooms = new RoomMenu(m_roomList, m_connection.url());
    connect(rooms, &RoomMenu::leaveRequested, &m_controller, &models::ChatController::leaveRoom);
    auto *people = new PersonMenu(m_presence);
    const auto markOwnUser = [this, people] { people->setOwnUser(m_session.user()); };
    connect(&m_connection, &client::ConnectionManager::opened, people, markOwnUser);
    markOwnUser();
    connect(people, &PersonMenu::directMessageRequested, &m_controller, &models::ChatController::openDirect);
    connect(people, &PersonMenu::mentionRequested, m_composer, &Composer::insertMention);
}

MainWindow::~MainWindow()
{
    m_memory->save(); // also when destroyed without a close
}

void MainWindow::showLiveness()
{
    // While disconnected the prices and presence on screen are as of the last live moment.
    m_markets->setLive(m_session.isLive(), m_session.lastLiveMs());
    m_presence->setLive(m_session.isLive(), m_session.lastLiveMs());
}

ChartPanel *MainWindow::chartPanel() const
{
    return m_markets->chart();
}

WatchlistView *MainWindow::watchlist() const
{
    return m_markets->watchlist();
}

QWidget *MainWindow::buildSidebar()
{
    auto *sidebar = new QWidget(this);
    auto *layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(Theme::Grid, Theme::Grid, 0, Theme::Grid);
    layout->setSpacing(Theme::Grid);
    auto *jump = new QPushButton(tr("⌕  Jump to…   Ctrl+K"), sidebar);
    jump->setAccessibleName(tr("Jump to a room or person"));
    connect(jump, &QPushButton::clicked, this, &MainWindow::showQuickSwitcher);
    layout->addWidget(jump);

    m_roomList = new RoomListView(sidebar);
    m_roomList->setModel(m_controller.rooms());
    m_roomList->setPresenceModel(m_controller.presence());
    connect(m_roomList, &RoomListView::conversationActivated, &m_controller,
            &models::ChatController::openConversation);
    connect(m_roomList, &RoomListView::joinRequested, &m_controller, &models::ChatController::joinRoom);
    layout->addWidget(m_roomList, 3);

    m_presence = new PresenceView(sidebar);
    m_presence->setModel(m_controller.presence());
    connect(m_presence->listView(), &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString user = index.data(models::PresenceModel::UserNameRole).toString();
        if (!user.isEmpty() && user != m_session.user())
            m_controller.openDirect(user);
    });
    layout->addWidget(m_presence, 2);
    // The name the server gave (a guest may be "sam-2"): known once connected.
    const auto markOwnUser = [this] { m_presence->setOwnUser(m_session.user()); };
    connect(&m_connection, &client::ConnectionManager::opened, m_presence, markOwnUser);
    markOwnUser();
    return sidebar;
}

QWidget *MainWindow::buildConversation()
{
    auto *panel = new QWidget(this);
    panel->setMinimumWidth(ConversationMinimumWidth);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, Theme::Grid);
    layout->setSpacing(0);
    m_banner = new QLabel(panel);
    m_banner->setObjectName(QStringLiteral("Banner"));
    m_banner->setWordWrap(true);
    m_banner->setMargin(Theme::Grid);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_chat = new ChatView(panel);
    m_chat->setModel(m_controller.messages());
    connect(m_chat, &ChatView::olderMessagesWanted, &m_controller, &models::ChatController::loadOlder);
    connect(m_chat, &ChatView::retryRequested, &m_controller, &models::ChatController::retry);
    connect(m_chat, &ChatView::discardRequested, &m_controller, &models::ChatController::discard);
    layout->addWidget(m_chat, 1);

    m_composer = new Composer(panel);
    connect(m_composer, &Composer::sendRequested, &m_controller,
            [this](const QString &text) { m_controller.send(text); });
    connect(m_composer, &Composer::typing, &m_controller, &models::ChatController::typing);
    connect(m_composer, &Composer::typingStopped, &m_controller, &models::ChatController::typingStopped);
    layout->addWidget(m_composer);
    return panel;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::openSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *room = menuBar()->addMenu(tr("&Conversation"));
    room->addAction(tr("&Jump to…"), QKeySequence(Qt::CTRL | Qt::Key_K), this, &MainWindow::showQuickSwitcher);
    room->addAction(tr("&Search in this room…"), QKeySequence::Find, this, &MainWindow::showSearch);
    room->addAction(tr("&Previous"), QKeySequence(Qt::ALT | Qt::Key_Up), this, [this] { stepConversation(-1); });
    room->addAction(tr("&Next"), QKeySequence(Qt::ALT | Qt::Key_Down), this, [this] { stepConversation(1); });
    room->addSeparator();
    room->addAction(tr("Join or &create a room…"), m_roomList, &RoomListView::askToJoin);
    room->addAction(tr("&Leave this room"), this, [this] {
        const client::ConversationId current = client::ConversationId::fromKey(m_controller.currentConversation());
        if (current.isRoom())
            m_controller.leaveRoom(current.name());
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_markets->toggleViewAction());
    view->addAction(tr("&Reconnect now"), &m_connection, &client::ConnectionManager::reconnectNow);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Switchboard"), this, [this] {
        QMessageBox::about(this, tr("About Switchboard"),
                           tr("<b>Switchboard %1</b><p>Chat rooms and live market dashboards.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::onConversationOpened(const QString &name)
{
    if (m_composer->conversationName() != name)
        m_composer->switchConversation(m_composer->conversationName(), name);
    m_composer->setEnabled(!name.isEmpty());
    updateHeader();
    updateTitle();
}

void MainWindow::updateHeader()
{
    const QString name = m_controller.currentConversation();
    if (name.isEmpty()) {
        m_chat->setHeader(tr("No conversation"), tr("Join a room to start"));
        return;
    }
    if (m_controller.isDirect(name)) {
        m_chat->setHeader(client::ConversationId::fromKey(name).title(), tr("Direct messages"));
        return;
    }
    const int online = m_controller.presence()->onlineCount();
    m_chat->setHeader(client::ConversationId::fromKey(name).title(), tr("%n online", nullptr, online));
}

void MainWindow::updateTitle()
{
    const int unread = m_controller.rooms()->totalUnread();
    QString title = QStringLiteral("Switchboard");
    const QString conversation = client::ConversationId::fromKey(m_controller.currentConversation()).title();
    if (!conversation.isEmpty())
        title += QStringLiteral(" — ") + conversation;
    if (unread > 0)
        title = QStringLiteral("(%1) ").arg(unread) + title;
    setWindowTitle(title);
}

void MainWindow::stepConversation(int delta)
{
    auto *rooms = m_controller.rooms();
    const int count = rooms->rowCount();
    if (count == 0)
        return;
    const int current = rooms->rowOf(m_controller.currentConversation());
    const int next = ((current < 0 ? 0 : current + delta) + count) % count;
    m_controller.openConversation(rooms->index(next).data(models::RoomListModel::NameRole).toString());
}

void MainWindow::showQuickSwitcher()
{
    QStringList conversations;
    auto *rooms = m_controller.rooms();
    for (int row = 0; row < rooms->rowCount(); ++row)
        conversations.append(rooms->index(row).data(models::RoomListModel::NameRole).toString());
    for (const QString &room : m_controller.serverRooms()) {
        if (!conversations.contains(room))
            conversations.append(room);
    }
    // "Jump to a room or person": anyone met in a room can be written to directly.
    for (const QString &person : m_controller.knownPeople()) {
        const QString direct = client::ConversationId::direct(person).key();
        if (!conversations.contains(direct))
            conversations.append(direct);
    }
    QuickSwitcher switcher(conversations, this);
    if (switcher.exec() != QDialog::Accepted || switcher.chosen().isEmpty())
        return;
    const QString chosen = switcher.chosen();
    if (const QString peer = client::ConversationId::fromKey(chosen).peer(); !peer.isEmpty())
        m_controller.openDirect(peer); // listed or not: never a room named "@bob"
    else if (rooms->rowOf(chosen) >= 0)
        m_controller.openConversation(chosen);
    else
        m_controller.joinRoom(chosen);
    m_composer->editor()->setFocus(); // one jumps to a conversation to write in it
}

void MainWindow::showSearch()
{
    const QString room = m_controller.currentConversation();
    if (room.isEmpty())
        return;
    SearchDialog search(m_session, room, this);
    connect(&search, &SearchDialog::messageChosen, m_chat, &ChatView::scrollToSeq);
    search.exec();
}

void MainWindow::openSettings()
{
    // Certificates trusted since the window opened are in the file, not in m_settings.
    m_settings.pinnedCertificates = AppSettings::load().pinnedCertificates;
    SettingsDialog dialog(m_settings, SettingsDialog::Purpose::Settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings chosen = dialog.settings();
    chosen.save();
    // Theme and notifications apply at once; the connection is this run's until a restart.
    Theme::apply(*qApp, Theme::modeFromString(chosen.theme));
    m_notifier->setEnabled(chosen.notifications);
    const bool restart = m_settings.connectsDifferently(chosen);
    m_settings = chosen; // shown next time: what the user chose, even before it takes effect
    statusBar()->showMessage(restart ? tr("Saved. The new server, name or token takes effect on restart.")
                                     : tr("Saved."),
                             8000);
}

void MainWindow::askAboutCertificate(const QSslCertificate &certificate, const QString &errors)
{
    CertificateDialog dialog(m_connection.url().host(), certificate, errors, this);
    dialog.exec();
    if (!dialog.trusted())
        return;
    AppSettings settings = AppSettings::load();
    const QString pinned = client::ConnectionManager::fingerprint(certificate);
    if (!settings.pinnedCertificates.contains(pinned))
        settings.pinnedCertificates.append(pinned);
    settings.save();
    m_connection.setPinnedCertificates(settings.pinnedCertificates);
    m_connection.reconnectNow();
}

void MainWindow::showAnnouncement(const QString &text, const QString &level)
{
    const QColor colour = level == QLatin1String("critical") ? Theme::down()
        : level == QLatin1String("warning")                  ? QColor(0xf5, 0x9e, 0x0b)
                                                             : Theme::accent();
    m_banner->setText(text.toHtmlEscaped());
    m_banner->setStyleSheet(QStringLiteral("background: %1; color: white; border-radius: 4px;").arg(colour.name()));
    m_banner->show();
    QTimer::singleShot(BannerMs, m_banner, &QWidget::hide);
}

} // namespace sb::ui
