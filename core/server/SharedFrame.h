#pragma once

#include "WsEngine.h"
#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <optional>

namespace sb::server {

// One envelope bound for many connections: encoded at most once per wire format, however many
// members a room has, as a WsMessage every member's send shares. Fan-out cost is then one
// socket write per member.
class SharedFrame {
public:
    explicit SharedFrame(protocol::Envelope envelope);
    // A message its sender encoded itself, for connections of that one format only (a reply
    // too large for the generic encoder to be cheap: TickerHistoryReply).
    SharedFrame(protocol::WireFormat format, QByteArray encoded);

    // A JSON text or CBOR binary message.
    const WsMessage &message(protocol::WireFormat format) const;
    const protocol::Envelope &envelope() const { return m_envelope; }

private:
    protocol::Envelope m_envelope;
    mutable std::optional<WsMessage> m_json;
    mutable std::optional<WsMessage> m_cbor;
};

} // namespace sb::server
