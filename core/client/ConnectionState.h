#pragma once

#include <QMetaType>
#include <QString>

namespace sb::client {

// The connection manager's states. Every change is signalled with the reason behind it.
enum class ConnectionState {
    Disconnected,       // not connected, and not trying (never started, the user's choice,
                        // or the server refused who we are: 4001/4003)
    Connecting,         // TCP + WebSocket handshake under way
    Handshaking,        // socket open, `hello` sent, waiting for `welcome`
    Open,               // welcomed: requests may flow
    Closing,            // the user's disconnect, waiting for the close handshake
    WaitingToReconnect, // lost; the next attempt is scheduled (see ReconnectPolicy)
};

// Why the state changed: the close code when a connection ended (1006 when it simply dropped,
// 0 when there was no connection), and words for the user.
struct StateReason
{
    int closeCode = 0;
    QString message;
};

QString stateName(ConnectionState state);

} // namespace sb::client

Q_DECLARE_METATYPE(sb::client::ConnectionState)
Q_DECLARE_METATYPE(sb::client::StateReason)
