// chat.send end to end: ack after commit, delivery to every member in seq order, dedupe of
// retried ids, both codecs.
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QJsonArray>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

class ChatTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void sendIsAckedAndDeliveredToEveryMemberIncludingSender_data();
    void sendIsAckedAndDeliveredToEveryMemberIncludingSender();
    void seqIsStrictlyIncreasingWithoutGaps();
    void retriedIdReturnsOriginalAckAndNoSecondMessage();
    void reusingAnIdForAnotherRoomIsRefused();
    void sendToARoomNotJoinedIsForbidden();
    void nonMembersDoNotReceiveRoomMessages();

private:
    std::unique_ptr<TestServer> m_server;
};

void ChatTest::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
}

void ChatTest::cleanup()
{
    m_server.reset();
}

void ChatTest::sendIsAckedAndDeliveredToEveryMemberIncludingSender_data()
{
    QTest::addColumn<WireFormat>("senderFormat");
    QTest::addColumn<WireFormat>("readerFormat");
    QTest::newRow("json→json") << WireFormat::Json << WireFormat::Json;
    QTest::newRow("cbor→json") << WireFormat::Cbor << WireFormat::Json;
    QTest::newRow("json→cbor") << WireFormat::Json << WireFormat::Cbor;
    QTest::newRow("cbor→cbor") << WireFormat::Cbor << WireFormat::Cbor;
}

void ChatTest::sendIsAckedAndDeliveredToEveryMemberIncludingSender()
{
    QFETCH(WireFormat, senderFormat);
    QFETCH(WireFormat, readerFormat);
    TestClient alice(senderFormat), bob(readerFormat);
    QVERIFY(alice.open(m_server->url()));
    QVERIFY(bob.open(m_server->url()));
    QCOMPARE(alice.hello(QStringLiteral("alice")).type, T::Welcome);
    QCOMPARE(bob.hello(QStringLiteral("bob")).type, T::Welcome);
    QCOMPARE(alice.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    QCOMPARE(bob.request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);

    const QString id = alice.send(T::ChatSend, {{"room", "general"}, {"text", "héllo ✓"}});
    const Envelope ack = alice.waitForReply(id);
    QCOMPARE(ack.type, T::Ack);
    QCOMPARE(ack.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(ack.payload.value("seq").toInteger(), 1);
    QVERIFY(ack.payload.value("ts").toInteger() > 0);

    for (TestClient *member : {&alice, &bob}) {
        const Envelope message = member->waitForType(T::ChatMessage);
        QCOMPARE(message.payload.value("room").toString(), QStringLiteral("general"));
        QCOMPARE(message.payload.value("seq").toInteger(), 1);
        QCOMPARE(message.payload.value("from").toString(), QStringLiteral("alice"));
        QCOMPARE(message.payload.value("text").toString(), QStringLiteral("héllo ✓"));
        QCOMPARE(message.payload.value("client_id").toString(), id);
        QCOMPARE(message.payload.value("ts").toInteger(), ack.payload.value("ts").toInteger());
    }
}

void ChatTest::seqIsStrictlyIncreasingWithoutGaps()
{
    TestClient alice, bob;
    QVERIFY(alice.open(m_server->url()));
    QVERIFY(bob.open(m_server->url()));
    alice.hello(QStringLiteral("alice"));
    bob.hello(QStringLiteral("bob"));
    alice.request(T::RoomJoin, {{"room", "seq"}});
    bob.request(T::RoomJoin, {{"room", "seq"}});

    // Two senders interleaving as fast as they can: one order, no gaps, for every member.
    constexpr int perSender = 100;
    for (int i = 0; i < perSender; ++i) {
        alice.send(T::ChatSend, {{"room", "seq"}, {"text", QStringLiteral("a%1").arg(i)}});
        bob.send(T::ChatSend, {{"room", "seq"}, {"text", QStringLiteral("b%1").arg(i)}});
    }
    for (TestClient *member : {&alice, &bob}) {
        QStringList texts;
        for (int expected = 1; expected <= 2 * perSender; ++expected) {
            const Envelope message = member->waitForType(T::ChatMessage);
            QCOMPARE(message.payload.value("seq").toInteger(), expected);
            texts.append(message.payload.value("text").toString());
        }
        // Each sender's own messages keep the order they were sent in.
        QStringList fromAlice = texts.filter(QRegularExpression("^a"));
        for (int i = 0; i < perSender; ++i)
            QCOMPARE(fromAlice.at(i), QStringLiteral("a%1").arg(i));
    }
}

void ChatTest::retriedIdReturnsOriginalAckAndNoSecondMessage()
{
    TestClient alice;
    QVERIFY(alice.open(m_server->url()));
    alice.hello(QStringLiteral("alice"));
    alice.request(T::RoomJoin, {{"room", "general"}});
    const Envelope first = alice.request(T::ChatSend, {{"room", "general"}, {"text", "once"}}, "m-1");
    const Envelope retry = alice.request(T::ChatSend, {{"room", "general"}, {"text", "once"}}, "m-1");
    QCOMPARE(first.type, T::Ack);
    QCOMPARE(retry.type, T::Ack);
    QCOMPARE(retry.payload.value("seq").toInteger(), first.payload.value("seq").toInteger());
    QCOMPARE(retry.payload.value("ts").toInteger(), first.payload.value("ts").toInteger());
    QVERIFY(alice.sync());
    QCOMPARE(alice.count(T::ChatMessage), 1);

    // The next new message takes the next seq: the retry burnt none.
    const Envelope next = alice.request(T::ChatSend, {{"room", "general"}, {"text", "twice"}}, "m-2");
    QCOMPARE(next.payload.value("seq").toInteger(), first.payload.value("seq").toInteger() + 1);
}

void ChatTest::reusingAnIdForAnotherRoomIsRefused()
{
    TestClient alice;
    QVERIFY(alice.open(m_server->url()));
    alice.hello(QStringLiteral("alice"));
    alice.request(T::RoomJoin, {{"room", "one"}});
    alice.request(T::RoomJoin, {{"room", "two"}});
    QCOMPARE(alice.request(T::ChatSend, {{"room", "one"}, {"text", "first"}}, "same").type, T::Ack);
    // Not a retry of the first message: storing nothing and saying so is safer than an ack.
    const Envelope reused = alice.request(T::ChatSend, {{"room", "two"}, {"text", "second"}}, "same");
    QCOMPARE(reused.type, T::Error);
    QCOMPARE(reused.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    const Envelope dm = alice.request(T::DmSend, {{"to", "bob"}, {"text", "third"}}, "same");
    QCOMPARE(dm.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    const Envelope two = alice.request(T::HistoryGet, {{"room", "two"}});
    QCOMPARE(two.payload.value("messages").toArray().size(), 0);
}

void ChatTest::sendToARoomNotJoinedIsForbidden()
{
    TestClient alice;
    QVERIFY(alice.open(m_server->url()));
    alice.hello(QStringLiteral("alice"));
    const Envelope reply = alice.request(T::ChatSend, {{"room", "elsewhere"}, {"text", "hi"}});
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("forbidden"));
    QVERIFY(alice.isOpen());
}

void ChatTest::nonMembersDoNotReceiveRoomMessages()
{
    TestClient alice, carol;
    QVERIFY(alice.open(m_server->url()));
    QVERIFY(carol.open(m_server->url()));
    alice.hello(QStringLiteral("alice"));
    carol.hello(QStringLiteral("carol"));
    alice.request(T::RoomJoin, {{"room", "private-ish"}});
    carol.request(T::RoomJoin, {{"room", "other"}});
    alice.request(T::ChatSend, {{"room", "private-ish"}, {"text", "secret"}});
    QVERIFY(alice.waitForType(T::ChatMessage).isValid());
    QVERIFY(carol.sync());
    QCOMPARE(carol.count(T::ChatMessage), 0);
}

QTEST_GUILESS_MAIN(ChatTest)
#include "tst_chat.moc"
