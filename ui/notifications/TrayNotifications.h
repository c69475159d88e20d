#pragma once

#include "NotificationBackend.h"

class QSystemTrayIcon;

namespace sb::ui {

// The fallback where no notification server is on the session bus: the system tray's balloon.
// A balloon cannot be replaced or followed, so each burst gets one balloon, counted on its own.
class TrayNotifications : public NotificationBackend
{
    Q_OBJECT

public:
    explicit TrayNotifications(QObject *parent = nullptr);

    static bool isAvailable();
    void show(const QList<Notice> &notices) override;

private:
    QSystemTrayIcon *m_tray;
    QString m_clickOpens; // the conversation of the latest balloon
};

} // namespace sb::ui
