#pragma once

#include <QtGlobal>

// WebSocket close codes Switchboard uses (PROTOCOL.md, "Connection rules").
// Codes 1012–2999 are never sent: a Qt 6.4 peer turns them into 1002.
namespace sb::protocol::CloseCode {

inline constexpr quint16 Normal = 1000;
inline constexpr quint16 GoingAway = 1001;
inline constexpr quint16 ProtocolError = 1002;
inline constexpr quint16 Policy = 1008;
inline constexpr quint16 TooBig = 1009;
inline constexpr quint16 Internal = 1011;
inline constexpr quint16 HeartbeatTimeout = 4000;
inline constexpr quint16 Unauthorized = 4001;
inline constexpr quint16 Forbidden = 4003;
inline constexpr quint16 SlowConsumer = 4008;

// The client does not reconnect after these: the user (or the server's verdict on the user)
// ended the session, and retrying would only repeat it.
constexpr bool isFinal(quint16 code)
{
    return code == Normal || code == Unauthorized || code == Forbidden;
}

} // namespace sb::protocol::CloseCode
