#include "TestClient.h"

#include "protocol/Codec.h"
#include "protocol/MessageType.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTimer>
#include <QTest>
#include <QWebSocketHandshakeOptions>

using namespace sb::protocol;

TestClient::TestClient(WireFormat format, QObject *parent)
    : QObject(parent)
    , m_format(format)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text.toUtf8(), false); });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { onFrame(bytes, true); });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_closeCode = m_socket.closeCode();
        m_closeReason = m_socket.closeReason();
    });
}

bool TestClient::open(const QUrl &url, bool offerSubprotocol, int timeoutMs)
{
    QWebSocketHandshakeOptions options;
    if (offerSubprotocol)
        options.setSubprotocols({subprotocolName(m_format)});
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    m_socket.open(QNetworkRequest(url), options);
    return connected.wait(timeoutMs) || isOpen();
}

std::unique_ptr<TestClient> TestClient::connectAs(const QUrl &url, const QString &name,
                                                  WireFormat format, const QJsonObject &extra)
{
    auto client = std::make_unique<TestClient>(format);
    if (!client->open(url))
        return nullptr;
    const Envelope welcome = client->hello(name, extra);
    if (welcome.type != MessageType::Welcome
        || welcome.payload.value(QLatin1String("user")).toString() != name)
        return nullptr;
    return client;
}

Envelope TestClient::hello(const QString &name, QJsonObject extra)
{
    if (!name.isEmpty())
        extra.insert(QLatin1String("name"), name);
    return request(MessageType::Hello, extra);
}

QString TestClient::nextId()
{
    // Unique across every client of the process: a client allocated where an earlier one was,
    // under the same user name, must not repeat its ids (the server would take them for retries).
    static const QString run = QString::number(QRandomGenerator::global()->generate(), 36);
    static int counter = 0;
    return QStringLiteral("t%1-%2").arg(run).arg(++counter);
}

QString TestClient::send(const QString &type, QJsonObject payload, QString id)
{
    if (id.isEmpty())
        id = nextId();
    const QByteArray frame = Codec::encode(Envelope::make(type, std::move(payload), id), m_format);
    if (m_format == WireFormat::Cbor)
        m_socket.sendBinaryMessage(frame);
    else
        m_socket.sendTextMessage(QString::fromUtf8(frame));
    return id;
}

void TestClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

void TestClient::sendBinary(const QByteArray &bytes)
{
    m_socket.sendBinaryMessage(bytes);
}

Envelope TestClient::request(const QString &type, QJsonObject payload, QString id)
{
    return waitForReply(send(type, std::move(payload), std::move(id)));
}

void TestClient::onFrame(const QByteArray &frame, bool binary)
{
    const DecodeResult decoded = Codec::decode(frame, binary ? WireFormat::Cbor : WireFormat::Json);
    if (!decoded.ok()) {
        ++m_decodeFailures;
        return;
    }
    m_inbox.append(decoded.envelope);
    emit envelopeArrived();
}

Envelope TestClient::waitFor(const Match &match, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0; // envelopes before this index did not match already
    for (;;) {
        for (qsizetype i = checked; i < m_inbox.size(); ++i) {
            if (match(m_inbox.at(i)))
                return m_inbox.takeAt(i);
        }
        checked = m_inbox.size();
        if (deadline.hasExpired() || m_socket.state() == QAbstractSocket::UnconnectedState)
            return {};
        // Sleep until the next envelope (or the deadline), not for a fixed slice.
        QEventLoop loop;
        QTimer::singleShot(int(deadline.remainingTime()), &loop, &QEventLoop::quit);
        connect(this, &TestClient::envelopeArrived, &loop, &QEventLoop::quit);
        connect(&m_socket, &QWebSocket::disconnected, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

Envelope TestClient::waitForType(const QString &type, int timeoutMs)
{
    return waitFor([&](const Envelope &e) { return e.type == type; }, timeoutMs);
}

Envelope TestClient::waitForReply(const QString &id, int timeoutMs)
{
    return waitFor([&](const Envelope &e) { return e.id == id; }, timeoutMs);
}

bool TestClient::sync(int timeoutMs)
{
    const QString id = send(MessageType::Ping, {{QLatin1String("t"), 0}});
    return waitForReply(id, timeoutMs).type == MessageType::Pong;
}

QList<Envelope> TestClient::takeAll(const QString &type)
{
    QList<Envelope> taken;
    for (qsizetype i = 0; i < m_inbox.size();) {
        if (m_inbox.at(i).type == type)
            taken.append(m_inbox.takeAt(i));
        else
            ++i;
    }
    return taken;
}

int TestClient::count(const QString &type) const
{
    return int(std::count_if(m_inbox.cbegin(), m_inbox.cend(),
                             [&](const Envelope &e) { return e.type == type; }));
}

bool TestClient::waitClosed(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    return disconnected.wait(timeoutMs) || m_socket.state() == QAbstractSocket::UnconnectedState;
}
