#include "WsFrame.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QtEndian>

namespace sb::test::ws {

QByteArray clientFrame(quint8 opcode, const QByteArray &payload, FrameOptions options)
{
    QByteArray frame;
    frame.append(char((options.fin ? 0x80 : 0x00) | ((options.rsv & 0x7) << 4) | (opcode & 0xF)));
    const char maskBit = options.masked ? char(0x80) : char(0);
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(maskBit | char(n)));
    } else if (n < 65536) {
        frame.append(char(maskBit | 126));
        const quint16 length = qToBigEndian(quint16(n));
        frame.append(reinterpret_cast<const char *>(&length), 2);
    } else {
        frame.append(char(maskBit | 127));
        const quint64 length = qToBigEndian(quint64(n));
        frame.append(reinterpret_cast<const char *>(&length), 8);
    }
    if (!options.masked)
        return frame + payload;
    const quint32 mask = QRandomGenerator::global()->generate() | 1;
    const QByteArray key(reinterpret_cast<const char *>(&mask), 4);
    frame.append(key);
    const qsizetype start = frame.size();
    frame.append(payload);
    for (qsizetype i = 0; i < n; ++i)
        frame[start + i] = char(frame[start + i] ^ key[i % 4]);
    return frame;
}

QByteArray closePayload(quint16 code, const QByteArray &reason)
{
    const quint16 big = qToBigEndian(code);
    return QByteArray(reinterpret_cast<const char *>(&big), 2) + reason;
}

quint16 Frame::closeCode() const
{
    return opcode == Close && payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData())
                                                  : 0;
}

QByteArray Frame::closeReason() const
{
    return opcode == Close ? payload.mid(2) : QByteArray();
}

std::optional<Frame> takeFrame(QByteArray &buffer)
{
    if (buffer.size() < 2)
        return std::nullopt;
    Frame frame;
    frame.fin = quint8(buffer[0]) & 0x80;
    frame.rsv = (quint8(buffer[0]) >> 4) & 0x7;
    frame.opcode = quint8(buffer[0]) & 0x0F;
    frame.masked = quint8(buffer[1]) & 0x80;
    qint64 length = quint8(buffer[1]) & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (buffer.size() < 4)
            return std::nullopt;
        length = qFromBigEndian<quint16>(buffer.constData() + 2);
        header = 4;
    } else if (length == 127) {
        if (buffer.size() < 10)
            return std::nullopt;
        length = qint64(qFromBigEndian<quint64>(buffer.constData() + 2));
        header = 10;
    }
    const qsizetype keyBytes = frame.masked ? 4 : 0;
    if (buffer.size() < header + keyBytes + length)
        return std::nullopt;
    frame.payload = buffer.mid(header + keyBytes, length);
    for (qsizetype i = 0; i < frame.payload.size() && frame.masked; ++i)
        frame.payload[i] = char(frame.payload[i] ^ buffer[header + i % 4]);
    buffer.remove(0, header + keyBytes + length);
    return frame;
}

std::optional<QByteArray> takeHttpHead(QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    const QByteArray head = buffer.left(end + 4);
    buffer.remove(0, end + 4);
    return head;
}

QByteArray acceptFor(const QByteArray &key)
{
    return QCryptographicHash::hash(
        QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), QCryptographicHash::Sha1)
        .toBase64();
}

} // namespace sb::test::ws
