#include "RedisProcess.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>

namespace {
QString redisBinary()
{
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

RedisProcess::~RedisProcess()
{
    kill();
}

bool RedisProcess::isInstalled()
{
    return !redisBinary().isEmpty();
}

bool RedisProcess::start()
{
    if (m_port == 0)
        m_port = freePort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(redisBinary(),
                    {QStringLiteral("--port"), QString::number(m_port),
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--dir"), m_dir.path(),
                     QStringLiteral("--appendonly"), QStringLiteral("yes"),
                     QStringLiteral("--appendfsync"), QStringLiteral("always"),
                     QStringLiteral("--save"), QString(),
                     QStringLiteral("--daemonize"), QStringLiteral("no"),
                     QStringLiteral("--protected-mode"), QStringLiteral("no")});
    if (!m_process.waitForStarted(5000))
        return false;
    // Polled, not awaited on a signal: readiness is Redis answering, which no signal tells.
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        if (answersPing())
            return true;
        QThread::msleep(20);
    }
    return false;
}

bool RedisProcess::answersPing() const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!socket.waitForConnected(200))
        return false;
    socket.write("PING\r\n");
    if (!socket.waitForReadyRead(500))
        return false;
    return socket.readAll().startsWith("+PONG");
}

void RedisProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    m_process.waitForFinished(10000);
    m_output += m_process.readAll();
}

void RedisProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
    m_output += m_process.readAll();
}

void RedisProcess::pause()
{
    ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void RedisProcess::resume()
{
    ::kill(pid_t(m_process.processId()), SIGCONT);
}

QString RedisProcess::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port);
}

QByteArray RedisProcess::output()
{
    m_output += m_process.readAll();
    return m_output;
}
