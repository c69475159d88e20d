#include "PrivateSessionBus.h"

#include <QFile>
#include <QStandardPaths>

namespace {
// The address is the daemon's first line; it comes once the daemon listens.
constexpr int StartTimeoutMs = 20000;
} // namespace

PrivateSessionBus::PrivateSessionBus()
{
    const QString daemon = QStandardPaths::findExecutable("dbus-daemon");
    m_installed = !daemon.isEmpty();
    if (!m_installed) {
        m_problem = "dbus-daemon is not installed (Debian package dbus-daemon)";
        return;
    }
    const QString config = m_dir.filePath("session.conf");
    if (!m_dir.isValid() || !writeConfig(config)) {
        m_problem = "cannot write the bus configuration in " + m_dir.path();
        return;
    }
    m_daemon.start(daemon, {"--config-file=" + config, "--nofork", "--print-address=1"});
    if (!m_daemon.waitForStarted(StartTimeoutMs)) {
        m_problem = "dbus-daemon did not start: " + m_daemon.errorString();
        return;
    }
    while (!m_daemon.canReadLine() && m_daemon.waitForReadyRead(StartTimeoutMs)) { }
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    // Its stderr (as root: "Failed to set fd limit") is only worth reading when it failed.
    if (m_address.isEmpty())
        m_problem = "dbus-daemon printed no address: "
            + QString::fromLocal8Bit(m_daemon.readAllStandardError());
}

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    m_daemon.terminate();
    if (!m_daemon.waitForFinished(5000))
        m_daemon.kill();
    m_daemon.waitForFinished();
}

void PrivateSessionBus::useAsSessionBus() const
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
}

bool PrivateSessionBus::writeConfig(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // No <servicedir>: a notification daemon installed on this machine must not be activated.
    const QString config =
        R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
    return file.write(config.arg(m_dir.path()).toUtf8()) > 0;
}
