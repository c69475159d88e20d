// ConnectionStatusWidget with the real ConnectionManager and server: the error of a long outage
// leaves the status bar as soon as the server is back, not when the backoff wait runs out.
#include "ClientApp.h"
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "ui/status/ConnectionStatusWidget.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace sb::client;

class ConnectionStatusTest : public QObject
{
    Q_OBJECT

private slots:
    void errorTextGoesWhenTheServerIsBack();
};

void ConnectionStatusTest::errorTextGoesWhenTheServerIsBack()
{
    TestServer server;
    ConnectionManager connection(slowBackoffOptions(), [] { return 0.0; });
    connection.setIdentity({"alice", {}, "test-alice", "test"});
    sb::ui::ConnectionStatusWidget status(connection);
    status.show();
    QSignalSpy scheduled(&connection, &ConnectionManager::reconnectScheduled);
    connection.open(server.url());
    QTRY_COMPARE(connection.state(), ConnectionState::Open);

    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!scheduled.isEmpty() && scheduled.constLast().at(0).toInt() >= 8000,
                             15000);
    const QString refusal = connection.lastReason().message;
    QVERIFY(!refusal.isEmpty());
    QTRY_VERIFY2(status.text().contains(refusal), qPrintable(status.text()));

    QSignalSpy reachable(&connection, &ConnectionManager::serverReachable);
    QVERIFY(server.start());
    QVERIFY(reachable.wait(5000));
    // From the answer on, the refusal is history: "Connecting to …", then "Connected …".
    QVERIFY2(!status.text().contains(refusal), qPrintable(status.text()));
    QVERIFY(!connection.lastReason().message.contains(refusal));
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ConnectionState::Open, 5000);
    QVERIFY2(status.text().startsWith(QStringLiteral("Connected")), qPrintable(status.text()));
}

QTEST_MAIN(ConnectionStatusTest)
#include "tst_connectionstatus.moc"
