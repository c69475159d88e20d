#include "RawWebSocket.h"

#include "WsFrame.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

quint16 RawWebSocket::Frame::closeCode() const
{
    return opcode == Close && payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 0;
}

RawWebSocket::RawWebSocket(bool answerPings, QObject *parent)
    : QObject(parent)
    , m_answerPings(answerPings)
{
    m_clock.start();
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWebSocket::onReadyRead);
}

bool RawWebSocket::connectTcp(const QUrl &url)
{
    m_socket.connectToHost(url.host(), quint16(url.port()));
    return m_socket.waitForConnected(5000);
}

bool RawWebSocket::handshake(const QUrl &url)
{
    QByteArray nonce(16, Qt::Uninitialized);
    for (char &c : nonce)
        c = char(QRandomGenerator::global()->bounded(256));
    const QByteArray key = nonce.toBase64();
    m_socket.write("GET / HTTP/1.1\r\nHost: " + url.authority().toLatin1()
                   + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                   + "\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QDeadlineTimer deadline(5000);
    while (!m_upgraded && !deadline.hasExpired()
           && m_socket.state() == QAbstractSocket::ConnectedState)
        QTest::qWait(5);
    const QByteArray accept = sb::test::ws::acceptFor(key);
    return m_upgraded && m_response.startsWith("HTTP/1.1 101")
        && m_response.contains(QByteArray("Sec-WebSocket-Accept: " + accept));
}

void RawWebSocket::sendFrame(quint8 opcode, const QByteArray &payload)
{
    m_socket.write(sb::test::ws::clientFrame(opcode, payload));
}

void RawWebSocket::stallReading()
{
    m_stalled = true;
    m_socket.setReadBufferSize(4096);
    m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
}

int RawWebSocket::count(quint8 opcode) const
{
    return int(std::count_if(m_frames.cbegin(), m_frames.cend(),
                             [opcode](const Frame &f) { return f.opcode == opcode; }));
}

const RawWebSocket::Frame *RawWebSocket::first(quint8 opcode) const
{
    const auto it = std::find_if(m_frames.cbegin(), m_frames.cend(),
                                 [opcode](const Frame &f) { return f.opcode == opcode; });
    return it == m_frames.cend() ? nullptr : &*it;
}

void RawWebSocket::onReadyRead()
{
    if (m_stalled)
        return; // leave it in the socket: the kernel's window closes, the server backs up
    m_buffer += m_socket.readAll();
    if (!m_upgraded) {
        std::optional<QByteArray> head = sb::test::ws::takeHttpHead(m_buffer);
        if (!head)
            return;
        m_response = *head;
        m_upgraded = true;
    }
    while (parseFrame()) {
    }
}

bool RawWebSocket::parseFrame()
{
    const std::optional<sb::test::ws::Frame> parsed = sb::test::ws::takeFrame(m_buffer);
    if (!parsed)
        return false;
    Frame frame{parsed->opcode, parsed->payload, m_clock.elapsed()};
    if (frame.opcode == Ping && m_answerPings)
        sendFrame(Pong, frame.payload);
    m_frames.append(frame);
    return true;
}
