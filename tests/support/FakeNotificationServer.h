#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVariantMap>

// org.freedesktop.Notifications as a desktop's notification server offers it, on its own
// connection to a (private) bus, recording every Notify call. The test plays the user with
// invokeAction() and close(), which emit the server's signals over the bus.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
        uint id = 0; // what Notify answered
    };

    explicit FakeNotificationServer(const QString &busAddress);
    ~FakeNotificationServer() override;

    // Takes the service name on the bus; false if that failed.
    bool start();
    void stop();

    const QList<Call> &calls() const { return m_calls; }
    bool isOpen(uint id) const { return m_open.contains(id); }
    void invokeAction(uint id, const QString &actionKey);
    // reason 2: dismissed by the user.
    void close(uint id, uint reason = 2);

public slots: // the D-Bus interface
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon,
        const QString &summary, const QString &body, const QStringList &actions,
        const QVariantMap &hints, int expireTimeout);
    void CloseNotification(uint id);
    QStringList GetCapabilities();
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion);

private:
    void emitSignal(const QString &name, const QVariantList &arguments);

    QDBusConnection m_bus;
    QList<Call> m_calls;
    QSet<uint> m_open;
    uint m_lastId = 0;
};
