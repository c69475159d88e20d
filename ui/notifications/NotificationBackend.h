#pragma once

#include "Notice.h"

#include <QList>
#include <QObject>

namespace sb::ui {

// Where the Notifier's notices are shown: the desktop's notification server over D-Bus, or the
// system tray's balloon. The Notifier decides what is due and coalesces; a backend displays.
class NotificationBackend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // One burst: a notice per conversation that got messages in it, oldest first.
    virtual void show(const QList<Notice> &notices) = 0;

signals:
    // The user clicked the notification of this conversation.
    void activated(const QString &conversation);
    // This conversation's notification is gone: its next message makes a new one.
    void closed(const QString &conversation);
};

} // namespace sb::ui
