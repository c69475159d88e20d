// protocol/Codec, JSON side: compact UTF-8 encoding, the lenient but valid frames the decoder
// reads, and every malformed JSON frame it must refuse with the right error code (bad_json /
// bad_envelope) and, when it was readable, the request's id. Round trips and dispatch are in
// tst_codecroundtrip, the CBOR decoder in tst_cborcodec.
#include "CodecChecks.h"
#include "protocol/Codec.h"
#include "protocol/ErrorCode.h"

#include <QCborValue>
#include <QJsonDocument>
#include <QTest>

using namespace sb::protocol;
using sb::test::envelope;
using sb::test::formatName;
using sb::test::MaxSafeInteger;
using sb::test::verifyRefused;

class JsonCodecTest : public QObject
{
    Q_OBJECT

private slots:
    void jsonEncodingIsCompactUtf8();

    void jsonDecodesLenientButValidFrames_data();
    void jsonDecodesLenientButValidFrames();
    void jsonRefusesMalformedFrames_data();
    void jsonRefusesMalformedFrames();
    void jsonTsLimits_data();
    void jsonTsLimits();
    void idLengthLimit_data();
    void idLengthLimit();
    void jsonRefusesUnpairedSurrogates();
    void failureCarriesNoHalfEnvelope();
};

// ---------------------------------------------------------------------------------------------
// JSON encoding

void JsonCodecTest::jsonEncodingIsCompactUtf8()
{
    const QByteArray frame = Codec::encodeJson(
        envelope(QStringLiteral("chat.send"), QStringLiteral("c"), 1, {{QStringLiteral("text"), QStringLiteral("é😀")}}));
    QVERIFY(!frame.contains('\n'));
    QVERIFY(!frame.contains(": "));
    // Raw UTF-8, not \u escapes (browsers and wscat read either; raw is smaller).
    QVERIFY(frame.contains("\xC3\xA9\xF0\x9F\x98\x80"));
}

// ---------------------------------------------------------------------------------------------
// JSON decoding

void JsonCodecTest::jsonDecodesLenientButValidFrames_data()
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

void JsonCodecTest::jsonDecodesLenientButValidFrames()
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

void JsonCodecTest::jsonRefusesMalformedFrames_data()
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

void JsonCodecTest::jsonRefusesMalformedFrames()
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

void JsonCodecTest::jsonTsLimits_data()
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

void JsonCodecTest::jsonTsLimits()
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

void JsonCodecTest::idLengthLimit_data()
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

void JsonCodecTest::idLengthLimit()
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

void JsonCodecTest::jsonRefusesUnpairedSurrogates()
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

void JsonCodecTest::failureCarriesNoHalfEnvelope()
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

QTEST_GUILESS_MAIN(JsonCodecTest)
#include "tst_jsoncodec.moc"
