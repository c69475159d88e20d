#include "ConnectionState.h"

namespace sb::client {

QString stateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected: return QStringLiteral("disconnected");
    case ConnectionState::Connecting: return QStringLiteral("connecting");
    case ConnectionState::Handshaking: return QStringLiteral("handshaking");
    case ConnectionState::Open: return QStringLiteral("open");
    case ConnectionState::Closing: return QStringLiteral("closing");
    case ConnectionState::WaitingToReconnect: return QStringLiteral("waiting to reconnect");
    }
    return {};
}

} // namespace sb::client
