#pragma once

#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QByteArray>

namespace sb::server {

// One envelope bound for many connections: encoded at most once per wire format, however many
// members a room has. Fan-out cost is then one socket write per member.
class SharedFrame
{
public:
    explicit SharedFrame(protocol::Envelope envelope);

    const QByteArray &bytes(protocol::WireFormat format) const;
    const protocol::Envelope &envelope() const { return m_envelope; }

private:
    protocol::Envelope m_envelope;
    mutable QByteArray m_json;
    mutable QByteArray m_cbor;
};

} // namespace sb::server
