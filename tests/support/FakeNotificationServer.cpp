#include "FakeNotificationServer.h"

#include <QDBusMessage>

namespace {
const QString Service = "org.freedesktop.Notifications";
const QString Path = "/org/freedesktop/Notifications";
const QString ConnectionName = "fake-notification-server";
} // namespace

FakeNotificationServer::FakeNotificationServer(const QString &busAddress)
    : m_bus(QDBusConnection::connectToBus(busAddress, ConnectionName))
{
}

FakeNotificationServer::~FakeNotificationServer()
{
    stop();
    QDBusConnection::disconnectFromBus(ConnectionName);
}

bool FakeNotificationServer::start()
{
    return m_bus.isConnected() && m_bus.registerObject(Path, this, QDBusConnection::ExportAllSlots)
        && m_bus.registerService(Service);
}

void FakeNotificationServer::stop()
{
    m_bus.unregisterService(Service);
    m_bus.unregisterObject(Path);
}

uint FakeNotificationServer::Notify(const QString &appName, uint replacesId, const QString &appIcon,
    const QString &summary, const QString &body, const QStringList &actions,
    const QVariantMap &hints, int expireTimeout)
{
    // As the spec says: replace the notification if it is still open, else make a new one.
    const uint id = m_open.contains(replacesId) ? replacesId : ++m_lastId;
    m_open.insert(id);
    m_calls.append(
        {appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout, id});
    return id;
}

void FakeNotificationServer::CloseNotification(uint id)
{
    close(id, 3);
}

QStringList FakeNotificationServer::GetCapabilities()
{
    return {"actions", "body"};
}

QString FakeNotificationServer::GetServerInformation(
    QString &vendor, QString &version, QString &specVersion)
{
    vendor = "Switchboard tests";
    version = "1";
    specVersion = "1.2";
    return "fake-notification-server";
}

void FakeNotificationServer::invokeAction(uint id, const QString &actionKey)
{
    emitSignal("ActionInvoked", {id, actionKey});
}

void FakeNotificationServer::close(uint id, uint reason)
{
    if (m_open.remove(id))
        emitSignal("NotificationClosed", {id, reason});
}

void FakeNotificationServer::emitSignal(const QString &name, const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createSignal(Path, Service, name);
    message.setArguments(arguments);
    m_bus.send(message);
}
