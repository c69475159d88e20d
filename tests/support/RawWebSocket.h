#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>

// A WebSocket client written by hand over QTcpSocket (RFC 6455), for what QWebSocket will not
// do: show the server's Ping frames, leave them unanswered, stop reading (a stalled consumer),
// or take a frame apart. Masked frames out, unmasked frames in.
class RawWebSocket : public QObject
{
    Q_OBJECT

public:
    enum Opcode : quint8 { Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

    struct Frame
    {
        quint8 opcode = 0;
        QByteArray payload;
        qint64 atMs = 0; // when it arrived, from the client's start
        quint16 closeCode() const;
    };

    explicit RawWebSocket(bool answerPings = true, QObject *parent = nullptr);

    bool connectTcp(const QUrl &url);
    // Sends the upgrade request and checks the 101 and its Sec-WebSocket-Accept.
    bool handshake(const QUrl &url);
    bool open(const QUrl &url) { return connectTcp(url) && handshake(url); }

    void sendFrame(quint8 opcode, const QByteArray &payload);
    void sendText(const QByteArray &utf8) { sendFrame(Text, utf8); }

    // Stops taking data from the kernel and shrinks the receive buffer, so the server's writes
    // back up as they would towards a client on a dead-slow link.
    void stallReading();

    const QList<Frame> &frames() const { return m_frames; }
    int count(quint8 opcode) const;
    const Frame *first(quint8 opcode) const;
    QTcpSocket &tcp() { return m_socket; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    void onReadyRead();
    bool parseFrame();

    bool m_answerPings;
    bool m_stalled = false;
    QElapsedTimer m_clock;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_response;
    bool m_upgraded = false;
    QList<Frame> m_frames;
};
