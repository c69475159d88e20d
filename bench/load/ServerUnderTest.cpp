#include "ServerUnderTest.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <sys/resource.h>
#include <unistd.h>

namespace bench {

ServerUnderTest::~ServerUnderTest()
{
    stop();
}

QString ServerUnderTest::logFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("server.log")) : QString();
}

bool ServerUnderTest::spawn(const QString &binary, const QStringList &arguments, QString *error)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary data dir");
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setStandardOutputFile(logFile());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(binary, QStringList{QStringLiteral("--port"), QStringLiteral("0"),
                                         QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("data"))}
                                 + arguments);
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(binary, m_process->errorString());
        return false;
    }
    m_pid = m_process->processId();
    static const QRegularExpression listening(QStringLiteral("listening on wss?://([^:/ ]+):(\\d+)"));
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 15000) {
        QFile log(logFile());
        if (log.open(QIODevice::ReadOnly)) {
            const auto match = listening.match(QString::fromUtf8(log.readAll()));
            if (match.hasMatch()) {
                m_host = match.captured(1);
                m_port = quint16(match.captured(2).toUInt());
                return true;
            }
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(20);
    }
    QFile log(logFile());
    log.open(QIODevice::ReadOnly);
    *error = QStringLiteral("the server did not start listening:\n%1").arg(QString::fromUtf8(log.readAll()));
    return false;
}

void ServerUnderTest::attach(const QString &host, quint16 port, qint64 pid)
{
    m_host = host;
    m_port = port;
    m_pid = pid;
}

void ServerUnderTest::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(10000)) {
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

long ServerUnderTest::rssKiB() const
{
    if (m_pid <= 0)
        return -1;
    QFile status(QStringLiteral("/proc/%1/status").arg(m_pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

double ServerUnderTest::cpuSeconds() const
{
    if (m_pid <= 0)
        return -1;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    // The command name (field 2) may hold spaces: fields are counted after its ')'.
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

double selfCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace bench
