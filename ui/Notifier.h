#pragma once

#include "client/ChatTypes.h"
#include "notifications/NoticeBoard.h"

#include <QDBusConnection>
#include <QObject>
#include <QTimer>

class QWidget;

namespace sb::ui {

class NotificationBackend;

// Desktop notifications for mentions and direct messages while the user is looking elsewhere:
// never for the conversation that is open in the focused window. Messages that arrive in one
// pass of the event loop (a reconnect's catch-up) are coalesced into one notification per
// conversation. Shown by the desktop's notification server over D-Bus where the session bus
// has one, else in the system tray's balloon, else not at all (the badges still tell).
class Notifier : public QObject
{
    Q_OBJECT

public:
    enum class Channel { DesktopNotifications, TrayBalloon, None };

    explicit Notifier(QWidget *window, QObject *parent = nullptr);
    // On another bus than the session's (tests).
    Notifier(QWidget *window, const QDBusConnection &bus, QObject *parent = nullptr);

    void setEnabled(bool enabled);
    // Whether a message would be notified now (exposed for tests).
    bool wouldNotify(const client::ChatMessage &message, const QString &openConversation) const;
    void notify(const client::ChatMessage &message, bool direct, const QString &openConversation);
    int notifiedCount() const { return m_count; }
    Channel channel() const { return m_channel; }

signals:
    void activated(const QString &conversation);

private:
    void useBackend(NotificationBackend *backend, Channel channel);
    void showPending();

    QWidget *m_window;
    NotificationBackend *m_backend = nullptr;
    Channel m_channel = Channel::None;
    NoticeBoard m_board;
    QTimer m_burstEnd; // fires once the current pass of the event loop is done
    bool m_enabled = true;
    int m_count = 0;
};

} // namespace sb::ui
