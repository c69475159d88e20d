// Direct traffic end to end: dm.send (ack, delivery to every session of both users, per-pair
// seq, retries), announce (forbidden to guests; from the server to every connection) and ping.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QDateTime>
#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

QJsonObject dm(const QString &to, const QString &text)
{
    return {{"to", to}, {"text", text}};
}

} // namespace

class DirectTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void dmIsAckedAndDeliveredToEverySessionOfBothUsers_data();
    void dmIsAckedAndDeliveredToEverySessionOfBothUsers();
    void dmSeqIncreasesPerUserPair();
    void retriedDmIdReturnsTheSameSeqAndNoSecondMessage_data();
    void retriedDmIdReturnsTheSameSeqAndNoSecondMessage();
    void announceFromAGuestIsForbidden();
    void pingIsAnsweredWithPong_data();
    void pingIsAnsweredWithPong();
    void serverAnnounceReachesEveryConnection();

private:
    // Sends a DM and returns the seq of its ack (-1 when it was not acked).
    static qint64 sendDm(TestClient &from, const QString &to, const QString &text);

    std::unique_ptr<TestServer> m_server;
};

void DirectTest::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
}

void DirectTest::cleanup()
{
    m_server.reset();
}

qint64 DirectTest::sendDm(TestClient &from, const QString &to, const QString &text)
{
    const Envelope ack = from.request(T::DmSend, dm(to, text));
    return ack.type == T::Ack ? ack.payload.value("seq").toInteger() : -1;
}

void DirectTest::dmIsAckedAndDeliveredToEverySessionOfBothUsers_data()
{
    QTest::addColumn<WireFormat>("senderFormat");
    QTest::addColumn<WireFormat>("readerFormat");
    QTest::newRow("json→json") << WireFormat::Json << WireFormat::Json;
    QTest::newRow("cbor→json") << WireFormat::Cbor << WireFormat::Json;
    QTest::newRow("json→cbor") << WireFormat::Json << WireFormat::Cbor;
}

void DirectTest::dmIsAckedAndDeliveredToEverySessionOfBothUsers()
{
    QFETCH(WireFormat, senderFormat);
    QFETCH(WireFormat, readerFormat);
    auto alice = TestClient::connectAs(m_server->url(), "alice", senderFormat,
                                       clientInstance("alice-pc"));
    auto aliceAgain = TestClient::connectAs(m_server->url(), "alice", readerFormat,
                                            clientInstance("alice-pc"));
    auto bob = TestClient::connectAs(m_server->url(), "bob", readerFormat,
                                     clientInstance("bob-pc"));
    auto bobAgain = TestClient::connectAs(m_server->url(), "bob", WireFormat::Json,
                                          clientInstance("bob-pc"));
    auto carol = TestClient::connectAs(m_server->url(), "carol", readerFormat);
    QVERIFY(alice && aliceAgain && bob && bobAgain && carol);

    const QString id = alice->send(T::DmSend, dm("bob", "psst ✓"));
    const Envelope ack = alice->waitForReply(id);
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("seq").toInteger(), 1);
    QVERIFY(ack.payload.value("ts").toInteger() > 0);

    for (TestClient *session : {alice.get(), aliceAgain.get(), bob.get(), bobAgain.get()}) {
        const Envelope message = session->waitForType(T::DmMessage);
        QCOMPARE(message.payload.value("from").toString(), QStringLiteral("alice"));
        QCOMPARE(message.payload.value("to").toString(), QStringLiteral("bob"));
        QCOMPARE(message.payload.value("text").toString(), QStringLiteral("psst ✓"));
        QCOMPARE(message.payload.value("seq").toInteger(), 1);
        QCOMPARE(message.payload.value("ts").toInteger(), ack.payload.value("ts").toInteger());
        QCOMPARE(message.payload.value("client_id").toString(), id);
        QVERIFY(session->sync());
        QCOMPARE(session->count(T::DmMessage), 0); // once per session
    }
    QVERIFY(carol->sync());
    QCOMPARE(carol->count(T::DmMessage), 0);
}

void DirectTest::dmSeqIncreasesPerUserPair()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob", WireFormat::Cbor);
    auto carol = TestClient::connectAs(m_server->url(), "carol");
    QVERIFY(alice && bob && carol);
    // One sequence per pair, whichever of the two sends.
    QCOMPARE(sendDm(*alice, "bob", "1"), 1);
    QCOMPARE(sendDm(*bob, "alice", "2"), 2);
    QCOMPARE(sendDm(*alice, "bob", "3"), 3);
    // Another pair has its own.
    QCOMPARE(sendDm(*alice, "carol", "1"), 1);
    QCOMPARE(sendDm(*carol, "bob", "1"), 1);
    QCOMPARE(sendDm(*bob, "alice", "4"), 4);

    QVERIFY(bob->sync());
    QList<qint64> seen;
    for (const Envelope &message : bob->takeAll(T::DmMessage)) {
        if (message.payload.value("from").toString() != QStringLiteral("carol"))
            seen.append(message.payload.value("seq").toInteger());
    }
    QCOMPARE(seen, QList<qint64>({1, 2, 3, 4}));
}

void DirectTest::retriedDmIdReturnsTheSameSeqAndNoSecondMessage_data()
{
    addFormatRows();
}

void DirectTest::retriedDmIdReturnsTheSameSeqAndNoSecondMessage()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    auto bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(alice && bob);
    const Envelope first = alice->request(T::DmSend, dm("bob", "once"), "d-1");
    const Envelope retry = alice->request(T::DmSend, dm("bob", "once"), "d-1");
    QCOMPARE(first.type, T::Ack);
    QCOMPARE(retry.type, T::Ack);
    QCOMPARE(retry.payload.value("seq").toInteger(), first.payload.value("seq").toInteger());
    QCOMPARE(retry.payload.value("ts").toInteger(), first.payload.value("ts").toInteger());
    for (TestClient *user : {alice.get(), bob.get()}) {
        QVERIFY(user->sync());
        QCOMPARE(user->count(T::DmMessage), 1);
    }
    // The retry burnt no seq.
    QCOMPARE(sendDm(*alice, "bob", "twice"), first.payload.value("seq").toInteger() + 1);
}

void DirectTest::announceFromAGuestIsForbidden()
{
    auto guest = TestClient::connectAs(m_server->url(), "guest1");
    auto other = TestClient::connectAs(m_server->url(), "other", WireFormat::Cbor);
    QVERIFY(guest && other);
    const Envelope reply = guest->request(T::Announce, {{"text", "hear me"}, {"level", "info"}});
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("forbidden"));
    QVERIFY(guest->isOpen());
    for (TestClient *client : {guest.get(), other.get()}) {
        QVERIFY(client->sync());
        QCOMPARE(client->count(T::Announce), 0);
    }
}

void DirectTest::pingIsAnsweredWithPong_data()
{
    addFormatRows();
}

void DirectTest::pingIsAnsweredWithPong()
{
    QFETCH(WireFormat, format);
    auto alice = TestClient::connectAs(m_server->url(), "alice", format);
    QVERIFY(alice);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const Envelope pong = alice->request(T::Ping, {{"t", 1234567}}, "p-1");
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(pong.type, T::Pong);
    QCOMPARE(pong.id, QStringLiteral("p-1"));
    QCOMPARE(pong.payload.value("t").toInteger(), 1234567);
    const qint64 serverTime = pong.payload.value("server_time").toInteger();
    QVERIFY2(serverTime >= before && serverTime <= after, qPrintable(QString::number(serverTime)));
}

void DirectTest::serverAnnounceReachesEveryConnection()
{
    auto alice = TestClient::connectAs(m_server->url(), "alice");
    auto bob = TestClient::connectAs(m_server->url(), "bob", WireFormat::Cbor);
    auto carol = TestClient::connectAs(m_server->url(), "carol", WireFormat::Cbor);
    QVERIFY(alice && bob && carol);
    // In a room or not, every connection hears it.
    QCOMPARE(alice->request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);

    m_server->server().announce("maintenance at noon", "warning");
    for (TestClient *client : {alice.get(), bob.get(), carol.get()}) {
        const Envelope announce = client->waitForType(T::Announce);
        QCOMPARE(announce.payload.value("text").toString(), QStringLiteral("maintenance at noon"));
        QCOMPARE(announce.payload.value("level").toString(), QStringLiteral("warning"));
        QVERIFY(client->sync());
        QCOMPARE(client->count(T::Announce), 0);
    }
}

QTEST_GUILESS_MAIN(DirectTest)
#include "tst_direct.moc"
