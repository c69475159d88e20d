#include "SharedFrame.h"

#include "protocol/Codec.h"

namespace sb::server {

using protocol::WireFormat;

SharedFrame::SharedFrame(protocol::Envelope envelope)
    : m_envelope(std::move(envelope))
{
}

const QByteArray &SharedFrame::bytes(WireFormat format) const
{
    QByteArray &cached = format == WireFormat::Cbor ? m_cbor : m_json;
    if (cached.isEmpty())
        cached = protocol::Codec::encode(m_envelope, format);
    return cached;
}

const QString &SharedFrame::text() const
{
    if (m_text.isEmpty())
        m_text = QString::fromUtf8(bytes(WireFormat::Json));
    return m_text;
}

} // namespace sb::server
