#include "Notifier.h"

#include "notifications/DesktopNotifications.h"
#include "notifications/TrayNotifications.h"

#include <QWidget>

namespace sb::ui {

Notifier::Notifier(QWidget *window, QObject *parent)
    : Notifier(window, QDBusConnection::sessionBus(), parent)
{
}

Notifier::Notifier(QWidget *window, const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    if (DesktopNotifications::isAvailable(bus))
        useBackend(new DesktopNotifications(bus, this), Channel::DesktopNotifications);
    else if (TrayNotifications::isAvailable())
        useBackend(new TrayNotifications(this), Channel::TrayBalloon);

    m_burstEnd.setSingleShot(true);
    m_burstEnd.setInterval(0);
    connect(&m_burstEnd, &QTimer::timeout, this, &Notifier::showPending);
}

void Notifier::useBackend(NotificationBackend *backend, Channel channel)
{
    m_backend = backend;
    m_channel = channel;
    connect(backend, &NotificationBackend::activated, this, [this](const QString &conversation) {
        m_board.dismiss(conversation); // the user is about to read it
        emit activated(conversation);
    });
    connect(backend, &NotificationBackend::closed, this,
        [this](const QString &conversation) { m_board.dismiss(conversation); });
}

void Notifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        m_board.clear();
}

bool Notifier::wouldNotify(const client::ChatMessage &message, const QString &openConversation) const
{
    const bool looking = m_window->isActiveWindow() && message.room == openConversation;
    return m_enabled && !looking;
}

void Notifier::notify(const client::ChatMessage &message, bool direct, const QString &openConversation)
{
    if (!wouldNotify(message, openConversation)) {
        // Read where it arrived: so are the messages its shown notification counts.
        m_board.dismiss(message.room);
        return;
    }
    ++m_count;
    if (!m_backend)
        return;
    m_board.add(message, direct);
    m_burstEnd.start();
}

void Notifier::showPending()
{
    if (m_backend && m_enabled)
        m_backend->show(m_board.takeChanged());
}

} // namespace sb::ui
