// The real switchboard executable where there is no display at all (a server, ssh, CI): --help,
// --version and a bad option answer and exit, and --headless connects to the real server and
// quits cleanly on SIGTERM. A QApplication aborts (exit 134) without a display, so these pass
// only when the command line is parsed before one exists and --headless never makes one.
#include "TestServer.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class ClientProcessTest : public QObject
{
    Q_OBJECT

private slots:
    void helpWorksWithoutADisplay();
    void versionWorksWithoutADisplay();
    void badOptionExitsWithAMessageWithoutADisplay();
    void headlessConnectsAndQuitsOnSigterm();

private:
    // DISPLAY and WAYLAND_DISPLAY removed, QT_QPA_PLATFORM unset: no platform plugin can start.
    static QProcessEnvironment noDisplay();
    // Runs switchboard to its end; returns its exit code (-1 if it crashed or hung), stdout
    // and stderr together in `output`.
    static int run(const QStringList &arguments, QByteArray *output);
};

QProcessEnvironment ClientProcessTest::noDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

int ClientProcessTest::run(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    process.setProcessEnvironment(noDisplay());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SB_CLIENT_BINARY), arguments);
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void ClientProcessTest::helpWorksWithoutADisplay()
{
    QByteArray output;
    QCOMPARE(run({QStringLiteral("--help")}, &output), 0);
    for (const char *option : {"--server", "--user", "--headless", "--screenshot", "--theme"})
        QVERIFY2(output.contains(option), output.constData());
    QVERIFY2(!output.contains("<executable_name>"), output.constData());
    QVERIFY2(!output.contains("--geometry"), "Qt's own options stay out of the help");
}

void ClientProcessTest::versionWorksWithoutADisplay()
{
    QByteArray output;
    QCOMPARE(run({QStringLiteral("--version")}, &output), 0);
    QVERIFY2(output.contains("switchboard") && output.contains(SB_VERSION), output.constData());
}

void ClientProcessTest::badOptionExitsWithAMessageWithoutADisplay()
{
    QByteArray output;
    QCOMPARE(run({QStringLiteral("--no-such-option")}, &output), 2);
    QVERIFY2(output.contains("no-such-option"), output.constData());
    QCOMPARE(run({QStringLiteral("--theme"), QStringLiteral("purple")}, &output), 2);
    QVERIFY2(output.contains("--theme"), output.constData());
}

void ClientProcessTest::headlessConnectsAndQuitsOnSigterm()
{
    TestServer server;
    QVERIFY(server.isRunning());
    QTemporaryDir dataDir;
    QProcess process;
    process.setProcessEnvironment(noDisplay());
    process.setProcessChannelMode(QProcess::MergedChannels);
    QByteArray output;
    connect(&process, &QProcess::readyRead, this, [&] { output += process.readAll(); });
    process.start(QStringLiteral(SB_CLIENT_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--server"), server.url().toString(),
                   QStringLiteral("--user"), QStringLiteral("robot"), QStringLiteral("--data-dir"),
                   dataDir.path(), QStringLiteral("--join"), QStringLiteral("general")});
    QVERIFY(process.waitForStarted());
    // The server runs in this process: wait with the event loop running, never blocked.
    QTRY_VERIFY2_WITH_TIMEOUT(output.contains("state: open") || process.state() == QProcess::NotRunning,
                              output.constData(), 20000);
    QCOMPARE(process.state(), QProcess::Running);

    process.terminate(); // SIGTERM
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000);
    QVERIFY2(process.exitStatus() == QProcess::NormalExit, output.constData());
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(ClientProcessTest)
#include "tst_client_process.moc"
