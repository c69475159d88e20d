#include "DesktopNotifications.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>

namespace sb::ui {

Q_LOGGING_CATEGORY(lcNotify, "switchboard.ui.notifications")

namespace {
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString AppName = QStringLiteral("Switchboard");
// Icon= and the file name of installer/switchboard.desktop: servers look both up by these.
const QString DesktopEntry = QStringLiteral("switchboard");
const QString DefaultAction = QStringLiteral("default");
constexpr int ServerDefaultTimeout = -1;
} // namespace

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : NotificationBackend(parent)
    , m_bus(bus)
{
    // Naming the service lets QtDBus follow its owner, so a restarted server still reaches us.
    m_bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this,
        SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(Service, Path, Interface, QStringLiteral("NotificationClosed"), this,
        SLOT(onNotificationClosed(uint, uint)));
    askCapabilities();
}

bool DesktopNotifications::isAvailable(const QDBusConnection &bus)
{
    const QDBusConnectionInterface *daemon = bus.isConnected() ? bus.interface() : nullptr;
    if (!daemon)
        return false;
    // Servers such as notification-daemon are only started by the first Notify.
    return daemon->isServiceRegistered(Service).value()
        || daemon->activatableServiceNames().value().contains(Service);
}

void DesktopNotifications::show(const QList<Notice> &notices)
{
    for (const Notice &notice : notices) {
        Shown &shown = m_shown[notice.conversation];
        if (shown.awaitingId) {
            shown.next = notice; // replaces what it would have replaced, once we know the id
            continue;
        }
        shown.awaitingId = true;
        send(notice, shown.id);
    }
}

void DesktopNotifications::send(const Notice &notice, uint replacesId)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    const QVariantMap hints{
        {QStringLiteral("desktop-entry"), DesktopEntry},
        {QStringLiteral("category"), QStringLiteral("im.received")},
    };
    const QString body = m_bodyMarkup ? notice.body.toHtmlEscaped() : notice.body;
    call << AppName << replacesId << DesktopEntry << notice.summary << body
         << QStringList{DefaultAction, tr("Open")} << hints << ServerDefaultTimeout;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, conversation = notice.conversation](QDBusPendingCallWatcher *finished) {
                onNotifyReply(conversation, finished);
            });
}

void DesktopNotifications::onNotifyReply(const QString &conversation,
                                         QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    const QDBusPendingReply<uint> reply = *watcher;
    const auto shown = m_shown.find(conversation);
    if (shown == m_shown.end())
        return;
    if (reply.isError()) {
        qCWarning(lcNotify) << "Notify failed:" << reply.error().message();
        m_shown.erase(shown);
        emit closed(conversation);
        return;
    }
    shown->id = reply.value();
    shown->awaitingId = false;
    if (shown->next) {
        const Notice next = *std::exchange(shown->next, std::nullopt);
        shown->awaitingId = true;
        send(next, shown->id);
    }
}

void DesktopNotifications::onActionInvoked(uint id, const QString &actionKey)
{
    const QString conversation = conversationOf(id);
    if (!conversation.isEmpty() && actionKey == DefaultAction)
        emit activated(conversation);
}

void DesktopNotifications::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason) // expired, dismissed or closed: in every case it is no longer on screen
    const QString conversation = conversationOf(id);
    if (conversation.isEmpty())
        return;
    Shown &shown = m_shown[conversation];
    if (shown.awaitingId) {
        // A replacement is on its way; the server makes it a new notification with a new id.
        shown.id = 0;
        return;
    }
    m_shown.remove(conversation);
    emit closed(conversation);
}

void DesktopNotifications::askCapabilities()
{
    const QDBusMessage call =
        QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("GetCapabilities"));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this](QDBusPendingCallWatcher *finished) {
            finished->deleteLater();
            const QDBusPendingReply<QStringList> reply = *finished;
            // With body-markup, "<" and "&" in a chat message would be taken as markup.
            m_bodyMarkup =
                !reply.isError() && reply.value().contains(QStringLiteral("body-markup"));
        });
}

QString DesktopNotifications::conversationOf(uint id) const
{
    if (id == 0)
        return {};
    for (auto shown = m_shown.cbegin(); shown != m_shown.cend(); ++shown) {
        if (shown->id == id)
            return shown.key();
    }
    return {};
}

} // namespace sb::ui
