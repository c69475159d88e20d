// protocol/Codec in both formats: JSON and CBOR round trips (exact, deterministic, across the
// two), what encoding leaves out and keeps, and encode()/decode() dispatching on the format.
// Each decoder's refusals are in tst_jsoncodec and tst_cborcodec.
#include "CodecChecks.h"
#include "protocol/Codec.h"
#include "protocol/ErrorCode.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sb::protocol;
using sb::test::envelope;
using sb::test::formatName;
using sb::test::MaxSafeInteger;
using sb::test::nestedArrays;

namespace {

QJsonValue nestedJsonArrays(int depth)
{
    return nestedArrays<QJsonArray>(depth);
}

} // namespace

class CodecRoundTripTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void crossFormatRoundTrip();

    void encodingOmitsEmptyIdAndMeta_data();
    void encodingOmitsEmptyIdAndMeta();
    void encodingKeepsIdAndMeta_data();
    void encodingKeepsIdAndMeta();
    void encodeDispatchesOnFormat();
    void decodeDispatchesOnFormat();
};

// ---------------------------------------------------------------------------------------------
// Round trips

void CodecRoundTripTest::roundTrip_data()
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

void CodecRoundTripTest::roundTrip()
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

void CodecRoundTripTest::crossFormatRoundTrip()
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

// ---------------------------------------------------------------------------------------------
// Encoding and dispatch

void CodecRoundTripTest::encodingOmitsEmptyIdAndMeta_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::newRow("json") << WireFormat::Json;
    QTest::newRow("cbor") << WireFormat::Cbor;
}

void CodecRoundTripTest::encodingOmitsEmptyIdAndMeta()
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

void CodecRoundTripTest::encodingKeepsIdAndMeta_data()
{
    encodingOmitsEmptyIdAndMeta_data();
}

void CodecRoundTripTest::encodingKeepsIdAndMeta()
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

void CodecRoundTripTest::encodeDispatchesOnFormat()
{
    const Envelope e = envelope(QStringLiteral("ping"), QStringLiteral("p"), 3, {{QStringLiteral("t"), 1}});
    QCOMPARE(Codec::encode(e, WireFormat::Json), Codec::encodeJson(e));
    QCOMPARE(Codec::encode(e, WireFormat::Cbor), Codec::encodeCbor(e));
    QVERIFY(Codec::encodeJson(e).startsWith('{'));
    // A CBOR map: major type 5 in the first byte's top three bits.
    QCOMPARE(uchar(Codec::encodeCbor(e).at(0)) >> 5, 5);
}

void CodecRoundTripTest::decodeDispatchesOnFormat()
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

QTEST_GUILESS_MAIN(CodecRoundTripTest)
#include "tst_codecroundtrip.moc"
