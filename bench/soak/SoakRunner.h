#pragma once

#include "ServerProcess.h"
#include "SoakClient.h"
#include "SoakOptions.h"
#include "Verdict.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace sb::soak {

// The whole soak: the real switchboard-server as a child process on its own data dir,
// SIGKILLed and restarted on the same dir and port every 10–20 s; N SoakClients with faults of
// their own; a fifth of them rebuilt mid-run; then the chaos stops, everyone catches up, the
// server shuts down cleanly and the Oracle judges the logs against its history.
class SoakRunner : public QObject
{
    Q_OBJECT

public:
    explicit SoakRunner(SoakOptions options, QObject *parent = nullptr);
    ~SoakRunner() override;

    // Runs to the end (event loop inside); the exit status: 0 only without any violation.
    int run();

private:
    bool startServer(quint16 port);
    bool createClients();
    void killServer();
    void scheduleKill();
    void progress();
    bool drain();
    // How far the two users of each DM conversation are apart (in seqs): 0 when both have all.
    qint64 directBacklog() const;
    void report(const Verdict &verdict, const QList<ClientLog> &logs);
    void wait(int ms);
    qint64 elapsed() const { return m_clock.elapsed(); }

    SoakOptions m_options;
    QRandomGenerator m_random;
    QElapsedTimer m_clock;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_root;
    QString m_serverDir;
    ServerProcess m_server;
    quint16 m_port = 0;
    QList<SoakClient *> m_clients;
    QTimer m_killTimer;
    QTimer m_progressTimer;
    QTextStream m_out;

    int m_kills = 0;
    int m_restartFailures = 0;
    QList<qint64> m_downtimes;     // SIGKILL → new server listening, ms
    QList<qint64> m_resumeMs;      // per client and restart: SIGKILL → back in all its rooms
    QList<qint64> m_resumeFreshMs; // the same, for clients whose backoff was at its first step
    QList<qint64> m_allResumedMs;  // per restart: SIGKILL → the last timed client back
    qint64 m_lastKillMs = -1;
    int m_timedThisKill = 0;
    int m_resumedThisKill = 0;
    qint64 m_slowestThisKill = 0;
    int m_excluded = 0;
    qint64 m_drainMs = 0;
    bool m_drained = false;
};

} // namespace sb::soak
