#pragma once

#include <QByteArray>
#include <optional>

// RFC 6455 frames byte for byte, as a test client writes and reads them: for the suites that
// take the protocol apart (RawWebSocket, tst_plainlistener, tst_wsconformance).
namespace sb::test::ws {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

struct FrameOptions {
    bool fin = true;
    quint8 rsv = 0; // the three reserved bits, 0–7
    bool masked = true; // a client must mask; false shows whether a server refuses it
};

// A client frame, masked with a random non-zero key (so unmasking is always exercised).
QByteArray clientFrame(quint8 opcode, const QByteArray &payload, FrameOptions options = {});
// The payload of a Close frame: the code in network order, then the reason.
QByteArray closePayload(quint16 code, const QByteArray &reason = {});

struct Frame {
    bool fin = true;
    quint8 rsv = 0;
    quint8 opcode = 0;
    bool masked = false; // a server must never mask
    QByteArray payload; // unmasked
    quint16 closeCode() const; // 0 when not a Close or it carries none
    QByteArray closeReason() const;
};

// Takes the first whole frame off the front of `buffer`; nothing while it is incomplete.
std::optional<Frame> takeFrame(QByteArray &buffer);

// Takes an HTTP head (status line and headers, through the blank line) off the front of
// `buffer`; nothing while it is incomplete.
std::optional<QByteArray> takeHttpHead(QByteArray &buffer);

// What the server must answer to `key` in Sec-WebSocket-Accept.
QByteArray acceptFor(const QByteArray &key);

} // namespace sb::test::ws
