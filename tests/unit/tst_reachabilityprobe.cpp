// ReachabilityProbe: which waits make a knock, and that an answer stops it. The tests run the
// scheduling steps themselves (tick()), so nothing depends on timers firing in time.
#include "client/ReachabilityProbe.h"

#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using sb::client::ReachabilityProbe;

namespace {

// The timer never fires during a test: every step is a tick() the test calls.
ReachabilityProbe::Settings manualSettings()
{
    ReachabilityProbe::Settings settings;
    settings.everyMs = 3600 * 1000;
    return settings;
}

// A loopback port nobody listens on (it was free a moment ago).
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

} // namespace

class ReachabilityProbeTest : public QObject
{
    Q_OBJECT

private slots:
    void onlyLongWaitsAreWorthAKnock();
    void shortRemainingWaitMakesNoKnock();
    void answeredKnockStopsTheProbe();
    void refusedKnockKeepsWaiting();
    void stopEndsTheKnocking();
};

void ReachabilityProbeTest::onlyLongWaitsAreWorthAKnock()
{
    const ReachabilityProbe::Settings settings; // knock above 2 s left
    QVERIFY(ReachabilityProbe::worthKnocking(30000, settings));
    QVERIFY(ReachabilityProbe::worthKnocking(2001, settings));
    QVERIFY(!ReachabilityProbe::worthKnocking(2000, settings));
    QVERIFY(!ReachabilityProbe::worthKnocking(500, settings));
    QVERIFY(!ReachabilityProbe::worthKnocking(0, settings));
}

void ReachabilityProbeTest::shortRemainingWaitMakesNoKnock()
{
    int remaining = 10000;
    ReachabilityProbe probe(manualSettings());
    QSignalSpy knocked(&probe, &ReachabilityProbe::knocked);
    probe.start(QStringLiteral("127.0.0.1"), closedPort(), [&] { return remaining; });
    QCOMPARE(knocked.count(), 0); // the first knock waits one interval
    probe.tick();
    QCOMPARE(probe.knocks(), 1);
    remaining = 1500; // the wait ends before a knock could help
    probe.tick();
    QCOMPARE(probe.knocks(), 1);
    QCOMPARE(knocked.count(), 1);
}

void ReachabilityProbeTest::answeredKnockStopsTheProbe()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ReachabilityProbe probe(manualSettings());
    QSignalSpy reachable(&probe, &ReachabilityProbe::reachable);
    probe.start(QStringLiteral("127.0.0.1"), server.serverPort(), [] { return 20000; });
    QVERIFY(probe.isActive());
    probe.tick();
    QVERIFY(reachable.wait());
    QCOMPARE(reachable.count(), 1);
    QVERIFY(!probe.isActive());
    // The knock was a bare TCP connect: the server saw a connection, and no bytes.
    QTRY_VERIFY(server.hasPendingConnections());
    QTcpSocket *seen = server.nextPendingConnection();
    QCOMPARE(seen->bytesAvailable(), 0);
}

void ReachabilityProbeTest::refusedKnockKeepsWaiting()
{
    ReachabilityProbe probe(manualSettings());
    QSignalSpy reachable(&probe, &ReachabilityProbe::reachable);
    QSignalSpy knocked(&probe, &ReachabilityProbe::knocked);
    const quint16 port = closedPort();
    probe.start(QStringLiteral("127.0.0.1"), port, [] { return 20000; });
    probe.tick();
    probe.tick(); // the last knock, answered or not, is abandoned for the new one
    QCOMPARE(knocked.count(), 2);
    QVERIFY(!reachable.wait(300));
    QVERIFY(probe.isActive()); // it keeps knocking until the wait ends or someone answers

    // The server comes back on the port: the next knock finds it.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    probe.tick();
    QVERIFY(reachable.wait());
    QVERIFY(!probe.isActive());
}

void ReachabilityProbeTest::stopEndsTheKnocking()
{
    ReachabilityProbe probe(manualSettings());
    probe.start(QStringLiteral("127.0.0.1"), closedPort(), [] { return 20000; });
    QVERIFY(probe.isActive());
    probe.stop();
    QVERIFY(!probe.isActive());
}

QTEST_GUILESS_MAIN(ReachabilityProbeTest)
#include "tst_reachabilityprobe.moc"
