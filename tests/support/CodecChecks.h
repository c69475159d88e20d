#pragma once

// Helpers shared by the protocol/Codec suites (tst_jsoncodec, tst_cborcodec): envelope building,
// the limits both decoders enforce, and the check every refused frame must pass.

#include "protocol/Codec.h"

#include <QJsonObject>
#include <QString>
#include <QTest>

namespace sb::test {

inline constexpr qint64 MaxSafeInteger = 9007199254740991; // 2^53 - 1

inline sb::protocol::Envelope envelope(const QString &type, const QString &id, qint64 ts,
                                       const QJsonObject &payload, const QJsonObject &meta = {})
{
    sb::protocol::Envelope e;
    e.type = type;
    e.id = id;
    e.ts = ts;
    e.payload = payload;
    e.meta = meta;
    return e;
}

// `depth` arrays (QJsonArray or QCborArray) nested inside each other: [[[…]]].
template<typename Array>
Array nestedArrays(int depth)
{
    // (Array{inner} would copy `inner`, not wrap it: a braced single element of the same class
    // is a copy.)
    Array inner;
    for (int i = 1; i < depth; ++i) {
        Array outer;
        outer.append(inner);
        inner = outer;
    }
    return inner;
}

// A refused frame: the error code, the request id when it could be read (to answer it), a
// message (that names `mentions`, when given) and no half-decoded envelope type.
inline void verifyRefused(const sb::protocol::DecodeResult &decoded, const QString &code,
                          const QString &id, const QString &mentions = {})
{
    QVERIFY(!decoded.ok());
    QCOMPARE(QString(decoded.errorCode), code);
    QCOMPARE(decoded.envelope.id, id);
    QVERIFY(!decoded.errorMessage.isEmpty());
    if (!mentions.isEmpty())
        QVERIFY2(decoded.errorMessage.contains(mentions), qPrintable(decoded.errorMessage));
    QVERIFY(decoded.envelope.type.isEmpty());
}

inline QString formatName(sb::protocol::WireFormat format)
{
    return format == sb::protocol::WireFormat::Json ? QStringLiteral("json") : QStringLiteral("cbor");
}

} // namespace sb::test
