// The fault proxy itself, on real sockets: every fault it injects must be one a real network can
// produce. Bytes of a connection are never reordered (whatever the delay does), a throttled link
// delivers everything, a cut forwards half a chunk and drops the link, and an unreachable
// server refuses the client at once.
#include "FaultProxy.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

// The server side: keeps what it received from its one connection, and echoes it when asked.
class Sink : public QObject
{
public:
    explicit Sink(bool echo)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this, echo] {
            m_peer = m_server.nextPendingConnection();
            connect(m_peer, &QTcpSocket::readyRead, this, [this, echo] {
                const QByteArray data = m_peer->readAll();
                received += data;
                if (echo)
                    m_peer->write(data);
            });
            connect(m_peer, &QTcpSocket::disconnected, this, [this] { closed = true; });
        });
    }
    quint16 port() const { return m_server.serverPort(); }

    QByteArray received;
    bool closed = false;

private:
    QTcpServer m_server;
    QTcpSocket *m_peer = nullptr;
};

QByteArray pattern(int size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char('a' + i % 26);
    return data;
}

} // namespace

class FaultProxyTest : public QObject
{
    Q_OBJECT

private slots:
    void passForwardsBothWays();
    void shorterDelayNeverOvertakes();
    void throttledLinkDeliversEverythingInOrder();
    void cutForwardsHalfAChunkThenDrops();
    void silentHoldsBytesUntilPass();
    void unreachableServerRefusesTheClient();
};

void FaultProxyTest::passForwardsBothWays()
{
    Sink sink(true);
    FaultProxy proxy(sink.port());
    QVERIFY(proxy.listen());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    client.write("hello");
    QByteArray echoed;
    QTRY_COMPARE((echoed += client.readAll()), QByteArray("hello"));
}

void FaultProxyTest::shorterDelayNeverOvertakes()
{
    // A delay lowered mid-stream once let the later chunk out first: a corrupt stream, which
    // no real network produces.
    Sink sink(false);
    FaultProxy proxy(sink.port());
    QVERIFY(proxy.listen());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    QTRY_COMPARE(proxy.connectionCount(), 1);
    proxy.setDelay(300);
    client.write("first,");
    QTRY_COMPARE(proxy.heldBytes(), 6); // the first chunk waits in the proxy
    proxy.setDelay(0);
    client.write("second");
    QTRY_COMPARE(sink.received, QByteArray("first,second"));
}

void FaultProxyTest::throttledLinkDeliversEverythingInOrder()
{
    Sink sink(true);
    FaultProxy proxy(sink.port());
    QVERIFY(proxy.listen());
    proxy.setThrottle(4096);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    const QByteArray data = pattern(6000);
    client.write(data);
    QByteArray echoed;
    QTRY_VERIFY_WITH_TIMEOUT((echoed += client.readAll()).size() >= data.size(), 15000);
    QCOMPARE(echoed, data);
    QCOMPARE(sink.received, data);
}

void FaultProxyTest::cutForwardsHalfAChunkThenDrops()
{
    Sink sink(false);
    FaultProxy proxy(sink.port());
    QVERIFY(proxy.listen());
    QTcpSocket client;
    QSignalSpy clientClosed(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    QTRY_COMPARE(proxy.connectionCount(), 1);
    proxy.cutNextChunk();
    client.write(pattern(100));
    QTRY_VERIFY(sink.closed);
    QCOMPARE(sink.received, pattern(50));
    QTRY_COMPARE(clientClosed.size(), 1);
    QVERIFY(!proxy.isCutArmed()); // one cut, then the proxy passes again
}

void FaultProxyTest::silentHoldsBytesUntilPass()
{
    Sink sink(false);
    FaultProxy proxy(sink.port());
    QVERIFY(proxy.listen());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    QTRY_COMPARE(proxy.connectionCount(), 1);
    proxy.setMode(FaultProxy::Mode::Silent);
    client.write("held");
    QTRY_COMPARE(client.bytesToWrite(), 0);
    QCOMPARE(sink.received, QByteArray());
    proxy.setMode(FaultProxy::Mode::Pass);
    QTRY_COMPARE(sink.received, QByteArray("held"));
}

void FaultProxyTest::unreachableServerRefusesTheClient()
{
    // Before: the client's connection stayed open with nothing behind it until the client's
    // own connect timeout (10 s in the app), unlike the refusal a real network gives.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        closedPort = probe.serverPort();
    }
    FaultProxy proxy(closedPort);
    QVERIFY(proxy.listen());
    QTcpSocket client;
    QSignalSpy closed(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected());
    QVERIFY(closed.wait(5000));
}

QTEST_GUILESS_MAIN(FaultProxyTest)
#include "tst_faultproxy.moc"
