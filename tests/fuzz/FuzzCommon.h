// Helpers shared by the libFuzzer targets in tests/fuzz (see README.md).
#pragma once

#include "protocol/Codec.h"

#include <QByteArray>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace sb::fuzz {

// The fuzzer's bytes as a QByteArray, copied: libFuzzer's buffer must not outlive the call, and a
// copy lets ASan catch any read past the input's end.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QByteArray describe(const protocol::Envelope &e)
{
    return QByteArray("type=") + e.type.toUtf8() + " id=" + e.id.toUtf8()
        + " ts=" + QByteArray::number(e.ts)
        // CBOR diagnostic notation shows what JSON text hides: integer 1 versus double 1.0.
        + " payload=" + QCborValue::fromJsonValue(e.payload).toDiagnosticNotation().toUtf8()
        + " meta=" + QCborValue::fromJsonValue(e.meta).toDiagnosticNotation().toUtf8();
}

// A broken property is a crash: print what differed and abort, so libFuzzer saves the input.
[[noreturn]] inline void fail(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "\nFUZZ PROPERTY VIOLATED: %s\n%s\n", what, detail.constData());
    std::abort();
}

// Equality as JSON means it: numbers are compared as doubles. Qt keeps integer and double apart
// (a CBOR double 5.326913934249165e16 is written to JSON as 53269139342491650, which Qt reads
// back as that exact qint64), but it is the same JSON number, so the codecs still agree.
inline bool sameJson(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    if (a.type() != b.type())
        return false;
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameJson(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.begin(); it != x.end(); ++it) {
            if (!sameJson(it.value(), y.value(it.key())))
                return false;
        }
        return true;
    }
    return a == b;
}

inline bool sameEnvelope(const protocol::Envelope &a, const protocol::Envelope &b)
{
    return a.type == b.type && a.id == b.id && a.ts == b.ts && sameJson(a.payload, b.payload)
        && sameJson(a.meta, b.meta);
}

enum class Equality { Exact, AsJson };

// `first` decoded from some frame; encoding it with `encode` and decoding again with `decode`
// must give the same envelope back.
template<typename Encode, typename Decode>
void checkRoundTrip(const protocol::Envelope &first, Encode encode, Decode decode,
                    const char *what, Equality equality = Equality::Exact)
{
    const QByteArray frame = encode(first);
    const protocol::DecodeResult again = decode(frame);
    if (!again.ok()) {
        fail(what, "re-encoded envelope did not decode: " + QByteArray(again.errorCode.data())
                       + " " + again.errorMessage.toUtf8() + "\nenvelope: " + describe(first)
                       + "\nframe(hex): " + frame.toHex());
    }
    const bool same = equality == Equality::Exact ? again.envelope == first
                                                  : sameEnvelope(again.envelope, first);
    if (!same) {
        fail(what, "round trip changed the envelope\nbefore: " + describe(first)
                       + "\nafter:  " + describe(again.envelope) + "\nframe(hex): " + frame.toHex());
    }
}

} // namespace sb::fuzz
