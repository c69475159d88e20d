#pragma once

#include "client/ChatTypes.h"

#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace sb::ui {

// Desktop notifications for mentions and direct messages while the user is looking elsewhere:
// never for the conversation that is open in the focused window. Uses the system tray's
// balloon where there is a tray; without one it stays silent (the badges still tell).
class Notifier : public QObject
{
    Q_OBJECT

public:
    explicit Notifier(QWidget *window, QObject *parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    // Whether a message would be notified now (exposed for tests).
    bool wouldNotify(const client::ChatMessage &message, const QString &openConversation) const;
    void notify(const client::ChatMessage &message, bool direct, const QString &openConversation);
    int notifiedCount() const { return m_count; }

signals:
    void activated(const QString &conversation);

private:
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastConversation;
    bool m_enabled = true;
    int m_count = 0;
};

} // namespace sb::ui
