#include "SharedFrame.h"

#include "protocol/Codec.h"

namespace sb::server {

using protocol::WireFormat;

SharedFrame::SharedFrame(protocol::Envelope envelope)
    : m_envelope(std::move(envelope))
{
}

SharedFrame::SharedFrame(WireFormat format, QByteArray encoded)
{
    if (format == WireFormat::Cbor)
        m_cbor = WsMessage::binary(std::move(encoded));
    else
        m_json = WsMessage::text(std::move(encoded));
}

const WsMessage &SharedFrame::message(WireFormat format) const
{
    std::optional<WsMessage> &cached = format == WireFormat::Cbor ? m_cbor : m_json;
    if (!cached) {
        Q_ASSERT_X(m_envelope.isValid(), "SharedFrame", "encoded by its sender for the other format");
        QByteArray bytes = protocol::Codec::encode(m_envelope, format);
        cached = format == WireFormat::Cbor ? WsMessage::binary(std::move(bytes))
                                            : WsMessage::text(std::move(bytes));
    }
    return *cached;
}

} // namespace sb::server
