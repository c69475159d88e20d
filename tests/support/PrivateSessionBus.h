#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A dbus-daemon of the test's own, so that what a suite sends on "the session bus" never reaches
// the desktop it runs on and nothing there answers it. Its configuration lists no service
// files: nothing is activated, only what the test registers is there. Start it before
// QApplication and before anything uses QDBusConnection::sessionBus(), then call
// useAsSessionBus().
class PrivateSessionBus
{
public:
    PrivateSessionBus();
    ~PrivateSessionBus();

    bool isRunning() const { return !m_address.isEmpty(); }
    // False when dbus-daemon is not installed at all (a suite may skip then, and only then).
    bool isInstalled() const { return m_installed; }
    QString address() const { return m_address; }
    // Why it is not running, for the test log.
    QString problem() const { return m_problem; }
    // Points DBUS_SESSION_BUS_ADDRESS of this process at it.
    void useAsSessionBus() const;

private:
    bool writeConfig(const QString &path);

    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
    QString m_problem;
    bool m_installed = false;
};
