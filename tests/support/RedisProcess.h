#pragma once

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// A real redis-server for the Redis engine's tests: on a free loopback port, with a directory of
// its own and the append-only file fsynced on every write, so a stop and start keeps every
// write Redis answered (what "acked" means with --redis).
class RedisProcess
{
public:
    ~RedisProcess();

    static bool isInstalled();
    // Starts redis-server (on the same port and directory as before, after a stop) and waits
    // until it answers PING.
    bool start();
    void stop();  // SHUTDOWN as an operator would (SIGTERM), waiting for the exit
    void kill();  // SIGKILL
    // SIGSTOP / SIGCONT: a Redis that hangs with its connections open (nothing is refused,
    // nothing answers), as under a long stall of its machine.
    void pause();
    void resume();
    QString url() const;
    quint16 port() const { return m_port; }
    QByteArray output();

private:
    bool answersPing() const;

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};
