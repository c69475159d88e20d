#pragma once

#include <QLatin1String>
#include <QStringList>

namespace sb::protocol {

// How envelopes travel: JSON in text frames or CBOR in binary frames, chosen per connection by
// the negotiated WebSocket subprotocol.
enum class WireFormat { Json, Cbor };

inline constexpr QLatin1String JsonSubprotocol{"switchboard.v1+json"};
inline constexpr QLatin1String CborSubprotocol{"switchboard.v1+cbor"};

// A client that offers no subprotocol (wscat, a bare browser WebSocket) speaks JSON.
inline WireFormat wireFormatForSubprotocol(const QString &subprotocol)
{
    return subprotocol == CborSubprotocol ? WireFormat::Cbor : WireFormat::Json;
}

inline QString subprotocolName(WireFormat format)
{
    return format == WireFormat::Cbor ? QString(CborSubprotocol) : QString(JsonSubprotocol);
}

} // namespace sb::protocol
