// protocol/Codec, CBOR side: integers stay integers on the wire, the valid variants the decoder
// reads, and every malformed CBOR frame it must refuse with the right error code (bad_json /
// bad_envelope) and, when it was readable, the request's id. Round trips are in tst_codecroundtrip,
// the JSON decoder in tst_jsoncodec.
#include "CodecChecks.h"
#include "protocol/Codec.h"
#include "protocol/ErrorCode.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QJsonArray>
#include <QTest>

#include <limits>

using namespace sb::protocol;
using sb::test::envelope;
using sb::test::MaxSafeInteger;
using sb::test::nestedArrays;
using sb::test::verifyRefused;

namespace {

QByteArray cbor(const QCborValue &value)
{
    return value.toCbor();
}

QCborMap cborEnvelope(const QCborValue &payload = QCborMap{})
{
    return QCborMap{{QStringLiteral("type"), QStringLiteral("ping")},
                    {QStringLiteral("id"), QStringLiteral("req-1")},
                    {QStringLiteral("ts"), 1000},
                    {QStringLiteral("payload"), payload}};
}

QCborValue nestedCborArrays(int depth)
{
    return nestedArrays<QCborArray>(depth);
}

} // namespace

class CborCodecTest : public QObject
{
    Q_OBJECT

private slots:
    void cborIntegersStayIntegers();

    void cborDecodesValidVariants_data();
    void cborDecodesValidVariants();
    void cborRefusesMalformedFrames_data();
    void cborRefusesMalformedFrames();
    void cborNestingLimit();
    void cborVeryDeepNestingIsRefusedWithoutCrashing();
    void cborNonFiniteTsIsRefused_data();
    void cborNonFiniteTsIsRefused();
};

// ---------------------------------------------------------------------------------------------
// CBOR encoding

void CborCodecTest::cborIntegersStayIntegers()
{
    // ts and integer payload values go out as CBOR integers, not doubles.
    const QByteArray frame = Codec::encodeCbor(envelope(
        QStringLiteral("chat.message"), {}, MaxSafeInteger, {{QStringLiteral("seq"), 5}}));
    const QCborMap map = QCborValue::fromCbor(frame).toMap();
    QVERIFY(map.value(QStringLiteral("ts")).isInteger());
    QCOMPARE(map.value(QStringLiteral("ts")).toInteger(), MaxSafeInteger);
    QVERIFY(map.value(QStringLiteral("payload")).toMap().value(QStringLiteral("seq")).isInteger());
}

// ---------------------------------------------------------------------------------------------
// CBOR decoding

void CborCodecTest::cborDecodesValidVariants_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<QJsonObject>("payload");

    QTest::newRow("definite map") << cbor(cborEnvelope()) << qint64(1000) << QJsonObject();

    QByteArray indefinite;
    {
        QCborStreamWriter writer(&indefinite);
        writer.startMap(); // indefinite length
        writer.append(QLatin1String("type"));
        writer.append(QLatin1String("ping"));
        writer.append(QLatin1String("id"));
        writer.append(QStringLiteral("req-1"));
        writer.append(QLatin1String("ts"));
        writer.append(qint64(1000));
        writer.append(QLatin1String("payload"));
        writer.startMap();
        writer.append(QLatin1String("t"));
        writer.append(true);
        writer.endMap();
        writer.endMap();
    }
    QTest::newRow("indefinite-length maps") << indefinite << qint64(1000)
                                            << QJsonObject{{QStringLiteral("t"), true}};

    QByteArray floatTs;
    {
        QCborStreamWriter writer(&floatTs);
        writer.startMap(2);
        writer.append(QLatin1String("type"));
        writer.append(QLatin1String("ping"));
        writer.append(QLatin1String("ts"));
        writer.append(1000.0f); // single-precision float holding a whole number
        writer.endMap();
    }
    QTest::newRow("ts as a whole float") << floatTs << qint64(1000) << QJsonObject();

    QCborMap extra = cborEnvelope(QCborMap{{QStringLiteral("x"), 1.5}});
    extra.insert(QStringLiteral("future"), QCborArray{1, QStringLiteral("two")});
    QTest::newRow("unknown fields ignored") << cbor(extra) << qint64(1000)
                                            << QJsonObject{{QStringLiteral("x"), 1.5}};

    QCborMap noPayload = cborEnvelope();
    noPayload.remove(QStringLiteral("payload"));
    noPayload.remove(QStringLiteral("ts"));
    QTest::newRow("payload and ts absent") << cbor(noPayload) << qint64(0) << QJsonObject();

    QTest::newRow("payload holding null, bools, nested text-keyed maps")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("a"), QCborValue(nullptr)},
                                      {QStringLiteral("b"), QCborArray{true, false}},
                                      {QStringLiteral("c"), QCborMap{{QStringLiteral("d"), -7}}}}))
        << qint64(1000)
        << QJsonObject{{QStringLiteral("a"), QJsonValue::Null},
                       {QStringLiteral("b"), QJsonArray{true, false}},
                       {QStringLiteral("c"), QJsonObject{{QStringLiteral("d"), -7}}}};
}

void CborCodecTest::cborDecodesValidVariants()
{
    QFETCH(QByteArray, frame);
    QFETCH(qint64, ts);
    QFETCH(QJsonObject, payload);
    const DecodeResult decoded = Codec::decodeCbor(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage));
    QCOMPARE(decoded.envelope.type, QStringLiteral("ping"));
    QCOMPARE(decoded.envelope.ts, ts);
    QCOMPARE(decoded.envelope.payload, payload);
}

void CborCodecTest::cborRefusesMalformedFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("id");

    const QString badJson = ErrorCode::BadJson;
    const QString badEnvelope = ErrorCode::BadEnvelope;
    const QString none;
    const QString req = QStringLiteral("req-1");
    const QByteArray valid = cbor(cborEnvelope());

    // Not one CBOR map.
    QTest::newRow("empty frame") << QByteArray() << badJson << none;
    QTest::newRow("break byte alone") << QByteArray("\xFF") << badJson << none;
    QTest::newRow("reserved additional info") << QByteArray("\x1C") << badJson << none;
    QTest::newRow("JSON text sent as binary") << QByteArray(R"({"type":"ping"})") << badJson << none;
    QTest::newRow("truncated: last byte missing") << valid.chopped(1) << badJson << none;
    QTest::newRow("truncated: half the frame") << valid.left(valid.size() / 2) << badJson << none;
    QTest::newRow("map header only") << QByteArray("\xA1") << badJson << none;
    QTest::newRow("string longer than the frame") << QByteArray("\xA1\x64ty") << badJson << none;
    QTest::newRow("trailing byte after the map") << QByteArray(valid + '\0') << badJson << none;
    QTest::newRow("two maps in one frame") << QByteArray(valid + valid) << badJson << none;
    QTest::newRow("invalid UTF-8 in a text string")
        << QByteArray("\xA1\x64type\x62\xFF\xFE") << badJson << none;
    QTest::newRow("top-level array") << cbor(QCborArray{cborEnvelope()}) << badJson << none;
    QTest::newRow("top-level text") << cbor(QStringLiteral("ping")) << badJson << none;
    QTest::newRow("top-level integer") << cbor(42) << badJson << none;
    QTest::newRow("top-level null") << cbor(QCborValue(nullptr)) << badJson << none;
    QTest::newRow("top-level undefined") << cbor(QCborValue()) << badJson << none;
    QTest::newRow("top-level byte string") << cbor(QByteArray("ping")) << badJson << none;
    QTest::newRow("top-level tagged map (self-describe tag)")
        << cbor(QCborValue(QCborKnownTags::Signature, cborEnvelope())) << badJson << none;

    // A map, but holding what JSON cannot say: the two codecs must accept the same envelopes.
    QCborMap intKey = cborEnvelope();
    intKey.insert(1, QStringLiteral("x"));
    QTest::newRow("integer map key") << cbor(intKey) << badEnvelope << req;
    QTest::newRow("byte-string key \"type\"")
        << cbor(QCborMap{{QByteArray("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req}})
        << badEnvelope << req;
    QTest::newRow("integer key inside payload")
        << cbor(cborEnvelope(QCborMap{{7, QStringLiteral("seven")}})) << badEnvelope << req;
    QTest::newRow("byte string in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("text"), QByteArray("hi")}})) << badEnvelope << req;
    QTest::newRow("byte-string type")
        << cbor(QCborMap{{QStringLiteral("type"), QByteArray("ping")}, {QStringLiteral("id"), req}})
        << badEnvelope << req;
    QTest::newRow("byte-string id")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), QByteArray("r")}})
        << badEnvelope << none;
    QTest::newRow("tagged date in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("when"),
                                       QCborValue(QCborKnownTags::DateTimeString,
                                                  QStringLiteral("2024-01-01T00:00:00Z"))}}))
        << badEnvelope << req;
    QTest::newRow("tagged epoch ts")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")},
                         {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), QCborValue(QCborKnownTags::UnixTime_t, 1000)}})
        << badEnvelope << req;
    QTest::newRow("bignum in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("n"),
                                       QCborValue(QCborKnownTags::PositiveBignum, QByteArray("\x01\x00"))}}))
        << badEnvelope << req;
    QTest::newRow("unknown tag in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("x"), QCborValue(QCborTag(4242), 1)}})) << badEnvelope
        << req;
    QTest::newRow("undefined in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("x"), QCborValue()}})) << badEnvelope << req;
    QTest::newRow("undefined as id")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), QCborValue()}})
        << badEnvelope << none;
    QTest::newRow("simple value in payload")
        << cbor(cborEnvelope(QCborMap{{QStringLiteral("x"), QCborValue(QCborSimpleType(16))}})) << badEnvelope
        << req;
    QTest::newRow("undefined as payload") << cbor(cborEnvelope(QCborValue())) << badEnvelope << req;

    // Envelope field checks, as in JSON.
    QTest::newRow("missing type")
        << cbor(QCborMap{{QStringLiteral("id"), req}}) << badEnvelope << req;
    QTest::newRow("type an integer")
        << cbor(QCborMap{{QStringLiteral("type"), 1}, {QStringLiteral("id"), req}}) << badEnvelope << req;
    QTest::newRow("empty type")
        << cbor(QCborMap{{QStringLiteral("type"), QString()}, {QStringLiteral("id"), req}}) << badEnvelope << req;
    QTest::newRow("id an integer")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), 5}})
        << badEnvelope << none;
    QTest::newRow("ts a text string")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), QStringLiteral("1000")}})
        << badEnvelope << req;
    QTest::newRow("ts a fraction")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), 0.5}})
        << badEnvelope << req;
    QTest::newRow("ts 1e300")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), 1e300}})
        << badEnvelope << req;
    QTest::newRow("ts integer 2^62 (beyond 2^53)")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), qint64(1) << 62}})
        << badEnvelope << req;
    QTest::newRow("ts integer 2^53")
        << cbor(QCborMap{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), req},
                         {QStringLiteral("ts"), qint64(1) << 53}})
        << badEnvelope << req;
    // -2^63 - 2: a CBOR negative integer below qint64, which Qt reads as a double.
    QTest::newRow("ts negative integer below -2^63 (CBOR type 1)")
        << QByteArray("\xA3\x64type\x64ping\x62id\x65req-1\x62ts\x3B\x80\0\0\0\0\0\0\x01", 32)
        << badEnvelope << req;
    QTest::newRow("payload an array") << cbor(cborEnvelope(QCborArray{1})) << badEnvelope << req;
    QTest::newRow("payload text") << cbor(cborEnvelope(QStringLiteral("{}"))) << badEnvelope << req;
    QTest::newRow("payload null") << cbor(cborEnvelope(QCborValue(nullptr))) << badEnvelope << req;
    QCborMap metaArray = cborEnvelope();
    metaArray.insert(QStringLiteral("meta"), QCborArray{});
    QTest::newRow("meta an array") << cbor(metaArray) << badEnvelope << req;
    QCborMap metaText = cborEnvelope();
    metaText.insert(QStringLiteral("meta"), QStringLiteral("v1"));
    QTest::newRow("meta text") << cbor(metaText) << badEnvelope << req;
}

void CborCodecTest::cborRefusesMalformedFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, code);
    QFETCH(QString, id);
    verifyRefused(Codec::decodeCbor(frame), code, id);
}

void CborCodecTest::cborNestingLimit()
{
    // The envelope map is level 0 and the payload level 1; values nest at most 64 levels deep.
    // The innermost of n nested arrays inside the payload sits at level n + 1.
    const DecodeResult at64 = Codec::decodeCbor(cbor(cborEnvelope(QCborMap{{QStringLiteral("x"), nestedCborArrays(63)}})));
    QVERIFY2(at64.ok(), qPrintable(at64.errorMessage));
    QCOMPARE(at64.envelope.id, QStringLiteral("req-1"));

    const DecodeResult at65 = Codec::decodeCbor(cbor(cborEnvelope(QCborMap{{QStringLiteral("x"), nestedCborArrays(64)}})));
    QVERIFY(!at65.ok());
    QCOMPARE(QString(at65.errorCode), QString(ErrorCode::BadEnvelope));
    QCOMPARE(at65.envelope.id, QStringLiteral("req-1"));

    // Maps count the same as arrays.
    QCborMap deepMaps{{QStringLiteral("leaf"), true}};
    for (int i = 0; i < 70; ++i)
        deepMaps = QCborMap{{QStringLiteral("m"), deepMaps}};
    const DecodeResult maps = Codec::decodeCbor(cbor(cborEnvelope(deepMaps)));
    QVERIFY(!maps.ok());
    QCOMPARE(QString(maps.errorCode), QString(ErrorCode::BadEnvelope));
}

void CborCodecTest::cborVeryDeepNestingIsRefusedWithoutCrashing()
{
    // 100,000 nested one-element arrays written by hand (0x81 = array of 1), ending in 0.
    QByteArray frame("\xA2\x64type\x64ping\x67payload\xA1\x61x");
    frame += QByteArray(100000, '\x81');
    frame += '\0';
    const DecodeResult decoded = Codec::decodeCbor(frame);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.errorCode == ErrorCode::BadJson || decoded.errorCode == ErrorCode::BadEnvelope);
}

void CborCodecTest::cborNonFiniteTsIsRefused_data()
{
    QTest::addColumn<double>("ts");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity();
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity();
}

void CborCodecTest::cborNonFiniteTsIsRefused()
{
    QFETCH(double, ts);
    const QCborMap map{{QStringLiteral("type"), QStringLiteral("ping")},
                       {QStringLiteral("id"), QStringLiteral("n")},
                       {QStringLiteral("ts"), ts}};
    const DecodeResult decoded = Codec::decodeCbor(cbor(map));
    QVERIFY(!decoded.ok());
    QCOMPARE(QString(decoded.errorCode), QString(ErrorCode::BadEnvelope));
    QCOMPARE(decoded.envelope.id, QStringLiteral("n"));
    QVERIFY2(decoded.errorMessage.contains(QStringLiteral("ts")), qPrintable(decoded.errorMessage));
}

QTEST_GUILESS_MAIN(CborCodecTest)
#include "tst_cborcodec.moc"
