#include "RawWebSocket.h"

#include <QCryptographicHash>
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
    const QByteArray accept =
        QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                 QCryptographicHash::Sha1)
            .toBase64();
    return m_upgraded && m_response.startsWith("HTTP/1.1 101")
        && m_response.contains(QByteArray("Sec-WebSocket-Accept: " + accept));
}

void RawWebSocket::sendFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(0x80 | n));
    } else if (n < 65536) {
        frame.append(char(0x80 | 126));
        const quint16 length = qToBigEndian(quint16(n));
        frame.append(reinterpret_cast<const char *>(&length), 2);
    } else {
        frame.append(char(0x80 | 127));
        const quint64 length = qToBigEndian(quint64(n));
        frame.append(reinterpret_cast<const char *>(&length), 8);
    }
    const quint32 mask = QRandomGenerator::global()->generate();
    const QByteArray maskBytes(reinterpret_cast<const char *>(&mask), 4);
    frame.append(maskBytes);
    for (qsizetype i = 0; i < n; ++i)
        frame.append(char(payload[i] ^ maskBytes[i % 4]));
    m_socket.write(frame);
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
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_response = m_buffer.left(end + 4);
        m_buffer.remove(0, end + 4);
        m_upgraded = true;
    }
    while (parseFrame()) {
    }
}

bool RawWebSocket::parseFrame()
{
    if (m_buffer.size() < 2)
        return false;
    const quint8 opcode = quint8(m_buffer[0]) & 0x0F;
    qint64 length = quint8(m_buffer[1]) & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (m_buffer.size() < 4)
            return false;
        length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
        header = 4;
    } else if (length == 127) {
        if (m_buffer.size() < 10)
            return false;
        length = qint64(qFromBigEndian<quint64>(m_buffer.constData() + 2));
        header = 10;
    }
    if (m_buffer.size() < header + length)
        return false;
    Frame frame{opcode, m_buffer.mid(header, length), m_clock.elapsed()};
    m_buffer.remove(0, header + length);
    if (frame.opcode == Ping && m_answerPings)
        sendFrame(Pong, frame.payload);
    m_frames.append(frame);
    return true;
}
