// Malformed and abusive input, end to end: every bad frame gets the matching error and the
// connection lives on; oversized frames close with 1009; floods are refused and, when they go on,
// closed with 1008. A polite client on the same server notices none of it.
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/CloseCode.h"
#include "protocol/MessageType.h"

#include <QCborMap>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include <functional>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

class BadInputTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void malformedFrameGetsMatchingError_data();
    void malformedFrameGetsMatchingError();
    void invalidPayloadIsInvalidArgument_data();
    void invalidPayloadIsInvalidArgument();
    void textOver8KiBIsTooLarge();
    void frameOverMaxMessageBytesClosesWith1009_data();
    void frameOverMaxMessageBytesClosesWith1009();
    void chatFloodIsRateLimited();
    void persistentChatFloodClosesWith1008();
    void floodOfBadFramesClosesWith1008();
    void frameFloodClosesWith1008();

private:
    // Sends `burst` frames (sendOne(i)) at a time until the server closes the connection (at most
    // 50 bursts); returns how many errors came back before the close.
    static int floodUntilClosed(TestClient &client, int burst,
                                const std::function<void(int)> &sendOne);
    void verifyPoliteCanChat();
    static QString errorCode(const Envelope &e) { return e.payload.value("code").toString(); }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_polite; // lives through the whole suite
    std::unique_ptr<TestClient> m_client; // the one misbehaving in the current test
    int m_politeSends = 0;
};

void BadInputTest::initTestCase()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.chatRatePerSecond = 5;
    config.chatBurst = 5;
    m_server = std::make_unique<TestServer>(config);
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
    m_polite = std::make_unique<TestClient>();
    QVERIFY(m_polite->open(m_server->url()));
    QCOMPARE(m_polite->hello(QStringLiteral("polite")).type, T::Welcome);
    QCOMPARE(m_polite->request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
}

void BadInputTest::init()
{
    m_client = std::make_unique<TestClient>();
    QVERIFY(m_client->open(m_server->url()));
    QCOMPARE(m_client->hello(QStringLiteral("rude")).type, T::Welcome);
    QCOMPARE(m_client->request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);
    // Start each test with an empty inbox on the polite side.
    QVERIFY(m_polite->sync());
    m_polite->takeAll(T::ChatMessage);
}

void BadInputTest::cleanup()
{
    m_client.reset();
    // Whatever the other client did, the polite one is still connected and got no error.
    QVERIFY(m_polite->isOpen());
    QVERIFY(m_polite->sync());
    QCOMPARE(m_polite->count(T::Error), 0);
}

void BadInputTest::verifyPoliteCanChat()
{
    // Sparingly: the polite client shares the suite's tight chat limit (5/s) like everyone.
    const QString text = QStringLiteral("still here %1").arg(++m_politeSends);
    const Envelope ack = m_polite->request(T::ChatSend, {{"room", "general"}, {"text", text}});
    QCOMPARE(ack.type, T::Ack);
    const Envelope own = m_polite->waitFor([&ack](const Envelope &e) {
        return e.type == T::ChatMessage && e.payload.value("client_id").toString() == ack.id;
    });
    QVERIFY(own.isValid());
}

void BadInputTest::cleanupTestCase()
{
    m_polite.reset();
    m_server.reset();
}

void BadInputTest::malformedFrameGetsMatchingError_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("id"); // echoed when the frame had a readable one
    const auto rows = [](bool binary) {
        return [binary](const char *name, const QByteArray &frame, const char *code,
                        const char *id = "") {
            QTest::newRow(name) << frame << binary << QString::fromLatin1(code)
                                << QString::fromLatin1(id);
        };
    };
    const auto text = rows(false);
    const auto cbor = rows(true);

    text("not json", "hello?", "bad_json");
    text("empty text", "", "bad_json");
    text("json null", "null", "bad_json");
    text("truncated json", R"({"type":"ping","id":"x)", "bad_json");
    text("json array", R"([{"type":"ping","id":"a1"}])", "bad_json");
    text("json string", R"("ping")", "bad_json");
    text("json nested too deep",
         R"({"type":"ping","id":"d1","payload":{"t":)" + QByteArray(5000, '[')
             + QByteArray(5000, ']') + "}}",
         "bad_json");
    text("missing type", R"({"id":"b1","payload":{}})", "bad_envelope", "b1");
    text("empty type", R"({"type":"","id":"b2"})", "bad_envelope", "b2");
    text("numeric type", R"({"type":7,"id":"b3"})", "bad_envelope", "b3");
    text("numeric id", R"({"type":"ping","id":12})", "bad_envelope");
    text("id too long", R"({"type":"ping","id":")" + QByteArray(129, 'i') + R"("})",
         "bad_envelope");
    text("string ts", R"({"type":"ping","id":"b4","ts":"now"})", "bad_envelope", "b4");
    text("array payload", R"({"type":"ping","id":"b5","payload":[]})", "bad_envelope", "b5");
    text("string meta", R"({"type":"ping","id":"b6","meta":"x"})", "bad_envelope", "b6");
    text("unknown type", R"({"type":"chat.shout","id":"u1"})", "unknown_type", "u1");
    text("chat.send without id", R"({"type":"chat.send","payload":{"room":"general","text":"hi"}})",
         "bad_envelope");

    const QCborMap ping{{"type", "ping"}, {"id", "c1"}};
    cbor("invalid cbor", QByteArray("\xff\xfe\x00", 3), "bad_json");
    cbor("truncated cbor", ping.toCborValue().toCbor().chopped(2), "bad_json");
    cbor("cbor not a map", QCborValue(42).toCbor(), "bad_json");
    QCborMap withBytes{{"type", "ping"}, {"id", "c2"}};
    withBytes.insert(QStringLiteral("payload"), QCborMap{{"t", QByteArray("x")}});
    cbor("cbor byte string in envelope", withBytes.toCborValue().toCbor(), "bad_envelope", "c2");
}

void BadInputTest::malformedFrameGetsMatchingError()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, binary);
    QFETCH(QString, code);
    QFETCH(QString, id);
    if (binary)
        m_client->sendBinary(frame);
    else
        m_client->sendText(QString::fromUtf8(frame));
    const Envelope error = m_client->waitForType(T::Error);
    QCOMPARE(error.type, T::Error);
    QCOMPARE(errorCode(error), code);
    QCOMPARE(error.id, id);
    QVERIFY(!error.payload.value("message").toString().isEmpty());
    // The connection lives on and the frame did nothing else.
    QVERIFY(m_client->sync());
    QVERIFY(m_client->isOpen());
    QCOMPARE(m_client->count(T::Error), 0);
    QCOMPARE(m_client->count(T::ChatMessage), 0);
}

void BadInputTest::invalidPayloadIsInvalidArgument_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("payload");
    const auto row = [](const char *name, QLatin1String type, const QJsonObject &payload) {
        QTest::newRow(name) << QString(type) << payload;
    };
    row("chat.send no text", T::ChatSend, {{"room", "general"}});
    row("chat.send blank text", T::ChatSend, {{"room", "general"}, {"text", "  "}});
    row("chat.send numeric text", T::ChatSend, {{"room", "general"}, {"text", 5}});
    row("room.join bad name", T::RoomJoin, {{"room", "Not A Room"}});
    row("room.join negative since", T::RoomJoin, {{"room", "general"}, {"since", -1}});
    row("history.get limit 500", T::HistoryGet, {{"room", "general"}, {"limit", 500}});
    row("history.get before 0", T::HistoryGet, {{"room", "general"}, {"before", 0}});
    row("presence.set asleep", T::PresenceSet, {{"status", "asleep"}});
    row("typing active yes", T::Typing, {{"room", "general"}, {"active", "yes"}});
    row("dm.send bad user", T::DmSend, {{"to", "no spaces"}, {"text", "hi"}});
    row("ticker.subscribe empty", T::TickerSubscribe, {{"symbols", QJsonArray{}}});
}

void BadInputTest::invalidPayloadIsInvalidArgument()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, payload);
    const Envelope reply = m_client->request(type, payload);
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(errorCode(reply), QStringLiteral("invalid_argument"));
    QVERIFY(m_client->sync());
    QVERIFY(m_client->isOpen());
    QCOMPARE(m_client->count(T::ChatMessage), 0);
}

void BadInputTest::textOver8KiBIsTooLarge()
{
    const QString text(8 * 1024 + 1, u'x');
    const Envelope reply = m_client->request(T::ChatSend, {{"room", "general"}, {"text", text}});
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(errorCode(reply), QStringLiteral("too_large"));
    // Exactly 8 KiB of UTF-8 is fine (4 bytes a character here).
    const QString emoji = QString::fromUtf8("\xF0\x9F\x93\x88").repeated(2 * 1024);
    QCOMPARE(emoji.toUtf8().size(), 8 * 1024);
    QCOMPARE(m_client->request(T::ChatSend, {{"room", "general"}, {"text", emoji}}).type, T::Ack);
    QVERIFY(m_client->sync());
    QVERIFY(m_client->isOpen());
}

void BadInputTest::frameOverMaxMessageBytesClosesWith1009_data()
{
    QTest::addColumn<bool>("fragmented");
    QTest::newRow("one frame") << false;
    // Each frame under the limit, the message over it: Qt's default message limit is ~2 GiB.
    QTest::newRow("fragmented message") << true;
}

void BadInputTest::frameOverMaxMessageBytesClosesWith1009()
{
    QFETCH(bool, fragmented);
    const int max = m_server->server().config().maxMessageBytes;
    if (fragmented)
        m_client->socket().setOutgoingFrameSize(quint64(max / 4));
    const QString padding(max + 1024, u'p');
    m_client->send(T::Ping, {{"padding", padding}});
    QVERIFY(m_client->waitClosed());
    QCOMPARE(m_client->closeCode(), int(CloseCode::TooBig));
    verifyPoliteCanChat();
}

int BadInputTest::floodUntilClosed(TestClient &client, int burst,
                                   const std::function<void(int)> &sendOne)
{
    // Send in bursts and let the replies in between; a server that never closes fails the wait.
    for (int round = 0; round < 50 && client.isOpen(); ++round) {
        for (int i = 0; i < burst; ++i)
            sendOne(round * burst + i);
        client.waitClosed(100);
    }
    return int(client.takeAll(T::Error).size());
}

void BadInputTest::chatFloodIsRateLimited()
{
    // Twice the burst at once: the first 5 go through, the rest are refused, each by id.
    QStringList ids;
    for (int i = 0; i < 10; ++i)
        ids.append(m_client->send(T::ChatSend, {{"room", "general"},
                                                {"text", QStringLiteral("m%1").arg(i)}}));
    int acked = 0;
    int limited = 0;
    for (const QString &id : std::as_const(ids)) {
        const Envelope reply = m_client->waitForReply(id);
        if (reply.type == T::Ack)
            ++acked;
        else if (reply.type == T::Error && errorCode(reply) == QLatin1String("rate_limited"))
            ++limited;
    }
    QVERIFY2(acked >= 5 && acked < 10, qPrintable(QString::number(acked)));
    QCOMPARE(acked + limited, 10);
    QVERIFY(m_client->sync());
    QVERIFY(m_client->isOpen());
    // The polite member saw exactly the messages that were acked.
    QVERIFY(m_polite->sync());
    QCOMPARE(int(m_polite->takeAll(T::ChatMessage).size()), acked);
    verifyPoliteCanChat();
}

void BadInputTest::persistentChatFloodClosesWith1008()
{
    TestClient &client = *m_client;
    const int errors = floodUntilClosed(client, 20, [&client](int i) {
        client.send(T::ChatSend, {{"room", "general"}, {"text", QStringLiteral("spam %1").arg(i)}});
    });
    QVERIFY(!client.isOpen());
    QCOMPARE(client.closeCode(), int(CloseCode::Policy));
    QVERIFY(!client.closeReason().isEmpty());
    QVERIFY2(errors > 0, "refused sends were answered rate_limited before the close");
    verifyPoliteCanChat();
}

void BadInputTest::floodOfBadFramesClosesWith1008()
{
    TestClient &client = *m_client;
    const int errors = floodUntilClosed(client, 20, [&client](int) {
        client.sendText(QStringLiteral("{oops"));
    });
    QVERIFY(!client.isOpen());
    QCOMPARE(client.closeCode(), int(CloseCode::Policy));
    QVERIFY2(errors > 0, "bad frames were answered bad_json before the close");
    verifyPoliteCanChat();
}

void BadInputTest::frameFloodClosesWith1008()
{
    // Valid, cheap frames, but far more than the per-connection frame rate (burst 400, 200/s).
    TestClient &client = *m_client;
    const auto &config = m_server->server().config();
    const int burst = int(config.frameBurst + config.frameRatePerSecond);
    QElapsedTimer flooding;
    flooding.start();
    const int errors = floodUntilClosed(client, burst, [&client](int i) {
        client.send(T::Ping, {{"t", i}});
    });
    QVERIFY(!client.isOpen());
    QCOMPARE(client.closeCode(), int(CloseCode::Policy));
    QVERIFY2(errors > 0, "refused frames were answered rate_limited before the close");
    // The guard is a token bucket: it may answer its burst plus what refilled while the flood
    // lasted (a slow machine or ASan makes the flood last longer), never more.
    const double refilled = config.frameRatePerSecond * (flooding.elapsed() + 1) / 1000.0;
    const int answered = client.count(T::Pong);
    QVERIFY2(answered <= int(config.frameBurst + refilled) + 1,
             qPrintable(QStringLiteral("%1 pongs in %2 ms").arg(answered).arg(flooding.elapsed())));
    verifyPoliteCanChat();
}

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
