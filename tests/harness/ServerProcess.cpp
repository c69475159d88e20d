#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServerProcess::start(const QString &dataDir, const QStringList &arguments, quint16 port,
                          int timeoutMs)
{
    m_output.clear();
    m_url.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral(SB_SERVER_BINARY),
                    QStringList{QStringLiteral("--data-dir"), dataDir, QStringLiteral("--port"),
                                QString::number(port)}
                        + arguments);
    static const QRegularExpression listening(QStringLiteral("listening on (ws://\\S+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(50);
        m_output += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    return false;
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

bool ServerProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    return m_process.waitForFinished(timeoutMs);
}

void ServerProcess::sendTerminate()
{
    m_process.terminate();
}

bool ServerProcess::waitForExit(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    QSignalSpy finished(&m_process, &QProcess::finished);
    return finished.wait(timeoutMs) || m_process.state() == QProcess::NotRunning;
}

QByteArray ServerProcess::output()
{
    m_output += m_process.readAll();
    return m_output;
}

int ServerProcess::run(const QStringList &arguments, QByteArray *output, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SB_SERVER_BINARY), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}
