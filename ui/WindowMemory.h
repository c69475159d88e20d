#pragma once

#include "ServerSettings.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class QMainWindow;
class QSplitter;

namespace sb::models {
class ChatController;
}

namespace sb::ui {

class ChatView;
class Composer;

// What the window keeps across restarts, so the app comes back as the user left it: the
// window's geometry and dock state and the splitters (the user's, in QSettings "window/…"),
// and per server (ServerSettings): the open conversation, every unsent draft, and where the
// user was reading in each conversation (the top visible message, or "at the bottom").
//
// Restores when made (after the window's widgets exist, before it is shown); saves a moment
// after each change, and everything at once on close or save().
class WindowMemory : public QObject
{
    Q_OBJECT

public:
    struct Panes
    {
        QSplitter *main = nullptr;    // sidebar | conversation
        QSplitter *markets = nullptr; // watchlist over chart
        ChatView *chat = nullptr;
        Composer *composer = nullptr;
    };

    static constexpr int SaveDelayMs = 500;

    // `server`: whose per-server memory (conversation, drafts, reading positions) this is.
    WindowMemory(QMainWindow *window, models::ChatController &controller, const QUrl &server,
                 const Panes &panes);

    void save();

    // The conversation open when the app last ran against `server` ("" if none).
    static QString rememberedConversation(const QUrl &server);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void restore();
    void scheduleSave() { m_saveTimer.start(); }
    void onConversationOpened(const QString &name);
    void recordReadingPosition();
    void restoreReadingPosition();

    QMainWindow *m_window;
    models::ChatController &m_controller;
    Panes m_panes;
    ServerSettings m_server;
    QTimer m_saveTimer;
    // conversation → seq of the top visible message; absent while reading at the bottom.
    QHash<QString, qint64> m_readingAt;
    // The view moves for a new conversation (or the first layout), not the reader: nothing is
    // recorded until the reader's position is restored.
    bool m_restoringPosition = true;
};

} // namespace sb::ui
