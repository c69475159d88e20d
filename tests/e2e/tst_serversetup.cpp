// ServerSetup: each way the server's set-up can fail says what to fix, and a server whose set-up
// failed does not listen.
#include "TestServer.h"
#include "server/MessageStore.h"
#include "server/MetricsServer.h"
#include "server/ServerSetup.h"
#include "server/ServerStats.h"
#include "server/market/TickerFeed.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using sb::server::ServerConfig;
using sb::server::ServerSetup;

class ServerSetupTest : public QObject
{
    Q_OBJECT

private slots:
    void missingTlsFilesNameBothPaths();
    void unreadablePemSaysWhatItExpected();
    void plainWsOnPublicAddressIsRefused();
    void storeOpensInDataDirAndCloses();
    void unopenableStoreIsAnError();
    void serverWithBadStoreDoesNotListen();
    void serverWithBadTlsDoesNotListen();
    void feedOffMakesNoFeed();
    void missingTickerCsvIsAnError();
    void metricsOnTakenPortIsAnError();

private:
    ServerConfig config() const
    {
        ServerConfig c = TestServer::defaultConfig();
        c.dataDir = m_dir.path();
        return c;
    }
    // A config whose data dir is a plain file: no database can be made there.
    ServerConfig configWithDataDirAFile(const QString &name) const
    {
        ServerConfig c = config();
        c.dataDir = m_dir.filePath(name);
        QFile file(c.dataDir);
        file.open(QIODevice::WriteOnly);
        return c;
    }
    QTemporaryDir m_dir;
    sb::server::ServerStats m_stats;
};

void ServerSetupTest::missingTlsFilesNameBothPaths()
{
    ServerConfig c = config();
    c.tlsCertFile = m_dir.filePath("nope.crt");
    c.tlsKeyFile = m_dir.filePath("nope.key");
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.prepareListening(&error));
    QVERIFY2(error.contains(c.tlsCertFile) && error.contains(c.tlsKeyFile), qPrintable(error));
    QVERIFY(!setup.tls());
}

void ServerSetupTest::unreadablePemSaysWhatItExpected()
{
    ServerConfig c = config();
    c.tlsCertFile = m_dir.filePath("garbage.crt");
    c.tlsKeyFile = m_dir.filePath("garbage.key");
    for (const QString &path : {c.tlsCertFile, c.tlsKeyFile}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not PEM\n");
    }
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.prepareListening(&error));
    QVERIFY2(error.contains("could not read a certificate"), qPrintable(error));
}

void ServerSetupTest::plainWsOnPublicAddressIsRefused()
{
    ServerConfig c = config();
    c.host = QHostAddress::Any;
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.prepareListening(&error));
    QVERIFY2(error.contains("--insecure-public"), qPrintable(error));
    c.insecurePublic = true;
    ServerSetup behindProxy(c, m_stats);
    QVERIFY(behindProxy.prepareListening(&error));
}

void ServerSetupTest::storeOpensInDataDirAndCloses()
{
    QTemporaryDir dir;
    ServerConfig c = config();
    c.dataDir = dir.path();
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY2(setup.openStore(&error), qPrintable(error));
    QVERIFY(setup.store() && setup.store()->isAvailable());
    QVERIFY(!setup.backplane()); // SQLite serves alone
    QVERIFY(!QDir(dir.path()).entryList(QDir::Files).isEmpty());
    setup.closeStore();
    QVERIFY(!setup.store());
    setup.closeStore(); // twice is fine
}

void ServerSetupTest::unopenableStoreIsAnError()
{
    const ServerConfig c = configWithDataDirAFile("a-file-not-a-dir");
    QVERIFY(QFileInfo(c.dataDir).isFile());
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.openStore(&error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!setup.store());
}

void ServerSetupTest::serverWithBadStoreDoesNotListen()
{
    const ServerConfig c = configWithDataDirAFile("another-file");
    QVERIFY(QFileInfo(c.dataDir).isFile());
    sb::server::Server server(c);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(server.port(), quint16(0));
    QVERIFY(!server.healthProblem().isEmpty());
}

void ServerSetupTest::serverWithBadTlsDoesNotListen()
{
    ServerConfig c = config();
    c.tlsCertFile = m_dir.filePath("missing.crt");
    c.tlsKeyFile = m_dir.filePath("missing.key");
    sb::server::Server server(c);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains("--tls-cert"), qPrintable(error));
    QCOMPARE(server.port(), quint16(0));
}

void ServerSetupTest::feedOffMakesNoFeed()
{
    ServerConfig c = config();
    c.feedEnabled = false;
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.createFeed([] { return qint64(0); }, this, &error));
    QVERIFY(error.isEmpty());
}

void ServerSetupTest::missingTickerCsvIsAnError()
{
    ServerConfig c = config();
    c.feedEnabled = true;
    c.tickerCsv = m_dir.filePath("no-such.csv");
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.createFeed([] { return qint64(0); }, this, &error));
    QVERIFY2(error.contains("--ticker-csv") && error.contains("no-such.csv"), qPrintable(error));
}

void ServerSetupTest::metricsOnTakenPortIsAnError()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    ServerConfig c = config();
    c.metricsPort = squatter.serverPort();
    ServerSetup setup(c, m_stats);
    QString error;
    QVERIFY(!setup.startMetrics([] { return QByteArray(); }, [] { return QString(); }, &error));
    QVERIFY(!error.isEmpty());
    c.metricsPort = -1;
    ServerSetup none(c, m_stats);
    error.clear();
    QVERIFY(!none.startMetrics([] { return QByteArray(); }, [] { return QString(); }, &error));
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(ServerSetupTest)
#include "tst_serversetup.moc"
