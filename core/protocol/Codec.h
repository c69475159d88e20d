#pragma once

#include "Envelope.h"
#include "WireFormat.h"

#include <QByteArray>
#include <QLatin1String>

namespace sb::protocol {

// What decoding one frame gave: an envelope, or an error code and a message for the sender.
// `envelope.id` is filled whenever the frame had a readable string id, so the error can echo it.
struct DecodeResult
{
    Envelope envelope;
    QLatin1String errorCode; // empty when the frame decoded
    QString errorMessage;

    bool ok() const { return errorCode.isEmpty(); }
};

// Turns envelopes into frames and back. JSON frames are UTF-8 text holding one object; CBOR
// frames hold one map with the same structure. Both check the envelope's own fields (type, id,
// ts, payload, meta) and ignore unknown ones; payload rules are the Validator's.
class Codec
{
public:
    static QByteArray encode(const Envelope &envelope, WireFormat format);
    static DecodeResult decode(const QByteArray &frame, WireFormat format);

    static QByteArray encodeJson(const Envelope &envelope);
    static QByteArray encodeCbor(const Envelope &envelope);
    static DecodeResult decodeJson(const QByteArray &frame);
    static DecodeResult decodeCbor(const QByteArray &frame);

    // The envelope's fields as one object, shared by both codecs.
    static QJsonObject toObject(const Envelope &envelope);
    static DecodeResult fromObject(const QJsonObject &object);
};

} // namespace sb::protocol
