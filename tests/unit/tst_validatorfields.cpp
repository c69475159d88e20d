// protocol/Validator, field rules: room names, user names, ticker symbols and message text, each
// on its own and inside the requests that carry it, and the text limit in UTF-8 bytes. Whole
// requests (types, ids, payload checks) are in tst_validatorrequests.
#include "ValidatorChecks.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

#include <QJsonArray>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;
using sb::test::request;
using sb::test::Room;
using sb::test::Text;

class ValidatorFieldsTest : public QObject
{
    Q_OBJECT

private slots:
    void textLimitIsInUtf8Bytes_data();
    void textLimitIsInUtf8Bytes();
    void roomNames_data();
    void roomNames();
    void userNames_data();
    void userNames();
    void tickerSymbols_data();
    void tickerSymbols();
    void messageText_data();
    void messageText();
};

// ---------------------------------------------------------------------------------------------

void ValidatorFieldsTest::textLimitIsInUtf8Bytes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");

    QTest::newRow("ascii 8192 bytes") << QString(8192, u'a') << true;
    QTest::newRow("ascii 8193 bytes") << QString(8193, u'a') << false;
    // é is 2 bytes: 4096 of them are 8192 bytes (4096 characters); one more ASCII char is over.
    QTest::newRow("2-byte chars, 8192 bytes") << QString(4096, u'é') << true;
    QTest::newRow("2-byte chars + 1, 8193 bytes") << QString(QString(4096, u'é') + u'a') << false;
    QTest::newRow("4097 × é = 8194 bytes, only 4097 characters") << QString(4097, u'é') << false;
    // € is 3 bytes: 2730 × € = 8190, + é = 8192.
    QTest::newRow("3-byte chars, 8192 bytes") << QString(QString(2730, QChar(0x20AC)) + u'é') << true;
    QTest::newRow("3-byte chars, 8193 bytes") << QString(2731, QChar(0x20AC)) << false;
    // 😀 is 4 bytes and 2 UTF-16 units: 2048 × 😀 = 8192 bytes (4096 QChars).
    QTest::newRow("4-byte chars, 8192 bytes") << QStringLiteral("😀").repeated(2048) << true;
    QTest::newRow("4-byte chars + 1, 8193 bytes") << QString(QStringLiteral("😀").repeated(2048) + u'a') << false;
    QTest::newRow("whitespace-only and too long") << QString(9000, u' ') << false;
}

void ValidatorFieldsTest::textLimitIsInUtf8Bytes()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(Validator::isMessageText(text), ok);
    const QList<Envelope> requests{
        request(QString(T::ChatSend), {{Room, QStringLiteral("general")}, {Text, text}}),
        request(QString(T::DmSend), {{QStringLiteral("to"), QStringLiteral("bob")}, {Text, text}}),
        request(QString(T::Announce), {{Text, text}}),
    };
    for (const Envelope &r : requests) {
        const auto error = Validator::validateRequest(r);
        QCOMPARE(bool(error), !ok);
        if (!ok) {
            // Over the limit is too_large (shorten it), not a malformed request.
            QCOMPARE(QString(error->code), QString(ErrorCode::TooLarge));
            QVERIFY2(error->message.contains(QStringLiteral("payload.text")), qPrintable(error->message));
            QVERIFY2(error->message.contains(QStringLiteral("8192")), qPrintable(error->message));
        }
    }
}

void ValidatorFieldsTest::roomNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ok");
    QTest::newRow("single letter") << QStringLiteral("a") << true;
    QTest::newRow("single digit") << QStringLiteral("7") << true;
    QTest::newRow("typical") << QStringLiteral("general") << true;
    QTest::newRow("dash and underscore") << QStringLiteral("my-room_2") << true;
    QTest::newRow("ends with dash") << QStringLiteral("room-") << true;
    QTest::newRow("64 characters") << QString(64, u'r') << true;
    QTest::newRow("65 characters") << QString(65, u'r') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("upper case") << QStringLiteral("General") << false;
    QTest::newRow("upper case inside") << QStringLiteral("genEral") << false;
    QTest::newRow("leading dash") << QStringLiteral("-general") << false;
    QTest::newRow("leading underscore") << QStringLiteral("_general") << false;
    QTest::newRow("space") << QStringLiteral("gen eral") << false;
    QTest::newRow("dot") << QStringLiteral("gen.eral") << false;
    QTest::newRow("hash") << QStringLiteral("#general") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("at (DM conversation keys)") << QStringLiteral("@alice/bob") << false;
    QTest::newRow("accented") << QStringLiteral("général") << false;
    QTest::newRow("cyrillic") << QStringLiteral("комната") << false;
    QTest::newRow("emoji") << QStringLiteral("room😀") << false;
    QTest::newRow("fullwidth digit") << QStringLiteral("\uFF11room") << false;
    QTest::newRow("NUL inside") << QStringLiteral("ab\u0000cd") << false;
}

void ValidatorFieldsTest::roomNames()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    QCOMPARE(Validator::isRoomName(name), ok);
    const auto error = Validator::validateRequest(request(QString(T::RoomJoin), {{Room, name}}));
    QCOMPARE(bool(error), !ok);
    if (!ok) {
        QCOMPARE(QString(error->code), QString(ErrorCode::InvalidArgument));
        QVERIFY2(error->message.contains(QStringLiteral("payload.room")), qPrintable(error->message));
    }
}

void ValidatorFieldsTest::userNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ok");
    QTest::newRow("single letter") << QStringLiteral("a") << true;
    QTest::newRow("mixed case") << QStringLiteral("Alice") << true;
    QTest::newRow("digits first") << QStringLiteral("42bob") << true;
    QTest::newRow("punctuation inside") << QStringLiteral("a.b_c-d") << true;
    QTest::newRow("guest suffix") << QStringLiteral("alice-2") << true;
    QTest::newRow("32 characters") << QString(32, u'u') << true;
    QTest::newRow("33 characters") << QString(33, u'u') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading dot") << QStringLiteral(".alice") << false;
    QTest::newRow("leading dash") << QStringLiteral("-alice") << false;
    QTest::newRow("leading underscore") << QStringLiteral("_alice") << false;
    QTest::newRow("space") << QStringLiteral("al ice") << false;
    QTest::newRow("at") << QStringLiteral("alice@example") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("accented") << QStringLiteral("zoë") << false;
    QTest::newRow("emoji") << QStringLiteral("bob😀") << false;
}

void ValidatorFieldsTest::userNames()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    QCOMPARE(Validator::isUserName(name), ok);
    const auto error = Validator::validateRequest(
        request(QString(T::DmSend), {{QStringLiteral("to"), name}, {Text, QStringLiteral("hi")}}));
    QCOMPARE(bool(error), !ok);
    const auto hello = Validator::validateRequest(request(QString(T::Hello), {{QStringLiteral("name"), name}}));
    QCOMPARE(bool(hello), !ok);
    if (!ok) {
        QVERIFY2(error->message.contains(QStringLiteral("payload.to")), qPrintable(error->message));
        QVERIFY2(hello->message.contains(QStringLiteral("payload.name")), qPrintable(hello->message));
    }
}

void ValidatorFieldsTest::tickerSymbols_data()
{
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<bool>("ok");
    QTest::newRow("star") << QStringLiteral("*") << true;
    QTest::newRow("plain") << QStringLiteral("AAPL") << true;
    QTest::newRow("class share") << QStringLiteral("BRK.B") << true;
    QTest::newRow("pair") << QStringLiteral("BTC-USD") << true;
    QTest::newRow("caret inside") << QStringLiteral("ES^F") << true;
    QTest::newRow("underscore inside") << QStringLiteral("A_B") << true;
    QTest::newRow("digits") << QStringLiteral("7203") << true;
    QTest::newRow("16 characters") << QString(16, u'X') << true;
    QTest::newRow("17 characters") << QString(17, u'X') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("lower case") << QStringLiteral("aapl") << false;
    QTest::newRow("leading dot") << QStringLiteral(".B") << false;
    QTest::newRow("leading caret") << QStringLiteral("^GSPC") << false;
    QTest::newRow("two stars") << QStringLiteral("**") << false;
    QTest::newRow("star inside") << QStringLiteral("A*") << false;
    QTest::newRow("space") << QStringLiteral("AA PL") << false;
    QTest::newRow("accented") << QStringLiteral("ÉTÉ") << false;
}

void ValidatorFieldsTest::tickerSymbols()
{
    QFETCH(QString, symbol);
    QFETCH(bool, ok);
    QCOMPARE(Validator::isSymbol(symbol), ok);
    const auto error = Validator::validateRequest(
        request(QString(T::TickerSubscribe), {{QStringLiteral("symbols"), QJsonArray{symbol}}}));
    QCOMPARE(bool(error), !ok);
    if (!ok)
        QCOMPARE(QString(error->code), QString(ErrorCode::InvalidArgument));
}

void ValidatorFieldsTest::messageText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("one char") << QStringLiteral("x") << true;
    QTest::newRow("one emoji") << QStringLiteral("👍") << true;
    QTest::newRow("text inside whitespace") << QStringLiteral("\n x \n") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("one space") << QStringLiteral(" ") << false;
    QTest::newRow("tabs and newlines") << QStringLiteral("\t\n\r\v\f") << false;
    QTest::newRow("no-break and ideographic spaces") << QStringLiteral("\u00A0\u3000") << false;
}

void ValidatorFieldsTest::messageText()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(Validator::isMessageText(text), ok);
}

QTEST_GUILESS_MAIN(ValidatorFieldsTest)
#include "tst_validatorfields.moc"
