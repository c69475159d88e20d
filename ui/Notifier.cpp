#include "Notifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

namespace sb::ui {

Notifier::Notifier(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("Switchboard"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                [this] { emit activated(m_lastConversation); });
    }
}

bool Notifier::wouldNotify(const client::ChatMessage &message, const QString &openConversation) const
{
    const bool looking = m_window->isActiveWindow() && message.room == openConversation;
    return m_enabled && !looking;
}

void Notifier::notify(const client::ChatMessage &message, bool direct, const QString &openConversation)
{
    if (!wouldNotify(message, openConversation))
        return;
    ++m_count;
    m_lastConversation = message.room;
    if (!m_tray)
        return;
    const QString title = direct ? tr("%1 (direct message)").arg(message.from)
                                 : tr("%1 in #%2").arg(message.from, message.room);
    m_tray->showMessage(title, message.text.left(200), QSystemTrayIcon::Information, 8000);
}

} // namespace sb::ui
