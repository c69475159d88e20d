#include "SharedFrame.h"

#include "protocol/Codec.h"

namespace sb::server {

using protocol::WireFormat;

SharedFrame::SharedFrame(protocol::Envelope envelope)
    : m_envelope(std::move(envelope))
{
}

const WsMessage &SharedFrame::message(WireFormat format) const
{
    std::optional<WsMessage> &cached = format == WireFormat::Cbor ? m_cbor : m_json;
    if (!cached) {
        QByteArray bytes = protocol::Codec::encode(m_envelope, format);
        cached = format == WireFormat::Cbor ? WsMessage::binary(std::move(bytes))
                                            : WsMessage::text(std::move(bytes));
    }
    return *cached;
}

} // namespace sb::server
