// RFC 6455 conformance of switchboard-server's WebSocket engines, byte for byte over raw sockets
// against the real server: the case groups of the Autobahn TestSuite (framing, ping and pong,
// reserved bits, opcodes, fragmentation, UTF-8, limits, close handling) and the opening
// handshake (key, version, Upgrade, frames pipelined with the request, Origin, subprotocol).
// Every case runs once per engine (WsEngine::names()). A fault an engine is known to have is
// listed in KnownFaults and marked QEXPECT_FAIL for that engine only; each such case decides
// deterministically (the server runs in this thread, so every wait here runs it; the beast
// engine's I/O thread runs beside it, and every wait is for an outcome), never by how long
// something took.
#include "BareClient.h"
#include "TestServer.h"
#include "WsFrame.h"
#include "protocol/CloseCode.h"
#include "server/WsEngine.h"

#include <QTest>
#include <functional>
#include <map>
#include <memory>

using namespace sb::test::ws;
using BareEnd = BareClient::End;
namespace CloseCode = sb::protocol::CloseCode;

namespace {

enum class Fault {
    SplitCodePointRefused,
    UnmaskedFrameAccepted,
    PipelinedFramesLost,
    ResetAfterClose,
    BadRequestUnanswered,
    MalformedKeyAccepted,
    UndefinedCloseCodeEchoed,
    BadCloseReasonFailsWith1002,
    None, // a row that no engine is known to fail
};

struct KnownFault {
    const char *engine;
    Fault fault;
    const char *why;
};

// Qt 6.4's QWebSocket (the qt engine), issue #20.
constexpr KnownFault KnownFaults[] = {
    { "qt", Fault::SplitCodePointRefused,
        "Qt 6.4 validates each continuation frame's UTF-8 on its own, so a character split "
        "between two frames fails the connection with 1007 (RFC 6455 8.1 judges the message)" },
    { "qt", Fault::UnmaskedFrameAccepted,
        "Qt 6.4's server-side QWebSocket accepts unmasked client frames (RFC 6455 5.1: close "
        "1002)" },
    { "qt", Fault::PipelinedFramesLost,
        "Qt 6.4's QWebSocketServer loses frames that came in the same read as the upgrade request "
        "(the hello here: the connection is closed 4001 for want of one)" },
    { "qt", Fault::ResetAfterClose,
        "Qt 6.4 closes the TCP connection right after writing its Close and reads no more (RFC "
        "6455 7.1.1: wait for the peer's Close): what the client still sends is answered with a "
        "reset, which may discard the Close before the client read it" },
    // Found by this suite:
    { "qt", Fault::BadRequestUnanswered,
        "Qt 6.4 closes the connection without any HTTP response when Upgrade, Connection, "
        "Sec-WebSocket-Key or Sec-WebSocket-Version is missing or unreadable (RFC 6455 4.2.2: "
        "400)" },
    { "qt", Fault::MalformedKeyAccepted,
        "Qt 6.4 upgrades with any Sec-WebSocket-Key, not only the base64 of 16 bytes (RFC 6455 "
        "4.2.1)" },
    // Boost.Beast 1.81 (the beast engine): both are decided inside Beast's read, before any
    // callback could change the answer.
    { "beast", Fault::UndefinedCloseCodeEchoed,
        "Beast 1.81 takes close codes from 5000 up as valid and echoes them (RFC 6455 7.4.2 "
        "defines none there; Autobahn 7.9 expects 1002)" },
    { "beast", Fault::BadCloseReasonFailsWith1002,
        "Beast 1.81 fails a Close whose reason is not UTF-8 with 1002, not 1007 (RFC 6455 8.1, "
        "Autobahn 7.5.1)" },
};

const char *knownFault(const QString &engine, Fault fault)
{
    for (const KnownFault &known : KnownFaults) {
        if (engine == QLatin1String(known.engine) && known.fault == fault)
            return known.why;
    }
    return nullptr;
}

// Marks the next check as expected to fail on an engine that has `fault`.
#define EXPECT_FAULT(engine, fault)                                                                \
    if (const char *why = knownFault(engine, fault))                                               \
    QEXPECT_FAIL("", why, Abort)

// The largest message the servers here accept: big enough for a 64-bit length.
constexpr int Limit = 100 * 1024;
const QByteArray ProbePayload = "probe";

// A hello whose id the welcome echoes: proof that the whole message arrived intact.
QByteArray hello(const QByteArray &id)
{
    return R"({"type":"hello","id":")" + id + R"(","payload":{"name":"conformance"}})";
}

const QByteArray Request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
const QByteArray Key = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray UpgradeHeaders = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                  "Sec-WebSocket-Key: "
    + Key + "\r\nSec-WebSocket-Version: 13\r\n";

// A client on a bare socket that writes whatever a case needs and reads the server's frames.
class Peer {
public:
    explicit Peer(quint16 port) { m_connected = m_tcp.connectTo(port); }

    bool isConnected() const { return m_connected; }

    // The request line and `headers`, then `after` in the same send(): one TCP segment.
    void sendRequest(const QByteArray &headers, const QByteArray &after = {})
    {
        m_tcp.send(Request + headers + "\r\n" + after);
    }
    bool waitForResponse()
    {
        return QTest::qWaitFor([this] { return poll(), m_responded || end() != BareEnd::Open; })
            && m_responded;
    }
    int status() const { return m_response.mid(9, 3).toInt(); }
    // For a failure message: what came instead of a response.
    const char *noResponse()
    {
        switch (end()) {
        case BareEnd::Closed:
            return "no HTTP response: the server closed the connection";
        case BareEnd::Reset:
            return "no HTTP response: the server reset the connection";
        case BareEnd::Open:
            break;
        }
        return "no HTTP response: the server is silent";
    }
    // The value of a response header (names compared case-insensitively); null when absent.
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : m_response.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    // The usual upgrade, plus `extraHeaders`: true on a 101 with the right accept.
    bool open(const QByteArray &extraHeaders = {}, const QByteArray &after = {})
    {
        sendRequest(UpgradeHeaders + extraHeaders, after);
        return waitForResponse() && status() == 101
            && header("Sec-WebSocket-Accept") == acceptFor(Key);
    }

    void send(const QByteArray &bytes) { m_tcp.send(bytes); }
    void sendFrame(quint8 opcode, const QByteArray &payload, FrameOptions options = {})
    {
        send(clientFrame(opcode, payload, options));
    }
    // A message cut into frames at `cuts` (offsets into it).
    void sendFragmented(quint8 opcode, const QByteArray &message, const QList<qsizetype> &cuts)
    {
        qsizetype from = 0;
        for (qsizetype i = 0; i <= cuts.size(); ++i) {
            const qsizetype to = i < cuts.size() ? cuts[i] : message.size();
            sendFrame(i == 0 ? opcode : quint8(Continuation), message.mid(from, to - from),
                { .fin = i == cuts.size() });
            from = to;
        }
    }

    const QList<Frame> &frames() { return poll(), m_frames; }
    BareEnd end() { return poll(), m_tcp.end(); }
    // Copies: frames() grows while the server is heard.
    std::optional<Frame> first(quint8 opcode)
    {
        const qsizetype at = indexOf(opcode);
        return at < 0 ? std::nullopt : std::optional<Frame>(m_frames[at]);
    }
    std::optional<Frame> close() { return first(Close); }
    // The first frame of `opcode` that holds `needle`; -1: none yet.
    qsizetype indexOf(quint8 opcode, const QByteArray &needle = {})
    {
        const QList<Frame> &all = frames();
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all[i].opcode == opcode && all[i].payload.contains(needle))
                return i;
        }
        return -1;
    }
    bool waitFor(const std::function<bool()> &done, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return poll(), done(); }, timeoutMs);
    }
    // Waits for the text frame that holds `needle` (or a Close, or the end): its index, or -1.
    qsizetype waitForText(const QByteArray &needle)
    {
        waitFor([&] { return indexOf(Text, needle) >= 0 || close() || end() != BareEnd::Open; });
        return indexOf(Text, needle);
    }

    // Sends a Ping and waits for its Pong, a Close or the end. The server reads in order, so by
    // then it has judged everything sent before: a Pong first means it accepted all of it.
    void sync()
    {
        sendFrame(Ping, ProbePayload);
        waitFor([this] { return probeAnswered() || close() || end() != BareEnd::Open; });
    }
    bool probeAnswered() { return probeIndex() >= 0; }
    qsizetype probeIndex()
    {
        const QList<Frame> &all = frames();
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all[i].opcode == Pong && all[i].payload == ProbePayload)
                return i;
        }
        return -1;
    }

    // What the server did with what came before sync(), for a failure message.
    QString outcome()
    {
        if (const std::optional<Frame> frame = close())
            return QStringLiteral("closed with %1 \"%2\"")
                .arg(frame->closeCode())
                .arg(QString::fromUtf8(frame->closeReason()));
        if (probeAnswered())
            return QStringLiteral("accepted it and answered the Ping sent after it");
        switch (end()) {
        case BareEnd::Closed:
            return QStringLiteral("closed TCP without a Close frame");
        case BareEnd::Reset:
            return QStringLiteral("reset TCP without a Close frame");
        case BareEnd::Open:
            break;
        }
        return QStringLiteral("did nothing");
    }
    // Empty when the server failed the connection with `code` before answering the probe.
    QString failedWith(quint16 code)
    {
        sync();
        const std::optional<Frame> frame = close();
        return frame && frame->closeCode() == code && !closeAfterProbe()
            ? QString()
            : QStringLiteral("expected close %1; the server %2").arg(code).arg(outcome());
    }

    // Frames a server must never send: masked, or with reserved bits (no extension is agreed).
    QString badServerFrames()
    {
        for (const Frame &frame : frames()) {
            if (frame.masked || frame.rsv != 0)
                return QStringLiteral("server frame, opcode %1: masked %2, rsv %3")
                    .arg(frame.opcode)
                    .arg(frame.masked)
                    .arg(frame.rsv);
        }
        return {};
    }

private:
    bool closeAfterProbe()
    {
        const qsizetype probe = probeIndex();
        return probe >= 0 && probe < indexOf(Close);
    }
    void poll()
    {
        // One read: an engine with an I/O thread of its own (beast) may write between two.
        const QByteArray &received = m_tcp.received();
        m_buffer += received.mid(m_consumed);
        m_consumed = received.size();
        if (!m_responded) {
            std::optional<QByteArray> head = takeHttpHead(m_buffer);
            if (!head)
                return;
            m_response = *head;
            m_responded = true;
        }
        if (status() != 101)
            return;
        while (std::optional<Frame> frame = takeFrame(m_buffer))
            m_frames.append(*frame);
    }

    BareClient m_tcp;
    bool m_connected = false;
    qsizetype m_consumed = 0;
    QByteArray m_buffer;
    QByteArray m_response;
    bool m_responded = false;
    QList<Frame> m_frames;
};

#define VERIFY_EMPTY(problem)                                                                      \
    do {                                                                                           \
        const QString problem_ = (problem);                                                        \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                        \
    } while (false)

} // namespace

Q_DECLARE_METATYPE(Fault)

class WsConformanceTest : public QObject {
    Q_OBJECT

private slots:
    void cleanupTestCase() { m_servers.clear(); }

    // Framing (Autobahn 1.x) and masking
    void messagesOfEveryLengthEncoding_data();
    void messagesOfEveryLengthEncoding();
    void unmaskedClientFrameFailsWith1002_data() { addEngineRows(); }
    void unmaskedClientFrameFailsWith1002();
    void serverFramesAreUnmaskedWithoutReservedBits_data() { addEngineRows(); }
    void serverFramesAreUnmaskedWithoutReservedBits();

    // Ping and pong (2.x)
    void pingIsAnsweredWithItsPayload_data();
    void pingIsAnsweredWithItsPayload();
    void badControlFrameFailsWith1002_data();
    void badControlFrameFailsWith1002();
    void unsolicitedPongIsIgnored_data() { addEngineRows(); }
    void unsolicitedPongIsIgnored();

    // Reserved bits (3.x) and opcodes (4.x)
    void reservedBitsFailWith1002_data();
    void reservedBitsFailWith1002();
    void reservedOpcodeFailsWith1002_data();
    void reservedOpcodeFailsWith1002();

    // Fragmentation (5.x)
    void fragmentedMessageIsOneMessage_data();
    void fragmentedMessageIsOneMessage();
    void badFragmentSequenceFailsWith1002_data();
    void badFragmentSequenceFailsWith1002();
    void closeBetweenFragmentsIsAnswered_data() { addEngineRows(); }
    void closeBetweenFragmentsIsAnswered();

    // UTF-8 (6.x)
    void validUtf8IsAccepted_data();
    void validUtf8IsAccepted();
    void invalidUtf8FailsWith1007_data();
    void invalidUtf8FailsWith1007();

    // Limits (9.x)
    void messageOverTheLimitFailsWith1009_data();
    void messageOverTheLimitFailsWith1009();

    // Close handling (7.x)
    void closeIsEchoed_data();
    void closeIsEchoed();
    void badCloseFrameFails_data();
    void badCloseFrameFails();
    void framesAfterCloseAreIgnored_data() { addEngineRows(); }
    void framesAfterCloseAreIgnored();
    void serverCloseWaitsForThePeersClose_data() { addEngineRows(); }
    void serverCloseWaitsForThePeersClose();
    void peerThatNeverClosesIsDropped_data() { addEngineRows(); }
    void peerThatNeverClosesIsDropped();

    // The opening handshake
    void badHandshakeIsRefusedWith400_data();
    void badHandshakeIsRefusedWith400();
    void unknownVersionIsRefused_data();
    void unknownVersionIsRefused();
    void framesPipelinedWithTheUpgradeAreRead_data() { addEngineRows(); }
    void framesPipelinedWithTheUpgradeAreRead();
    void originIsChecked_data() { addEngineRows(); }
    void originIsChecked();
    void subprotocolIsChosen_data();
    void subprotocolIsChosen();

private:
    static sb::server::ServerConfig configFor(const QString &engine);
    // One server per engine for the whole suite.
    quint16 portFor(const QString &engine);
    // A peer of the current row's engine, upgraded. Null (and the test failed) when it could not.
    std::unique_ptr<Peer> openPeer(const QString &engine);
    static void addEngineRows();
    // Rows "<engine>: <name>" for every engine; `add` adds the case's columns after the engine.
    static void addRows(const char *name, const std::function<void(QTestData &)> &add);

    std::map<QString, std::unique_ptr<TestServer>> m_servers;
};

sb::server::ServerConfig WsConformanceTest::configFor(const QString &engine)
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.wsEngine = engine;
    config.maxMessageBytes = Limit;
    config.maxConnectionsPerIp = 0;
    config.feedEnabled = false;
    return config;
}

quint16 WsConformanceTest::portFor(const QString &engine)
{
    std::unique_ptr<TestServer> &server = m_servers[engine];
    if (!server)
        server = std::make_unique<TestServer>(configFor(engine));
    return server->isRunning() ? server->server().port() : 0;
}

std::unique_ptr<Peer> WsConformanceTest::openPeer(const QString &engine)
{
    auto peer = std::make_unique<Peer>(portFor(engine));
    if (!peer->isConnected() || !peer->open())
        return nullptr;
    return peer;
}

void WsConformanceTest::addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : sb::server::WsEngine::names())
        QTest::newRow(qPrintable(engine)) << engine;
}

void WsConformanceTest::addRows(const char *name, const std::function<void(QTestData &)> &add)
{
    for (const QString &engine : sb::server::WsEngine::names())
        add(QTest::addRow("%s: %s", qPrintable(engine), name) << engine);
}

#define OPEN_PEER(peer)                                                                            \
    QFETCH(QString, engine);                                                                       \
    const std::unique_ptr<Peer> peer = openPeer(engine);                                           \
    QVERIFY2(peer, "the upgrade failed")

// --- Framing -------------------------------------------------------------------------------

void WsConformanceTest::messagesOfEveryLengthEncoding_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<quint8>("opcode");
    QTest::addColumn<int>("length");
    // 7-bit lengths up to 125, 16-bit from 126, 64-bit from 65536; the limit itself is accepted.
    for (const int length : { 0, 125, 126, 65535, 65536, Limit }) {
        addRows(qPrintable(QStringLiteral("text %1").arg(length)),
            [&](QTestData &row) { row << quint8(Text) << length; });
        addRows(qPrintable(QStringLiteral("binary %1").arg(length)),
            [&](QTestData &row) { row << quint8(Binary) << length; });
    }
}

void WsConformanceTest::messagesOfEveryLengthEncoding()
{
    QFETCH(quint8, opcode);
    QFETCH(int, length);
    OPEN_PEER(peer);
    // Neither is an envelope: the server answers each with an error, so it read it whole.
    peer->sendFrame(opcode, QByteArray(length, 'x'));
    QVERIFY2(peer->waitForText("\"error\"") >= 0, qPrintable(peer->outcome()));
    peer->sync();
    QVERIFY2(peer->probeAnswered(), qPrintable(peer->outcome()));
}

void WsConformanceTest::unmaskedClientFrameFailsWith1002()
{
    OPEN_PEER(peer);
    peer->sendFrame(Text, hello("unmasked"), { .masked = false });
    EXPECT_FAULT(engine, Fault::UnmaskedFrameAccepted);
    VERIFY_EMPTY(peer->failedWith(CloseCode::ProtocolError));
}

void WsConformanceTest::serverFramesAreUnmaskedWithoutReservedBits()
{
    OPEN_PEER(peer);
    peer->sendFrame(Text, hello("h1"));
    QVERIFY(peer->waitForText("h1") >= 0);
    peer->sync();
    QVERIFY(peer->probeAnswered());
    peer->sendFrame(Close, closePayload(CloseCode::Normal));
    QVERIFY(peer->waitFor([&] { return peer->close().has_value(); }));
    VERIFY_EMPTY(peer->badServerFrames());
}

// --- Ping and pong -------------------------------------------------------------------------

void WsConformanceTest::pingIsAnsweredWithItsPayload_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<int>("length");
    for (const int length : { 0, 1, 125 })
        addRows(qPrintable(QStringLiteral("%1 bytes").arg(length)),
            [&](QTestData &row) { row << length; });
}

void WsConformanceTest::pingIsAnsweredWithItsPayload()
{
    QFETCH(int, length);
    OPEN_PEER(peer);
    QByteArray payload(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        payload[i] = char(255 - i); // binary, not UTF-8: a Ping's payload is opaque
    peer->sendFrame(Ping, payload);
    QVERIFY(peer->waitFor([&] { return peer->first(Pong) || peer->end() != BareEnd::Open; }));
    QVERIFY2(peer->first(Pong), qPrintable(peer->outcome()));
    QCOMPARE(peer->first(Pong)->payload, payload);
}

void WsConformanceTest::badControlFrameFailsWith1002_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<quint8>("opcode");
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("fin");
    addRows("ping of 126 bytes", [](QTestData &row) { row << quint8(Ping) << 126 << true; });
    addRows("pong of 126 bytes", [](QTestData &row) { row << quint8(Pong) << 126 << true; });
    addRows("fragmented ping", [](QTestData &row) { row << quint8(Ping) << 4 << false; });
    addRows("fragmented pong", [](QTestData &row) { row << quint8(Pong) << 4 << false; });
}

void WsConformanceTest::badControlFrameFailsWith1002()
{
    QFETCH(quint8, opcode);
    QFETCH(int, length);
    QFETCH(bool, fin);
    OPEN_PEER(peer);
    peer->sendFrame(opcode, QByteArray(length, 'c'), { .fin = fin });
    VERIFY_EMPTY(peer->failedWith(CloseCode::ProtocolError));
}

void WsConformanceTest::unsolicitedPongIsIgnored()
{
    OPEN_PEER(peer);
    peer->sendFrame(Pong, "unsolicited");
    peer->sendFrame(Text, hello("after-pong"));
    QVERIFY2(peer->waitForText("after-pong") >= 0, qPrintable(peer->outcome()));
}

// --- Reserved bits and opcodes ---------------------------------------------------------------

void WsConformanceTest::reservedBitsFailWith1002_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<quint8>("opcode");
    QTest::addColumn<quint8>("rsv");
    // No extension is ever agreed here, so every reserved bit is an error, on any frame.
    for (quint8 rsv = 1; rsv <= 7; ++rsv)
        addRows(qPrintable(QStringLiteral("text, rsv %1").arg(rsv)),
            [&](QTestData &row) { row << quint8(Text) << rsv; });
    addRows("binary, rsv 4", [](QTestData &row) { row << quint8(Binary) << quint8(4); });
    addRows("ping, rsv 2", [](QTestData &row) { row << quint8(Ping) << quint8(2); });
}

void WsConformanceTest::reservedBitsFailWith1002()
{
    QFETCH(quint8, opcode);
    QFETCH(quint8, rsv);
    OPEN_PEER(peer);
    peer->sendFrame(opcode, opcode == Text ? hello("rsv") : QByteArray("x"), { .rsv = rsv });
    VERIFY_EMPTY(peer->failedWith(CloseCode::ProtocolError));
}

void WsConformanceTest::reservedOpcodeFailsWith1002_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<quint8>("opcode");
    for (const quint8 opcode : { 3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF })
        addRows(qPrintable(QStringLiteral("opcode %1").arg(opcode)),
            [&](QTestData &row) { row << opcode; });
}

void WsConformanceTest::reservedOpcodeFailsWith1002()
{
    QFETCH(quint8, opcode);
    OPEN_PEER(peer);
    peer->sendFrame(opcode, "x");
    VERIFY_EMPTY(peer->failedWith(CloseCode::ProtocolError));
}

// --- Fragmentation ---------------------------------------------------------------------------

void WsConformanceTest::fragmentedMessageIsOneMessage_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<int>("pieceSize"); // 0: two halves
    QTest::addColumn<bool>("pingBetween");
    QTest::addColumn<bool>("emptyFragments");
    addRows("two frames", [](QTestData &row) { row << 0 << false << false; });
    addRows("one byte a frame", [](QTestData &row) { row << 1 << false << false; });
    addRows("a ping between the frames", [](QTestData &row) { row << 0 << true << false; });
    addRows("empty frames around the text", [](QTestData &row) { row << 0 << false << true; });
}

void WsConformanceTest::fragmentedMessageIsOneMessage()
{
    QFETCH(int, pieceSize);
    QFETCH(bool, pingBetween);
    QFETCH(bool, emptyFragments);
    OPEN_PEER(peer);
    const QByteArray message = hello("fragmented");
    QList<QByteArray> pieces;
    const int size = pieceSize > 0 ? pieceSize : int(message.size() / 2 + 1);
    for (qsizetype at = 0; at < message.size(); at += size)
        pieces.append(message.mid(at, size));
    if (emptyFragments) {
        pieces.prepend(QByteArray());
        pieces.insert(2, QByteArray());
        pieces.append(QByteArray());
    }
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        peer->sendFrame(i == 0 ? Text : Continuation, pieces[i], { .fin = i == pieces.size() - 1 });
        if (pingBetween && i == 0)
            peer->sendFrame(Ping, "between");
    }
    const qsizetype reply = peer->waitForText("fragmented");
    QVERIFY2(reply >= 0, qPrintable(peer->outcome()));
    if (pingBetween) {
        // Answered at once, before the message it interrupted was even complete.
        const qsizetype pong = peer->indexOf(Pong, "between");
        QVERIFY(pong >= 0);
        QVERIFY(pong < reply);
    }
}

void WsConformanceTest::badFragmentSequenceFailsWith1002_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QList<QByteArray>>("frames");
    const auto frames = [](std::initializer_list<QByteArray> list) {
        return QList<QByteArray>(list);
    };
    addRows("continuation with nothing to continue",
        [&](QTestData &row) { row << frames({ clientFrame(Continuation, hello("c")) }); });
    addRows("unfinished continuation with nothing to continue", [&](QTestData &row) {
        row << frames({ clientFrame(Continuation, "x", { .fin = false }) });
    });
    addRows("a new text message inside a fragmented one", [&](QTestData &row) {
        row << frames(
            { clientFrame(Text, "{\"type\":", { .fin = false }), clientFrame(Text, hello("t")) });
    });
    addRows("a new binary message inside a fragmented one", [&](QTestData &row) {
        row << frames(
            { clientFrame(Text, "{\"type\":", { .fin = false }), clientFrame(Binary, "x") });
    });
}

void WsConformanceTest::badFragmentSequenceFailsWith1002()
{
    QFETCH(QList<QByteArray>, frames);
    OPEN_PEER(peer);
    for (const QByteArray &frame : frames)
        peer->send(frame);
    VERIFY_EMPTY(peer->failedWith(CloseCode::ProtocolError));
}

void WsConformanceTest::closeBetweenFragmentsIsAnswered()
{
    OPEN_PEER(peer);
    peer->sendFrame(Text, "{\"type\":", { .fin = false });
    peer->sendFrame(Close, closePayload(CloseCode::Normal, "bye"));
    QVERIFY(peer->waitFor([&] { return peer->close() || peer->end() != BareEnd::Open; }));
    QVERIFY2(peer->close(), qPrintable(peer->outcome()));
    QCOMPARE(peer->close()->closeCode(), CloseCode::Normal);
}

// --- UTF-8 -----------------------------------------------------------------------------------

void WsConformanceTest::validUtf8IsAccepted_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("cut"); // where a second frame starts, bytes into `text`; -1: one frame
    // é is 2 bytes, € 3, 𝄞 (U+1D11E) 4; "κόσμε" is Autobahn's case 6.2.
    const QByteArray text =
        "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5-\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e";
    addRows("one frame", [&](QTestData &row) { row << text << -1; });
    addRows("split between characters", [&](QTestData &row) { row << text << 11; });
    addRows("split inside a 2-byte character", [&](QTestData &row) { row << text << 13; });
    addRows("split inside a 3-byte character", [&](QTestData &row) { row << text << 16; });
    addRows("split inside a 4-byte character, 1 + 3", [&](QTestData &row) { row << text << 18; });
    addRows("split inside a 4-byte character, 3 + 1", [&](QTestData &row) { row << text << 20; });
}

void WsConformanceTest::validUtf8IsAccepted()
{
    QFETCH(QByteArray, text);
    QFETCH(int, cut);
    OPEN_PEER(peer);
    const QByteArray message = hello(text);
    const qsizetype at = message.indexOf(text) + cut;
    if (cut < 0)
        peer->sendFrame(Text, message);
    else
        peer->sendFragmented(Text, message, { at });
    const bool splitsCharacter = cut >= 0 && (quint8(text[cut]) & 0xC0) == 0x80;
    if (splitsCharacter)
        EXPECT_FAULT(engine, Fault::SplitCodePointRefused);
    QVERIFY2(peer->waitForText(text) >= 0, qPrintable(peer->outcome()));
}

void WsConformanceTest::invalidUtf8FailsWith1007_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QList<QByteArray>>("frames");
    const std::pair<const char *, QByteArray> sequences[] = {
        { "a lone continuation byte", "\x80" },
        { "an overlong '/'", "\xc0\xaf" },
        { "an overlong 3-byte NUL", "\xe0\x80\x80" },
        { "a UTF-16 surrogate", "\xed\xa0\x80" },
        { "above U+10FFFF", "\xf4\x90\x80\x80" },
        { "byte FE", "\xfe" },
        { "byte FF", "\xff" },
        { "a character cut short", "\xe2\x82-" },
    };
    for (const auto &[name, bad] : sequences) {
        const QByteArray message = hello("bad-" + bad + "-utf8");
        const qsizetype cut = message.indexOf("bad-");
        addRows(
            name, [&](QTestData &row) { row << QList<QByteArray> { clientFrame(Text, message) }; });
        addRows(qPrintable(QStringLiteral("%1, in the second frame").arg(QLatin1String(name))),
            [&](QTestData &row) {
                row << QList<QByteArray> { clientFrame(Text, message.left(cut), { .fin = false }),
                    clientFrame(Continuation, message.mid(cut)) };
            });
        // Autobahn 6.4: a sequence that can never become valid fails the connection at once,
        // before the message is complete (the Ping that follows is not answered).
        addRows(qPrintable(QStringLiteral("%1, in an unfinished message").arg(QLatin1String(name))),
            [&](QTestData &row) {
                row << QList<QByteArray> { clientFrame(
                    Text, message.left(cut + 4 + bad.size()), { .fin = false }) };
            });
    }
    addRows("a message that ends inside a character", [&](QTestData &row) {
        row << QList<QByteArray> { clientFrame(Text,
            R"({"type":"hello","id":"x)"
            "\xf0\x9d\x84") };
    });
}

void WsConformanceTest::invalidUtf8FailsWith1007()
{
    QFETCH(QList<QByteArray>, frames);
    OPEN_PEER(peer);
    for (const QByteArray &frame : frames)
        peer->send(frame);
    VERIFY_EMPTY(peer->failedWith(1007));
}

// --- Limits ----------------------------------------------------------------------------------

void WsConformanceTest::messageOverTheLimitFailsWith1009_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<int>("frames");
    addRows("one frame", [](QTestData &row) { row << 1; });
    addRows("four frames, each under the limit", [](QTestData &row) { row << 4; });
}

void WsConformanceTest::messageOverTheLimitFailsWith1009()
{
    QFETCH(int, frames);
    OPEN_PEER(peer);
    const QByteArray message(Limit + 1, 'x');
    QList<qsizetype> cuts;
    for (int i = 1; i < frames; ++i)
        cuts.append(message.size() * i / frames);
    peer->sendFragmented(Binary, message, cuts);
    VERIFY_EMPTY(peer->failedWith(CloseCode::TooBig));
}

// --- Close handling --------------------------------------------------------------------------

void WsConformanceTest::closeIsEchoed_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<quint16>("echoed"); // 0: no code
    // RFC 6455 7.4: the codes a peer may send; 1004–1006 and 1015 are reserved, 1012–1014 are
    // registered since and left out (Qt 6.4 refuses them).
    for (const quint16 code :
        { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999 })
        addRows(qPrintable(QStringLiteral("code %1").arg(code)),
            [&](QTestData &row) { row << closePayload(code, "bye") << code; });
    addRows("no payload", [](QTestData &row) { row << QByteArray() << quint16(0); });
    addRows("a reason of 123 bytes",
        [](QTestData &row) { row << closePayload(1000, QByteArray(123, 'r')) << quint16(1000); });
}

void WsConformanceTest::closeIsEchoed()
{
    QFETCH(QByteArray, payload);
    QFETCH(quint16, echoed);
    OPEN_PEER(peer);
    peer->sendFrame(Close, payload);
    QVERIFY(peer->waitFor([&] { return peer->end() != BareEnd::Open; }));
    QVERIFY2(peer->close(), qPrintable(peer->outcome()));
    // An empty Close may be answered with 1000 (Autobahn 7.3.1 takes both).
    if (echoed != 0 || peer->close()->closeCode() != CloseCode::Normal)
        QCOMPARE(peer->close()->closeCode(), echoed);
    // The server closes TCP first, once both Closes are out (RFC 6455 7.1.1): a FIN, no reset.
    QCOMPARE(int(peer->end()), int(BareEnd::Closed));
}

void WsConformanceTest::badCloseFrameFails_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<quint16>("code");
    QTest::addColumn<Fault>("fault");
    addRows("a 1-byte payload",
        [](QTestData &row) { row << QByteArray("\x03") << quint16(1002) << Fault::None; });
    for (const int code : { 0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535 })
        addRows(qPrintable(QStringLiteral("code %1").arg(code)), [&](QTestData &row) {
            row << closePayload(quint16(code)) << quint16(1002)
                << (code >= 5000 ? Fault::UndefinedCloseCodeEchoed : Fault::None);
        });
    addRows("a reason that is not UTF-8", [](QTestData &row) {
        row << closePayload(1000, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80")
            << quint16(1007) << Fault::BadCloseReasonFailsWith1002;
    });
    addRows("a reason of 124 bytes", [](QTestData &row) {
        row << closePayload(1000, QByteArray(124, 'r')) << quint16(1002) << Fault::None;
    });
}

void WsConformanceTest::badCloseFrameFails()
{
    QFETCH(QByteArray, payload);
    QFETCH(quint16, code);
    QFETCH(Fault, fault);
    OPEN_PEER(peer);
    peer->sendFrame(Close, payload);
    QVERIFY(peer->waitFor([&] { return peer->close() || peer->end() != BareEnd::Open; }));
    QVERIFY2(peer->close(), qPrintable(peer->outcome()));
    EXPECT_FAULT(engine, fault);
    QCOMPARE(peer->close()->closeCode(), code);
}

void WsConformanceTest::framesAfterCloseAreIgnored()
{
    OPEN_PEER(peer);
    // In one segment: after its Close a peer may send nothing, and what comes is not read.
    peer->send(clientFrame(Close, closePayload(CloseCode::Normal))
        + clientFrame(Text, hello("late")) + clientFrame(Ping, "late"));
    QVERIFY(peer->waitFor([&] { return peer->end() != BareEnd::Open; }));
    QVERIFY2(peer->close(), qPrintable(peer->outcome()));
    QCOMPARE(peer->close()->closeCode(), CloseCode::Normal);
    QVERIFY(!peer->first(Text));
    QVERIFY(!peer->first(Pong));
}

void WsConformanceTest::serverCloseWaitsForThePeersClose()
{
    // The server closes (here 1009 for a message over the limit, as for a flood or a slow
    // consumer) while the client is still writing. It must keep reading, and discard, until the
    // client's Close: a socket closed with unread data, or written to after it was closed, is
    // reset, and the reset may throw away the Close before the client read it.
    OPEN_PEER(peer);
    peer->sendFrame(Binary, QByteArray(Limit + 1, 'x'));
    QVERIFY(peer->waitFor([&] { return peer->close() || peer->end() != BareEnd::Open; }));
    const quint16 code = peer->close() ? peer->close()->closeCode() : 0;
    // A client that has not read the Close yet goes on writing. The server must neither reset
    // nor end the TCP connection before the client's Close (RFC 6455 7.1.1: it closes TCP once
    // both Closes were exchanged). Each wait runs the server, which runs in this thread, so a
    // server that closed its socket has done so before the next write: decided by what the
    // server does, not by how fast it does it.
    for (int i = 0; i < 20 && peer->end() != BareEnd::Reset; ++i) {
        peer->sendFrame(Text, hello("still-writing"));
        QTest::qWait(5);
    }
    const BareEnd beforeOurClose = peer->end();
    peer->sendFrame(Close, closePayload(code));
    peer->waitFor([&] { return peer->end() != BareEnd::Open; });
    const auto describe = [](BareEnd end) {
        return end == BareEnd::Open ? "open" : end == BareEnd::Closed ? "FIN" : "reset";
    };
    const QString what =
        QStringLiteral("close code %1; TCP before the client's Close: %2, after: %3")
            .arg(code)
            .arg(describe(beforeOurClose), describe(peer->end()));
    qInfo().noquote() << what;
    EXPECT_FAULT(engine, Fault::ResetAfterClose);
    QVERIFY2(code == CloseCode::TooBig && beforeOurClose == BareEnd::Open
            && peer->end() == BareEnd::Closed,
        qPrintable(what));
}

void WsConformanceTest::peerThatNeverClosesIsDropped()
{
    OPEN_PEER(peer);
    peer->sendFrame(Text, hello("x"), { .rsv = 1 });
    QVERIFY(peer->waitFor([&] { return peer->close() || peer->end() != BareEnd::Open; }));
    // Never answered: the server gives up on its own (RFC 6455 7.1.1 lets it drop TCP after a
    // while). The wait is generous, not a measure.
    QVERIFY2(peer->waitFor([&] { return peer->end() != BareEnd::Open; }, 20000),
        "the server keeps a peer that never finishes the close handshake");
}

// --- The opening handshake -------------------------------------------------------------------

void WsConformanceTest::badHandshakeIsRefusedWith400_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<Fault>("fault");
    const QByteArray version = "Sec-WebSocket-Version: 13\r\n";
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    const auto key = [](const QByteArray &value) -> QByteArray {
        return "Sec-WebSocket-Key: " + value + "\r\n";
    };
    const auto add = [](const char *name, const QByteArray &headers, Fault fault) {
        addRows(name, [&](QTestData &row) { row << headers << fault; });
    };
    add("no Sec-WebSocket-Key", upgrade + version, Fault::BadRequestUnanswered);
    add("a key that is not base64", upgrade + key("not base64!") + version,
        Fault::MalformedKeyAccepted);
    add("a key of 15 bytes", upgrade + key(QByteArray(15, 'k').toBase64()) + version,
        Fault::MalformedKeyAccepted);
    add("a key of 17 bytes", upgrade + key(QByteArray(17, 'k').toBase64()) + version,
        Fault::MalformedKeyAccepted);
    add("no Upgrade header", "Connection: Upgrade\r\n" + key(Key) + version,
        Fault::BadRequestUnanswered);
    add("Upgrade: h2c", "Upgrade: h2c\r\nConnection: Upgrade\r\n" + key(Key) + version,
        Fault::BadRequestUnanswered);
    add("no Connection: Upgrade", "Upgrade: websocket\r\n" + key(Key) + version,
        Fault::BadRequestUnanswered);
    add("no Sec-WebSocket-Version", upgrade + key(Key), Fault::BadRequestUnanswered);
}

void WsConformanceTest::badHandshakeIsRefusedWith400()
{
    QFETCH(QString, engine);
    QFETCH(QByteArray, headers);
    QFETCH(Fault, fault);
    Peer peer(portFor(engine));
    QVERIFY(peer.isConnected());
    peer.sendRequest(headers);
    const bool responded = peer.waitForResponse();
    EXPECT_FAULT(engine, fault);
    QVERIFY2(responded && peer.status() == 400,
        responded ? qPrintable(QStringLiteral("HTTP %1").arg(peer.status())) : peer.noResponse());
}

void WsConformanceTest::unknownVersionIsRefused_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<Fault>("fault");
    for (const char *version : { "8", "12", "14" })
        addRows(version, [&](QTestData &row) { row << QByteArray(version) << Fault::None; });
    addRows("thirteen",
        [&](QTestData &row) { row << QByteArray("thirteen") << Fault::BadRequestUnanswered; });
}

void WsConformanceTest::unknownVersionIsRefused()
{
    QFETCH(QString, engine);
    QFETCH(QByteArray, version);
    QFETCH(Fault, fault);
    Peer peer(portFor(engine));
    QVERIFY(peer.isConnected());
    peer.sendRequest("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Key
        + "\r\nSec-WebSocket-Version: " + version + "\r\n");
    const bool responded = peer.waitForResponse();
    EXPECT_FAULT(engine, fault);
    QVERIFY2(responded, peer.noResponse());
    // RFC 6455 4.2.2: an error such as 426, naming the versions the server speaks.
    QVERIFY2(
        peer.status() == 400 || peer.status() == 426, qPrintable(QString::number(peer.status())));
    QVERIFY(peer.header("Sec-WebSocket-Version").split(',').contains("13"));
}

void WsConformanceTest::framesPipelinedWithTheUpgradeAreRead()
{
    QFETCH(QString, engine);
    Peer peer(portFor(engine));
    QVERIFY(peer.isConnected());
    // A client may send frames right behind its request, before the 101 came back.
    QVERIFY(peer.open({}, clientFrame(Text, hello("pipelined"))));
    peer.sync(); // the server reads in order: the hello is judged before the Ping after it
    EXPECT_FAULT(engine, Fault::PipelinedFramesLost);
    QVERIFY2(peer.waitForText("pipelined") >= 0, qPrintable(peer.outcome()));
}

void WsConformanceTest::originIsChecked()
{
    QFETCH(QString, engine);
    sb::server::ServerConfig config = configFor(engine);
    config.allowedOrigins = { "https://switchboard.example" };
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));

    Peer stranger(server.server().port());
    stranger.sendRequest(UpgradeHeaders + "Origin: https://evil.example\r\n");
    QVERIFY2(stranger.waitForResponse(), stranger.noResponse());
    QCOMPARE(stranger.status(), 403);

    Peer page(server.server().port());
    QVERIFY(page.open("Origin: https://switchboard.example\r\n"));
    Peer native(server.server().port()); // no Origin: not a browser
    QVERIFY(native.open());
}

void WsConformanceTest::subprotocolIsChosen_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("offered");
    QTest::addColumn<QByteArray>("chosen"); // null: no Sec-WebSocket-Protocol in the response
    const QByteArray json = "switchboard.v1+json", cbor = "switchboard.v1+cbor";
    addRows("none offered", [&](QTestData &row) { row << QByteArray() << QByteArray(); });
    addRows("json", [&](QTestData &row) { row << json << json; });
    addRows("cbor", [&](QTestData &row) { row << cbor << cbor; });
    addRows("cbor then json: the client's first",
        [&](QTestData &row) { row << cbor + ", " + json << cbor; });
    addRows("json then cbor: the client's first",
        [&](QTestData &row) { row << json + ", " + cbor << json; });
    addRows("an unknown one, then json",
        [&](QTestData &row) { row << "chat.example, " + json << json; });
    addRows("only unknown ones",
        [&](QTestData &row) { row << QByteArray("chat.example, mqtt") << QByteArray(); });
}

void WsConformanceTest::subprotocolIsChosen()
{
    QFETCH(QString, engine);
    QFETCH(QByteArray, offered);
    QFETCH(QByteArray, chosen);
    Peer peer(portFor(engine));
    QVERIFY(peer.isConnected());
    QVERIFY(
        peer.open(offered.isNull() ? QByteArray() : "Sec-WebSocket-Protocol: " + offered + "\r\n"));
    QCOMPARE(peer.header("Sec-WebSocket-Protocol"), chosen);
}

QTEST_GUILESS_MAIN(WsConformanceTest)
#include "tst_wsconformance.moc"
