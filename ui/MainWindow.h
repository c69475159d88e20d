#pragma once

#include "AppSettings.h"
#include "Theme.h"

#include <QMainWindow>

class QLabel;
class QSplitter;
class QSslCertificate;

namespace sb::client {
class ConnectionManager;
class Outbox;
class Session;
}

namespace sb::models {
class ChatController;
class MarketController;
}

namespace sb::ui {

class ChatView;
class Composer;
class ConnectionStatusWidget;
class ChartPanel;
class MarketsDock;
class Notifier;
class PresenceView;
class RoomListView;
class SearchPanel;
class WatchlistView;
class WindowMemory;

// The window users install Switchboard for: rooms on the left, the conversation in the middle,
// the markets (watchlist and live chart) in a dock on the right, the connection in the status
// bar. It only arranges widgets and forwards the user's actions to the controllers.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // What the window shows and drives, each handed in, so no widget reaches through one part
    // for another.
    struct Parts
    {
        models::ChatController &chat;
        models::MarketController &market;
        client::Session &session;              // liveness, the user's name, refused requests, search
        client::ConnectionManager &connection; // the status bar, certificates, the server's address
        client::Outbox &outbox;                // the status bar's count of unsent messages
    };

    // Narrower than this, messages wrap every two or three words: the markets dock gives way
    // first (and the window stops shrinking once the dock is at its own minimum).
    static constexpr int ConversationMinimumWidth = 40 * Theme::Grid;

    explicit MainWindow(const Parts &parts, QWidget *parent = nullptr);
    ~MainWindow() override;

    ChatView *chatView() const { return m_chat; }
    Composer *composer() const { return m_composer; }
    RoomListView *roomList() const { return m_roomList; }
    ChartPanel *chartPanel() const;
    WatchlistView *watchlist() const;
    ConnectionStatusWidget *connectionStatus() const { return m_status; }
    Notifier *notifier() const { return m_notifier; }

    void openSettings();
    void showQuickSwitcher();
    void showSearch();

private:
    void buildMenus();
    QWidget *buildSidebar();
    QWidget *buildConversation();
    void showLiveness(); // stale prices and presence say so
    void buildContextMenus(); // right click / Menu key on messages, rooms, people, symbols
    void onConversationOpened(const QString &name);
    void updateHeader();
    void updateTitle();
    void stepConversation(int delta);
    void showAnnouncement(const QString &text, const QString &level);
    void askAboutCertificate(const QSslCertificate &certificate, const QString &errors);

    models::ChatController &m_controller;
    client::Session &m_session;
    client::ConnectionManager &m_connection;
    AppSettings m_settings; // what Settings shows: in effect, or saved for the next start
    QSplitter *m_splitter = nullptr;
    RoomListView *m_roomList = nullptr;
    PresenceView *m_presence = nullptr;
    ChatView *m_chat = nullptr;
    Composer *m_composer = nullptr;
    SearchPanel *m_searchPanel = nullptr;
    QLabel *m_banner = nullptr;
    MarketsDock *m_markets = nullptr;
    ConnectionStatusWidget *m_status = nullptr;
    Notifier *m_notifier = nullptr;
    WindowMemory *m_memory = nullptr;
};

} // namespace sb::ui
