#include "Codec.h"

#include "ErrorCode.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace sb::protocol {
namespace {

const QLatin1String kType{"type"};
const QLatin1String kId{"id"};
const QLatin1String kTs{"ts"};
const QLatin1String kPayload{"payload"};
const QLatin1String kMeta{"meta"};
constexpr qsizetype kMaxIdLength = 128;

DecodeResult failure(QLatin1String code, QString message, QString id = {})
{
    DecodeResult result;
    result.errorCode = code;
    result.errorMessage = std::move(message);
    result.envelope.id = std::move(id);
    return result;
}

// JSON has one number type; `ts` must hold a whole number of milliseconds.
bool isWholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    return std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.007199254740992e15;
}

// CBOR can say more than JSON (byte strings, tags, non-text keys, undefined, simple values).
// An envelope must stay within what JSON can say, or the two codecs would disagree.
bool isJsonCompatible(const QCborValue &value, int depth = 0)
{
    if (depth > 64)
        return false;
    switch (value.type()) {
    case QCborValue::Integer:
    case QCborValue::Double:
    case QCborValue::String:
    case QCborValue::True:
    case QCborValue::False:
    case QCborValue::Null:
        return true;
    case QCborValue::Array: {
        const QCborArray array = value.toArray();
        for (const QCborValue &item : array) {
            if (!isJsonCompatible(item, depth + 1))
                return false;
        }
        return true;
    }
    case QCborValue::Map: {
        const QCborMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!it.key().isString() || !isJsonCompatible(it.value(), depth + 1))
                return false;
        }
        return true;
    }
    default:
        return false;
    }
}

// Strings in a decoded JSON document are well-formed UTF-16 unless an escape made an unpaired
// surrogate ("\ud800"). Such a string is not Unicode: CBOR and UTF-8 cannot carry it (it turned
// into "?"), so JSON and CBOR peers would see different text. Found by tests/fuzz/fuzz_json_codec.
bool hasOnlyValidStrings(const QJsonValue &value)
{
    if (value.isString())
        return QStringView(value.toString()).isValidUtf16();
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (!hasOnlyValidStrings(item))
                return false;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!QStringView(it.key()).isValidUtf16() || !hasOnlyValidStrings(it.value()))
                return false;
        }
    }
    return true;
}

} // namespace

QJsonObject Codec::toObject(const Envelope &envelope)
{
    QJsonObject object{{kType, envelope.type}, {kTs, envelope.ts}, {kPayload, envelope.payload}};
    if (!envelope.id.isEmpty())
        object.insert(kId, envelope.id);
    if (!envelope.meta.isEmpty())
        object.insert(kMeta, envelope.meta);
    return object;
}

DecodeResult Codec::fromObject(const QJsonObject &object)
{
    // Read the id first so every later complaint can echo it.
    const QJsonValue id = object.value(kId);
    if (!id.isUndefined() && !id.isString())
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"id\" must be a string"));
    const QString idText = id.toString();
    if (idText.size() > kMaxIdLength)
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"id\" is longer than 128 characters"));

    const QJsonValue type = object.value(kType);
    if (type.isUndefined())
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"type\" is missing"), idText);
    if (!type.isString() || type.toString().isEmpty())
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"type\" must be a non-empty string"),
                       idText);

    const QJsonValue ts = object.value(kTs);
    if (!ts.isUndefined() && !isWholeNumber(ts))
        return failure(ErrorCode::BadEnvelope,
                       QStringLiteral("\"ts\" must be an integer (ms since the Unix epoch)"), idText);

    const QJsonValue payload = object.value(kPayload);
    if (!payload.isUndefined() && !payload.isObject())
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"payload\" must be an object"), idText);

    const QJsonValue meta = object.value(kMeta);
    if (!meta.isUndefined() && !meta.isObject())
        return failure(ErrorCode::BadEnvelope, QStringLiteral("\"meta\" must be an object"), idText);

    DecodeResult result;
    result.envelope.type = type.toString();
    result.envelope.id = idText;
    result.envelope.ts = ts.isUndefined() ? 0 : qint64(ts.toDouble());
    result.envelope.payload = payload.toObject();
    result.envelope.meta = meta.toObject();
    return result;
}

QByteArray Codec::encodeJson(const Envelope &envelope)
{
    return QJsonDocument(toObject(envelope)).toJson(QJsonDocument::Compact);
}

QByteArray Codec::encodeCbor(const Envelope &envelope)
{
    return QCborValue::fromJsonValue(toObject(envelope)).toCbor();
}

QByteArray Codec::encode(const Envelope &envelope, WireFormat format)
{
    return format == WireFormat::Cbor ? encodeCbor(envelope) : encodeJson(envelope);
}

DecodeResult Codec::decodeJson(const QByteArray &frame)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failure(ErrorCode::BadJson, QStringLiteral("not valid JSON at offset %1: %2")
                                               .arg(parseError.offset)
                                               .arg(parseError.errorString()));
    }
    if (!document.isObject())
        return failure(ErrorCode::BadJson, QStringLiteral("a frame must hold one JSON object"));
    if (!hasOnlyValidStrings(document.object())) {
        return failure(ErrorCode::BadJson,
                       QStringLiteral("strings must be valid Unicode (a \\u escape left an unpaired "
                                      "surrogate)"));
    }
    return fromObject(document.object());
}

DecodeResult Codec::decodeCbor(const QByteArray &frame)
{
    QCborStreamReader reader(frame);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError) {
        return failure(ErrorCode::BadJson, QStringLiteral("not valid CBOR at offset %1: %2")
                                               .arg(reader.currentOffset())
                                               .arg(reader.lastError().toString()));
    }
    if (reader.currentOffset() != frame.size())
        return failure(ErrorCode::BadJson, QStringLiteral("a frame must hold exactly one CBOR item"));
    if (!value.isMap())
        return failure(ErrorCode::BadJson, QStringLiteral("a frame must hold one CBOR map"));
    if (!isJsonCompatible(value)) {
        // Echo the id when it is readable, as every other envelope error does.
        const QCborValue id = value.toMap().value(kId);
        const QString idText = id.isString() && id.toString().size() <= kMaxIdLength
            ? id.toString()
            : QString();
        return failure(ErrorCode::BadEnvelope,
                       QStringLiteral("CBOR envelopes may hold only text-keyed maps, arrays, text, "
                                      "numbers, booleans and null"),
                       idText);
    }
    return fromObject(value.toMap().toJsonObject());
}

DecodeResult Codec::decode(const QByteArray &frame, WireFormat format)
{
    return format == WireFormat::Cbor ? decodeCbor(frame) : decodeJson(frame);
}

} // namespace sb::protocol
