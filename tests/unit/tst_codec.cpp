// protocol/Codec: JSON and CBOR round trips, what encoding leaves out, and every malformed frame
// both decoders must refuse with the right error code (bad_json / bad_envelope) and, when it was
// readable, the request's id.
#include "protocol/Codec.h"
#include "protocol/ErrorCode.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sb::protocol;

namespace {

constexpr qint64 MaxSafeInteger = 9007199254740991; // 2^53 - 1

Envelope envelope(const QString &type, const QString &id, qint64 ts, const QJsonObject &payload,
                  const QJsonObject &meta = {})
{
    Envelope e;
    e.type = type;
    e.id = id;
    e.ts = ts;
    e.payload = payload;
    e.meta = meta;
    return e;
}

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

QJsonValue nestedJsonArrays(int depth)
{
    return nestedArrays<QJsonArray>(depth);
}

QCborValue nestedCborArrays(int depth)
{
    return nestedArrays<QCborArray>(depth);
}

// A refused frame: the error code, the request id when it could be read (to answer it), a
// message (that names `mentions`, when given) and no half-decoded envelope type.
void verifyRefused(const DecodeResult &decoded, const QString &code, const QString &id,
                   const QString &mentions = {})
{
    QVERIFY(!decoded.ok());
    QCOMPARE(QString(decoded.errorCode), code);
    QCOMPARE(decoded.envelope.id, id);
    QVERIFY(!decoded.errorMessage.isEmpty());
    if (!mentions.isEmpty())
        QVERIFY2(decoded.errorMessage.contains(mentions), qPrintable(decoded.errorMessage));
    QVERIFY(decoded.envelope.type.isEmpty());
}

QString formatName(WireFormat format)
{
    return format == WireFormat::Json ? QStringLiteral("json") : QStringLiteral("cbor");
}

} // namespace

class CodecTest : public QObject
{
    Q_OBJECT

private slots:
    void jsonRefusesUnpairedSurrogates();
    void roundTrip_data();
    void roundTrip();
    void crossFormatRoundTrip();
    void encodingOmitsEmptyIdAndMeta_data();
    void encodingOmitsEmptyIdAndMeta();
    void encodingKeepsIdAndMeta_data();
    void encodingKeepsIdAndMeta();
    void encodeDispatchesOnFormat();
    void jsonEncodingIsCompactUtf8();
    void cborIntegersStayIntegers();

    void jsonDecodesLenientButValidFrames_data();
    void jsonDecodesLenientButValidFrames();
    void jsonRefusesMalformedFrames_data();
    void jsonRefusesMalformedFrames();
    void jsonTsLimits_data();
    void jsonTsLimits();
    void idLengthLimit_data();
    void idLengthLimit();

    void cborDecodesValidVariants_data();
    void cborDecodesValidVariants();
    void cborRefusesMalformedFrames_data();
    void cborRefusesMalformedFrames();
    void cborNestingLimit();
    void cborVeryDeepNestingIsRefusedWithoutCrashing();
    void cborNonFiniteTsIsRefused_data();
    void cborNonFiniteTsIsRefused();

    void decodeDispatchesOnFormat();
    void failureCarriesNoHalfEnvelope();
};

// ---------------------------------------------------------------------------------------------
// Round trips

void CodecTest::roundTrip_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<Envelope>("original");

    const QJsonObject nested{
        {QStringLiteral("room"), QStringLiteral("general")},
        {QStringLiteral("seq"), MaxSafeInteger},
        {QStringLiteral("neg"), -MaxSafeInteger},
        {QStringLiteral("ratio"), 0.25},
        {QStringLiteral("flags"), QJsonArray{true, false, QJsonValue::Null}},
        {QStringLiteral("deep"),
         QJsonObject{{QStringLiteral("a"),
                      QJsonArray{1, QStringLiteral("x"),
                                 QJsonObject{{QStringLiteral("b"), QJsonArray{QJsonArray{}, QJsonObject{}}}}}}}},
        {QStringLiteral("nested40"), nestedJsonArrays(40)},
    };

    const QList<std::pair<const char *, Envelope>> cases{
        {"all fields",
         envelope(QStringLiteral("chat.send"), QStringLiteral("c-42"), 1732300000000,
                  {{QStringLiteral("room"), QStringLiteral("general")}, {QStringLiteral("text"), QStringLiteral("hi")}},
                  {{QStringLiteral("client"), QStringLiteral("switchboard/0.1")}, {QStringLiteral("trace"), QStringLiteral("t-1")}})},
        {"unicode text and id",
         envelope(QStringLiteral("chat.send"), QStringLiteral("ïd-✓-😀"), 1,
                  {{QStringLiteral("room"), QStringLiteral("général")},
                   {QStringLiteral("text"), QStringLiteral("héllo 世界 😀 עברית \u0000 \"quoted\" \\ \n\t end")}})},
        {"unicode keys", envelope(QStringLiteral("x"), {}, 2, {{QStringLiteral("ключ"), QStringLiteral("значение")}})},
        {"empty payload, no id, no meta", envelope(QStringLiteral("room.list"), {}, 0, {})},
        {"ts and seq at 2^53-1",
         envelope(QStringLiteral("chat.message"), QStringLiteral("m"), MaxSafeInteger,
                  {{QStringLiteral("seq"), MaxSafeInteger}})},
        {"negative ts", envelope(QStringLiteral("ping"), QStringLiteral("p"), -MaxSafeInteger, {})},
        {"nested payload", envelope(QStringLiteral("history"), QStringLiteral("h-1"), 5, nested)},
        {"long id (128)", envelope(QStringLiteral("ping"), QString(128, u'i'), 7, {})},
        {"empty strings inside", envelope(QStringLiteral("t"), QStringLiteral("i"), 8,
                                          {{QString(), QString()}, {QStringLiteral("e"), QString()}})},
    };
    for (const WireFormat format : {WireFormat::Json, WireFormat::Cbor}) {
        for (const auto &[name, e] : cases)
            QTest::addRow("%s: %s", qPrintable(formatName(format)), name) << format << e;
    }
}

void CodecTest::roundTrip()
{
    QFETCH(WireFormat, format);
    QFETCH(Envelope, original);

    const QByteArray frame = Codec::encode(original, format);
    QVERIFY(!frame.isEmpty());
    const DecodeResult decoded = Codec::decode(frame, format);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage));
    QVERIFY(decoded.errorMessage.isEmpty());
    QCOMPARE(decoded.envelope.type, original.type);
    QCOMPARE(decoded.envelope.id, original.id);
    QCOMPARE(decoded.envelope.ts, original.ts);
    QCOMPARE(decoded.envelope.payload, original.payload);
    QCOMPARE(decoded.envelope.meta, original.meta);
    QVERIFY(decoded.envelope == original);
    // Big integers survive exactly, not as the nearest double printed back.
    if (original.payload.contains(QStringLiteral("seq")))
        QCOMPARE(decoded.envelope.payload.value(QStringLiteral("seq")).toInteger(),
                 original.payload.value(QStringLiteral("seq")).toInteger());
    // Encoding is deterministic: decoding and encoding again gives the same bytes.
    QCOMPARE(Codec::encode(decoded.envelope, format), frame);
}

void CodecTest::crossFormatRoundTrip()
{
    const Envelope original = envelope(
        QStringLiteral("dm.send"), QStringLiteral("d-1"), 1732300000123,
        {{QStringLiteral("to"), QStringLiteral("bob")}, {QStringLiteral("text"), QStringLiteral("ça va? 🙂")},
         {QStringLiteral("n"), QJsonArray{1, 2.5, QJsonObject{{QStringLiteral("k"), QJsonValue::Null}}}}},
        {{QStringLiteral("v"), 1}});
    const DecodeResult viaJson = Codec::decodeJson(Codec::encodeJson(original));
    QVERIFY(viaJson.ok());
    const DecodeResult viaCbor = Codec::decodeCbor(Codec::encodeCbor(viaJson.envelope));
    QVERIFY(viaCbor.ok());
    QVERIFY(viaCbor.envelope == original);
    const DecodeResult backToJson = Codec::decodeJson(Codec::encodeJson(viaCbor.envelope));
    QVERIFY(backToJson.ok());
    QVERIFY(backToJson.envelope == original);
}

void CodecTest::encodingOmitsEmptyIdAndMeta_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::newRow("json") << WireFormat::Json;
    QTest::newRow("cbor") << WireFormat::Cbor;
}

void CodecTest::encodingOmitsEmptyIdAndMeta()
{
    QFETCH(WireFormat, format);
    const QByteArray frame =
        Codec::encode(envelope(QStringLiteral("room.list"), QString(), 12, {}), format);
    const QJsonObject object = format == WireFormat::Json
        ? QJsonDocument::fromJson(frame).object()
        : QCborValue::fromCbor(frame).toMap().toJsonObject();
    QCOMPARE(object.keys(), (QStringList{QStringLiteral("payload"), QStringLiteral("ts"), QStringLiteral("type")}));
    QCOMPARE(object.value(QStringLiteral("type")).toString(), QStringLiteral("room.list"));
    QCOMPARE(object.value(QStringLiteral("ts")).toInteger(), 12);
    // The payload is always there, as an object, even when empty.
    QVERIFY(object.value(QStringLiteral("payload")).isObject());
    QVERIFY(object.value(QStringLiteral("payload")).toObject().isEmpty());
}

void CodecTest::encodingKeepsIdAndMeta_data()
{
    encodingOmitsEmptyIdAndMeta_data();
}

void CodecTest::encodingKeepsIdAndMeta()
{
    QFETCH(WireFormat, format);
    const QByteArray frame = Codec::encode(
        envelope(QStringLiteral("ping"), QStringLiteral("p-1"), 1, {}, {{QStringLiteral("trace"), QStringLiteral("x")}}),
        format);
    const QJsonObject object = format == WireFormat::Json
        ? QJsonDocument::fromJson(frame).object()
        : QCborValue::fromCbor(frame).toMap().toJsonObject();
    QCOMPARE(object.value(QStringLiteral("id")).toString(), QStringLiteral("p-1"));
    QCOMPARE(object.value(QStringLiteral("meta")).toObject(),
             (QJsonObject{{QStringLiteral("trace"), QStringLiteral("x")}}));
}

void CodecTest::encodeDispatchesOnFormat()
{
    const Envelope e = envelope(QStringLiteral("ping"), QStringLiteral("p"), 3, {{QStringLiteral("t"), 1}});
    QCOMPARE(Codec::encode(e, WireFormat::Json), Codec::encodeJson(e));
    QCOMPARE(Codec::encode(e, WireFormat::Cbor), Codec::encodeCbor(e));
    QVERIFY(Codec::encodeJson(e).startsWith('{'));
    // A CBOR map: major type 5 in the first byte's top three bits.
    QCOMPARE(uchar(Codec::encodeCbor(e).at(0)) >> 5, 5);
}

void CodecTest::jsonEncodingIsCompactUtf8()
{
    const QByteArray frame = Codec::encodeJson(
        envelope(QStringLiteral("chat.send"), QStringLiteral("c"), 1, {{QStringLiteral("text"), QStringLiteral("é😀")}}));
    QVERIFY(!frame.contains('\n'));
    QVERIFY(!frame.contains(": "));
    // Raw UTF-8, not \u escapes (browsers and wscat read either; raw is smaller).
    QVERIFY(frame.contains("\xC3\xA9\xF0\x9F\x98\x80"));
}

void CodecTest::cborIntegersStayIntegers()
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
// JSON decoding

void CodecTest::jsonDecodesLenientButValidFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("id");
    QTest::addColumn<qint64>("ts");
    QTest::addColumn<QJsonObject>("payload");

    QTest::newRow("only type: id empty, ts 0, payload {}")
        << QByteArray(R"({"type":"room.list"})") << QStringLiteral("room.list") << QString() << qint64(0)
        << QJsonObject();
    QTest::newRow("whitespace and newlines around")
        << QByteArray(" \n{ \"type\" : \"ping\" ,\n \"id\" : \"a\" }\n\t ") << QStringLiteral("ping")
        << QStringLiteral("a") << qint64(0) << QJsonObject();
    QTest::newRow("keys in another order")
        << QByteArray(R"({"payload":{"t":1},"ts":5,"id":"b","type":"ping"})") << QStringLiteral("ping")
        << QStringLiteral("b") << qint64(5) << QJsonObject{{QStringLiteral("t"), 1}};
    QTest::newRow("unknown extra fields ignored")
        << QByteArray(R"({"type":"ping","id":"c","version":2,"extra":{"x":[1,2]},"flag":null})")
        << QStringLiteral("ping") << QStringLiteral("c") << qint64(0) << QJsonObject();
    QTest::newRow("escaped unicode in strings")
        << QByteArray(R"({"type":"chat.send","id":"\u00e9","payload":{"text":"\ud83d\ude00"}})")
        << QStringLiteral("chat.send") << QStringLiteral("é") << qint64(0)
        << QJsonObject{{QStringLiteral("text"), QStringLiteral("😀")}};
    QTest::newRow("ts written as 1000.0 is still a whole number")
        << QByteArray(R"({"type":"ping","ts":1000.0})") << QStringLiteral("ping") << QString()
        << qint64(1000) << QJsonObject();
    QTest::newRow("ts in exponent notation, whole")
        << QByteArray(R"({"type":"ping","ts":1.7323e12})") << QStringLiteral("ping") << QString()
        << qint64(1732300000000) << QJsonObject();
    QTest::newRow("empty id is no id")
        << QByteArray(R"({"type":"ping","id":""})") << QStringLiteral("ping") << QString() << qint64(0)
        << QJsonObject();
    QTest::newRow("type with unusual characters is the Validator's business")
        << QByteArray(R"({"type":"No Such Type!"})") << QStringLiteral("No Such Type!") << QString()
        << qint64(0) << QJsonObject();
}

void CodecTest::jsonDecodesLenientButValidFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, type);
    QFETCH(QString, id);
    QFETCH(qint64, ts);
    QFETCH(QJsonObject, payload);
    const DecodeResult decoded = Codec::decodeJson(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage));
    QCOMPARE(decoded.envelope.type, type);
    QCOMPARE(decoded.envelope.id, id);
    QCOMPARE(decoded.envelope.ts, ts);
    QCOMPARE(decoded.envelope.payload, payload);
    QVERIFY(decoded.envelope.meta.isEmpty());
}

void CodecTest::jsonRefusesMalformedFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("id");          // echoed id, when it could be read
    QTest::addColumn<QString>("mentions");    // a word the message must hold (empty: any)

    const QString badJson = ErrorCode::BadJson;
    const QString badEnvelope = ErrorCode::BadEnvelope;
    const QString none;

    // Not a JSON object at all.
    QTest::newRow("empty frame") << QByteArray() << badJson << none << none;
    QTest::newRow("whitespace only") << QByteArray("  \n ") << badJson << none << none;
    QTest::newRow("plain text") << QByteArray("hello") << badJson << none << none;
    QTest::newRow("truncated object") << QByteArray(R"({"type":"ping","id":"a")") << badJson << none << none;
    QTest::newRow("truncated string") << QByteArray(R"({"type":"pi)") << badJson << none << none;
    QTest::newRow("just an opening brace") << QByteArray("{") << badJson << none << none;
    QTest::newRow("top-level array") << QByteArray(R"([{"type":"ping"}])") << badJson << none
                                     << QStringLiteral("object");
    QTest::newRow("top-level empty array") << QByteArray("[]") << badJson << none << none;
    QTest::newRow("top-level string") << QByteArray(R"("ping")") << badJson << none << none;
    QTest::newRow("top-level number") << QByteArray("42") << badJson << none << none;
    QTest::newRow("top-level null") << QByteArray("null") << badJson << none << none;
    QTest::newRow("top-level true") << QByteArray("true") << badJson << none << none;
    QTest::newRow("garbage after the object") << QByteArray(R"({"type":"ping"} x)") << badJson << none << none;
    QTest::newRow("two objects in one frame") << QByteArray(R"({"type":"ping"}{"type":"ping"})") << badJson
                                              << none << none;
    QTest::newRow("single quotes") << QByteArray("{'type':'ping'}") << badJson << none << none;
    QTest::newRow("unquoted key") << QByteArray("{type:\"ping\"}") << badJson << none << none;
    QTest::newRow("trailing comma") << QByteArray(R"({"type":"ping",})") << badJson << none << none;
    QTest::newRow("comment") << QByteArray("{\"type\":\"ping\" /* hi */}") << badJson << none << none;
    QTest::newRow("NaN literal") << QByteArray(R"({"type":"ping","ts":NaN})") << badJson << none << none;
    QTest::newRow("Infinity literal") << QByteArray(R"({"type":"ping","ts":Infinity})") << badJson << none
                                      << none;
    QTest::newRow("hex number") << QByteArray(R"({"type":"ping","ts":0x10})") << badJson << none << none;
    QTest::newRow("invalid UTF-8 in a string") << QByteArray("{\"type\":\"ping\",\"id\":\"\xFF\xFE\"}") << badJson
                                               << none << none;
    QTest::newRow("ts 1e400 (overflows a double)") << QByteArray(R"({"type":"ping","id":"t-5","ts":1e400})")
                                                   << badJson << none << none;

    // An object, but not an envelope. The id is echoed whenever it was a readable string.
    QTest::newRow("empty object") << QByteArray("{}") << badEnvelope << none << QStringLiteral("type");
    QTest::newRow("missing type") << QByteArray(R"({"id":"r-1","payload":{}})") << badEnvelope
                                  << QStringLiteral("r-1") << QStringLiteral("type");
    QTest::newRow("type a number") << QByteArray(R"({"type":5,"id":"r-2"})") << badEnvelope
                                   << QStringLiteral("r-2") << QStringLiteral("type");
    QTest::newRow("type null") << QByteArray(R"({"type":null,"id":"r-3"})") << badEnvelope
                               << QStringLiteral("r-3") << QStringLiteral("type");
    QTest::newRow("type an object") << QByteArray(R"({"type":{"name":"ping"},"id":"r-4"})") << badEnvelope
                                    << QStringLiteral("r-4") << QStringLiteral("type");
    QTest::newRow("type an array") << QByteArray(R"({"type":["ping"],"id":"r-5"})") << badEnvelope
                                   << QStringLiteral("r-5") << QStringLiteral("type");
    QTest::newRow("type a bool") << QByteArray(R"({"type":true,"id":"r-6"})") << badEnvelope
                                 << QStringLiteral("r-6") << QStringLiteral("type");
    QTest::newRow("empty type") << QByteArray(R"({"type":"","id":"r-7"})") << badEnvelope
                                << QStringLiteral("r-7") << QStringLiteral("type");
    QTest::newRow("id a number") << QByteArray(R"({"type":"ping","id":5})") << badEnvelope << none
                                 << QStringLiteral("id");
    QTest::newRow("id null") << QByteArray(R"({"type":"ping","id":null})") << badEnvelope << none
                             << QStringLiteral("id");
    QTest::newRow("id an object") << QByteArray(R"({"type":"ping","id":{"x":"y"}})") << badEnvelope << none
                                  << QStringLiteral("id");
    QTest::newRow("id an array") << QByteArray(R"({"type":"ping","id":["a"]})") << badEnvelope << none
                                 << QStringLiteral("id");
    QTest::newRow("bad id wins over missing type") << QByteArray(R"({"id":false})") << badEnvelope << none
                                                   << QStringLiteral("id");
    QTest::newRow("ts a string") << QByteArray(R"({"type":"ping","id":"t-1","ts":"1732300000000"})")
                                 << badEnvelope << QStringLiteral("t-1") << QStringLiteral("ts");
    QTest::newRow("ts a fraction") << QByteArray(R"({"type":"ping","id":"t-2","ts":1.5})") << badEnvelope
                                   << QStringLiteral("t-2") << QStringLiteral("ts");
    QTest::newRow("ts 1e300") << QByteArray(R"({"type":"ping","id":"t-3","ts":1e300})") << badEnvelope
                              << QStringLiteral("t-3") << QStringLiteral("ts");
    QTest::newRow("ts -1e300") << QByteArray(R"({"type":"ping","id":"t-4","ts":-1e300})") << badEnvelope
                               << QStringLiteral("t-4") << QStringLiteral("ts");
    QTest::newRow("ts \"NaN\"") << QByteArray(R"({"type":"ping","id":"t-6","ts":"NaN"})") << badEnvelope
                                << QStringLiteral("t-6") << QStringLiteral("ts");
    QTest::newRow("ts null") << QByteArray(R"({"type":"ping","id":"t-7","ts":null})") << badEnvelope
                             << QStringLiteral("t-7") << QStringLiteral("ts");
    QTest::newRow("ts a bool") << QByteArray(R"({"type":"ping","id":"t-8","ts":true})") << badEnvelope
                               << QStringLiteral("t-8") << QStringLiteral("ts");
    QTest::newRow("ts an object") << QByteArray(R"({"type":"ping","id":"t-9","ts":{}})") << badEnvelope
                                  << QStringLiteral("t-9") << QStringLiteral("ts");
    QTest::newRow("ts an array") << QByteArray(R"({"type":"ping","id":"t-10","ts":[1]})") << badEnvelope
                                 << QStringLiteral("t-10") << QStringLiteral("ts");
    QTest::newRow("payload an array") << QByteArray(R"({"type":"ping","id":"p-1","payload":[1,2]})")
                                      << badEnvelope << QStringLiteral("p-1") << QStringLiteral("payload");
    QTest::newRow("payload a string") << QByteArray(R"({"type":"ping","id":"p-2","payload":"{}"})")
                                      << badEnvelope << QStringLiteral("p-2") << QStringLiteral("payload");
    QTest::newRow("payload null") << QByteArray(R"({"type":"ping","id":"p-3","payload":null})") << badEnvelope
                                  << QStringLiteral("p-3") << QStringLiteral("payload");
    QTest::newRow("payload a number") << QByteArray(R"({"type":"ping","id":"p-4","payload":0})")
                                      << badEnvelope << QStringLiteral("p-4") << QStringLiteral("payload");
    QTest::newRow("payload a bool") << QByteArray(R"({"type":"ping","id":"p-5","payload":false})")
                                    << badEnvelope << QStringLiteral("p-5") << QStringLiteral("payload");
    QTest::newRow("meta an array") << QByteArray(R"({"type":"ping","id":"m-1","meta":[]})") << badEnvelope
                                   << QStringLiteral("m-1") << QStringLiteral("meta");
    QTest::newRow("meta a string") << QByteArray(R"({"type":"ping","id":"m-2","meta":"v1"})") << badEnvelope
                                   << QStringLiteral("m-2") << QStringLiteral("meta");
    QTest::newRow("meta null") << QByteArray(R"({"type":"ping","id":"m-3","meta":null})") << badEnvelope
                               << QStringLiteral("m-3") << QStringLiteral("meta");
    QTest::newRow("meta a number") << QByteArray(R"({"type":"ping","id":"m-4","meta":1})") << badEnvelope
                                   << QStringLiteral("m-4") << QStringLiteral("meta");
}

void CodecTest::jsonRefusesMalformedFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, code);
    QFETCH(QString, id);
    QFETCH(QString, mentions);

    const DecodeResult decoded = Codec::decodeJson(frame);
    verifyRefused(decoded, code, id, mentions);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!decoded.envelope.isValid());
}

void CodecTest::jsonTsLimits_data()
{
    QTest::addColumn<QByteArray>("ts");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");
    QTest::newRow("0") << QByteArray("0") << true << qint64(0);
    QTest::newRow("2^53-1") << QByteArray("9007199254740991") << true << MaxSafeInteger;
    QTest::newRow("-(2^53-1)") << QByteArray("-9007199254740991") << true << -MaxSafeInteger;
    QTest::newRow("2^53 (not exact in every JSON reader)") << QByteArray("9007199254740992") << false << qint64(0);
    QTest::newRow("2^53+1") << QByteArray("9007199254740993") << false << qint64(0);
    QTest::newRow("2^63") << QByteArray("9223372036854775808") << false << qint64(0);
    QTest::newRow("-2^53") << QByteArray("-9007199254740992") << false << qint64(0);
    QTest::newRow("0.5") << QByteArray("0.5") << false << qint64(0);
    QTest::newRow("-0.0 reads as 0") << QByteArray("-0.0") << true << qint64(0);
}

void CodecTest::jsonTsLimits()
{
    QFETCH(QByteArray, ts);
    QFETCH(bool, ok);
    QFETCH(qint64, value);
    const DecodeResult decoded =
        Codec::decodeJson(QByteArray(R"({"type":"ping","id":"x","ts":)" + ts + '}'));
    QCOMPARE(decoded.ok(), ok);
    if (ok) {
        QCOMPARE(decoded.envelope.ts, value);
    } else {
        QCOMPARE(QString(decoded.errorCode), QString(ErrorCode::BadEnvelope));
        QCOMPARE(decoded.envelope.id, QStringLiteral("x"));
    }
}

void CodecTest::idLengthLimit_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("ok");
    for (const WireFormat format : {WireFormat::Json, WireFormat::Cbor}) {
        const QByteArray name = formatName(format).toLatin1();
        QTest::addRow("%s: 1", name.constData()) << format << 1 << true;
        QTest::addRow("%s: 128", name.constData()) << format << 128 << true;
        QTest::addRow("%s: 129", name.constData()) << format << 129 << false;
        QTest::addRow("%s: 10000", name.constData()) << format << 10000 << false;
    }
}

void CodecTest::idLengthLimit()
{
    QFETCH(WireFormat, format);
    QFETCH(int, length);
    QFETCH(bool, ok);
    const QString id(length, u'é'); // characters, not bytes: 128 × é is 256 bytes and fine
    const QJsonObject object{{QStringLiteral("type"), QStringLiteral("ping")}, {QStringLiteral("id"), id}};
    const QByteArray frame = format == WireFormat::Json
        ? QJsonDocument(object).toJson(QJsonDocument::Compact)
        : QCborValue::fromJsonValue(object).toCbor();
    const DecodeResult decoded = Codec::decode(frame, format);
    QCOMPARE(decoded.ok(), ok);
    if (ok) {
        QCOMPARE(decoded.envelope.id, id);
    } else {
        QCOMPARE(QString(decoded.errorCode), QString(ErrorCode::BadEnvelope));
        QVERIFY2(decoded.errorMessage.contains(QStringLiteral("id")), qPrintable(decoded.errorMessage));
        // Too long to echo: the error goes out without an id rather than with a huge one.
        QVERIFY(decoded.envelope.id.isEmpty());
    }
}

// ---------------------------------------------------------------------------------------------
// CBOR decoding

void CodecTest::cborDecodesValidVariants_data()
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

void CodecTest::cborDecodesValidVariants()
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

void CodecTest::cborRefusesMalformedFrames_data()
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

void CodecTest::cborRefusesMalformedFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, code);
    QFETCH(QString, id);
    verifyRefused(Codec::decodeCbor(frame), code, id);
}

void CodecTest::cborNestingLimit()
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

void CodecTest::cborVeryDeepNestingIsRefusedWithoutCrashing()
{
    // 100,000 nested one-element arrays written by hand (0x81 = array of 1), ending in 0.
    QByteArray frame("\xA2\x64type\x64ping\x67payload\xA1\x61x");
    frame += QByteArray(100000, '\x81');
    frame += '\0';
    const DecodeResult decoded = Codec::decodeCbor(frame);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.errorCode == ErrorCode::BadJson || decoded.errorCode == ErrorCode::BadEnvelope);
}

void CodecTest::cborNonFiniteTsIsRefused_data()
{
    QTest::addColumn<double>("ts");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity();
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity();
}

void CodecTest::cborNonFiniteTsIsRefused()
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

void CodecTest::decodeDispatchesOnFormat()
{
    const Envelope e = envelope(QStringLiteral("ping"), QStringLiteral("p"), 3, {});
    QVERIFY(Codec::decode(Codec::encodeJson(e), WireFormat::Json).ok());
    QVERIFY(Codec::decode(Codec::encodeCbor(e), WireFormat::Cbor).ok());
    // A frame in the other encoding is refused, not misread.
    QCOMPARE(QString(Codec::decode(Codec::encodeCbor(e), WireFormat::Json).errorCode),
             QString(ErrorCode::BadJson));
    QCOMPARE(QString(Codec::decode(Codec::encodeJson(e), WireFormat::Cbor).errorCode),
             QString(ErrorCode::BadJson));
}

void CodecTest::failureCarriesNoHalfEnvelope()
{
    // A frame refused late (bad meta) must not hand back the fields read before the failure.
    const DecodeResult decoded = Codec::decodeJson(
        R"({"type":"chat.send","id":"c-1","ts":5,"payload":{"room":"general"},"meta":7})");
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.envelope.id, QStringLiteral("c-1"));
    QVERIFY(decoded.envelope.type.isEmpty());
    QCOMPARE(decoded.envelope.ts, 0);
    QVERIFY(decoded.envelope.payload.isEmpty());
}

void CodecTest::jsonRefusesUnpairedSurrogates()
{
    // CBOR cannot carry such a string, so accepting it in JSON would let JSON and CBOR members
    // of a room read different text (found by fuzz_json_codec).
    const DecodeResult lone = Codec::decodeJson(
        R"({"type":"chat.send","id":"s","payload":{"room":"general","text":"\ud800"}})");
    QVERIFY(!lone.ok());
    QCOMPARE(QString(lone.errorCode), QStringLiteral("bad_json"));
    const DecodeResult paired = Codec::decodeJson(
        R"({"type":"chat.send","id":"s","payload":{"room":"general","text":"\ud83d\ude00"}})");
    QVERIFY(paired.ok());
    QCOMPARE(paired.envelope.payload.value("text").toString(), QString::fromUtf8("😀"));
}

QTEST_GUILESS_MAIN(CodecTest)
#include "tst_codec.moc"
