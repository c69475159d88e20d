#pragma once

#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QByteArray>
#include <QString>

namespace sb::server {

// One envelope bound for many connections: encoded at most once per wire format, however many
// members a room has. Fan-out cost is then one socket write per member.
class SharedFrame
{
public:
    explicit SharedFrame(protocol::Envelope envelope);

    const QByteArray &bytes(protocol::WireFormat format) const;
    // The JSON encoding as a QString, which QWebSocket::sendTextMessage takes: converted once
    // for the whole room instead of once per member (measured in the fan-out benchmark).
    const QString &text() const;
    const protocol::Envelope &envelope() const { return m_envelope; }

private:
    protocol::Envelope m_envelope;
    mutable QByteArray m_json;
    mutable QByteArray m_cbor;
    mutable QString m_text;
};

} // namespace sb::server
