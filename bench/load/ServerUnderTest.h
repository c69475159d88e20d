#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace bench {

// The switchboard-server under test: spawned from build/bin on a free port with a fresh data
// dir, or an already running one (--server URL, with --server-pid for its RSS and CPU).
class ServerUnderTest
{
public:
    ~ServerUnderTest();

    // Spawns `binary --port 0 --data-dir <temp> <arguments>` and waits for its "listening on"
    // line. Its output goes to a log file, so a chatty server never blocks on a full pipe.
    bool spawn(const QString &binary, const QStringList &arguments, QString *error);
    // Uses a running server; pid 0 when its resources cannot be read.
    void attach(const QString &host, quint16 port, qint64 pid);
    // SIGTERM (graceful shutdown) and wait; SIGKILL after a few seconds.
    void stop();

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    QString logFile() const;

    // Resident memory (VmRSS) in KiB and CPU time (user + system) in seconds, from /proc;
    // -1 when unknown.
    long rssKiB() const;
    double cpuSeconds() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QString m_host = QStringLiteral("127.0.0.1");
    quint16 m_port = 0;
    qint64 m_pid = 0;
};

// Of this process (the generator), for the report: CPU seconds so far.
double selfCpuSeconds();

} // namespace bench
