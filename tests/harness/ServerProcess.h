#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

// The real switchboard-server executable, for what only a process can show: kill -9, signals,
// the command line. It listens on a free port unless one is given.
class ServerProcess
{
public:
    ~ServerProcess();

    // Starts `switchboard-server --data-dir DIR --port PORT ARGS…` and waits for its
    // "listening on" line.
    bool start(const QString &dataDir, const QStringList &arguments = {}, quint16 port = 0,
               int timeoutMs = 10000);
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }

    void kill();                          // SIGKILL: no chance to flush anything
    bool terminate(int timeoutMs = 10000); // SIGTERM and wait for the exit
    // SIGTERM without blocking, then waiting with the event loop running: the test's own sockets
    // keep reading while the server shuts down (terminate() blocks them until the exit).
    void sendTerminate();
    bool waitForExit(int timeoutMs = 10000);
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    QByteArray output();

    // Runs the executable to completion (for --help, --version, `token`, bad flags).
    static int run(const QStringList &arguments, QByteArray *output, int timeoutMs = 10000);

private:
    QProcess m_process;
    QUrl m_url;
    QByteArray m_output;
};
