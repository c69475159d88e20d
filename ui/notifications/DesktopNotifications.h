#pragma once

#include "NotificationBackend.h"

#include <QDBusConnection>
#include <QHash>
#include <optional>

class QDBusPendingCallWatcher;

namespace sb::ui {

// Notifications through the desktop's notification server (org.freedesktop.Notifications on
// the session bus), as GNOME, KDE, dunst or mako provide it, tray or no tray. Each conversation
// has at most one notification on screen: a newer notice replaces it (replaces_id). A click
// ("default" action) reports the conversation; NotificationClosed forgets it.
class DesktopNotifications : public NotificationBackend
{
    Q_OBJECT

public:
    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);

    // Whether a notification server runs on this bus or can be started by it.
    static bool isAvailable(const QDBusConnection &bus);
    void show(const QList<Notice> &notices) override;

private slots:
    // Signals of the notification server, for every application's notifications.
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    struct Shown
    {
        uint id = 0; // the server's id; 0 until its Notify reply comes
        bool awaitingId = false;
        std::optional<Notice> next; // came while awaiting the id: sent once the id is known
    };

    void send(const Notice &notice, uint replacesId);
    void onNotifyReply(const QString &conversation, QDBusPendingCallWatcher *watcher);
    void askCapabilities();
    QString conversationOf(uint id) const;

    QDBusConnection m_bus;
    QHash<QString, Shown> m_shown; // by conversation
    bool m_bodyMarkup = false;
};

} // namespace sb::ui
