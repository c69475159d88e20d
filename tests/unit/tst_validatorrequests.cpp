// protocol/Validator, whole requests: every client request type of PROTOCOL.md accepted, unknown
// types refused, which requests need an id, and each request's payload checks with the error code
// and field named when something is wrong. The field rules themselves (names, symbols, text and its
// limit in UTF-8 bytes) are in tst_validatorfields.
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

namespace {

QJsonArray symbols(int count)
{
    QJsonArray array;
    for (int i = 0; i < count; ++i)
        array.append(QStringLiteral("S%1").arg(i));
    return array;
}

} // namespace

class ValidatorRequestsTest : public QObject
{
    Q_OBJECT

private slots:
    void acceptsEveryRequestType_data();
    void acceptsEveryRequestType();
    void everyRequestTypeIsKnown();
    void refusesUnknownTypes_data();
    void refusesUnknownTypes();
    void sendsNeedAnId_data();
    void sendsNeedAnId();
    void otherRequestsDoNotNeedAnId();
    void refusesBadPayloads_data();
    void refusesBadPayloads();
    void unknownPayloadFieldsAreIgnored();
};

// ---------------------------------------------------------------------------------------------

void ValidatorRequestsTest::acceptsEveryRequestType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("payload");

    const auto row = [](const char *name, QLatin1String type, const QJsonObject &payload) {
        QTest::newRow(name) << QString(type) << payload;
    };
    row("hello, empty", T::Hello, {});
    row("hello, all fields", T::Hello,
        {{QStringLiteral("token"), QStringLiteral("a.b.c")},
         {QStringLiteral("name"), QStringLiteral("alice")},
         {QStringLiteral("client"), QStringLiteral("switchboard/0.1 linux")}});
    row("hello, client as an object", T::Hello,
        {{QStringLiteral("client"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wscat")}}}});
    row("hello, token of 4096 characters", T::Hello, {{QStringLiteral("token"), QString(4096, u't')}});
    row("room.join", T::RoomJoin, {{Room, QStringLiteral("general")}});
    row("room.join, since 0", T::RoomJoin, {{Room, QStringLiteral("general")}, {QStringLiteral("since"), 0}});
    row("room.join, since and epoch", T::RoomJoin,
        {{Room, QStringLiteral("general")},
         {QStringLiteral("since"), 42},
         {QStringLiteral("epoch"), QStringLiteral("k3x9qz2a")}});
    row("room.join, since 2^53-1", T::RoomJoin,
        {{Room, QStringLiteral("general")}, {QStringLiteral("since"), qint64(9007199254740991)}});
    row("room.join, epoch of 64 characters", T::RoomJoin,
        {{Room, QStringLiteral("general")}, {QStringLiteral("epoch"), QString(64, u'e')}});
    row("room.leave", T::RoomLeave, {{Room, QStringLiteral("general")}});
    row("room.list", T::RoomList, {});
    row("chat.send", T::ChatSend, {{Room, QStringLiteral("general")}, {Text, QStringLiteral("hi")}});
    row("chat.send, text with surrounding spaces", T::ChatSend,
        {{Room, QStringLiteral("general")}, {Text, QStringLiteral("  hi  ")}});
    row("chat.send, unicode text", T::ChatSend,
        {{Room, QStringLiteral("general")}, {Text, QStringLiteral("héllo 世界 😀")}});
    row("dm.send", T::DmSend, {{QStringLiteral("to"), QStringLiteral("bob")}, {Text, QStringLiteral("hey")}});
    row("dm.send, dotted name", T::DmSend,
        {{QStringLiteral("to"), QStringLiteral("Bob.Smith-2_x")}, {Text, QStringLiteral("hey")}});
    row("typing active", T::Typing, {{Room, QStringLiteral("general")}, {QStringLiteral("active"), true}});
    row("typing inactive", T::Typing, {{Room, QStringLiteral("general")}, {QStringLiteral("active"), false}});
    row("presence.set online", T::PresenceSet, {{QStringLiteral("status"), QStringLiteral("online")}});
    row("presence.set away", T::PresenceSet, {{QStringLiteral("status"), QStringLiteral("away")}});
    row("presence.set busy", T::PresenceSet, {{QStringLiteral("status"), QStringLiteral("busy")}});
    row("history.get", T::HistoryGet, {{Room, QStringLiteral("general")}});
    row("history.get, before 1 and limit 1", T::HistoryGet,
        {{Room, QStringLiteral("general")}, {QStringLiteral("before"), 1}, {QStringLiteral("limit"), 1}});
    row("history.get, limit 200", T::HistoryGet,
        {{Room, QStringLiteral("general")}, {QStringLiteral("limit"), 200}});
    row("history.get, limit written as 50.0", T::HistoryGet,
        {{Room, QStringLiteral("general")}, {QStringLiteral("limit"), 50.0}});
    row("dm.history", T::DmHistory, {{QStringLiteral("with"), QStringLiteral("bob")}});
    row("dm.history, before 1 and limit 200", T::DmHistory,
        {{QStringLiteral("with"), QStringLiteral("bob.smith-2")}, {QStringLiteral("before"), 1},
         {QStringLiteral("limit"), 200}});
    row("ticker.subscribe", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("AAPL"), QStringLiteral("BRK.B")}}});
    row("ticker.subscribe, everything", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("*")}}});
    row("ticker.subscribe, max_hz 1", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("NVDA")}}, {QStringLiteral("max_hz"), 1}});
    row("ticker.subscribe, max_hz 60", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("NVDA")}}, {QStringLiteral("max_hz"), 60}});
    row("ticker.subscribe, 256 symbols", T::TickerSubscribe, {{QStringLiteral("symbols"), symbols(256)}});
    row("ticker.unsubscribe", T::TickerUnsubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("AAPL")}}});
    row("ticker.unsubscribe, everything", T::TickerUnsubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("*")}}});
    const QString symbol = QStringLiteral("symbol"), interval = QStringLiteral("interval");
    row("ticker.history", T::TickerHistory, {{symbol, QStringLiteral("AAPL")}, {interval, QStringLiteral("1s")}});
    for (const QString &name : Validator::barIntervalNames())
        QTest::addRow("ticker.history, %s", qPrintable(name))
            << QString(T::TickerHistory) << QJsonObject{{symbol, QStringLiteral("BRK.B")}, {interval, name}};
    row("ticker.history, before and limit 5000", T::TickerHistory,
        {{symbol, QStringLiteral("BTC-USD")}, {interval, QStringLiteral("1h")},
         {QStringLiteral("before"), 1'700'000'000'000LL}, {QStringLiteral("limit"), 5000}});
    row("ticker.history, before 1 and limit 1", T::TickerHistory,
        {{symbol, QStringLiteral("AAPL")}, {interval, QStringLiteral("5m")}, {QStringLiteral("before"), 1},
         {QStringLiteral("limit"), 1}});
    row("ping, empty", T::Ping, {});
    row("ping, t integer", T::Ping, {{QStringLiteral("t"), 123}});
    row("ping, t fractional", T::Ping, {{QStringLiteral("t"), 123.5}});
    row("announce", T::Announce, {{Text, QStringLiteral("maintenance at 10:00")}});
    row("announce info", T::Announce, {{Text, QStringLiteral("x")}, {QStringLiteral("level"), QStringLiteral("info")}});
    row("announce warning", T::Announce,
        {{Text, QStringLiteral("x")}, {QStringLiteral("level"), QStringLiteral("warning")}});
    row("announce critical", T::Announce,
        {{Text, QStringLiteral("x")}, {QStringLiteral("level"), QStringLiteral("critical")}});
    const QString seq = QStringLiteral("seq"), emoji = QStringLiteral("emoji"), to = QStringLiteral("to");
    row("chat.send, reply_to", T::ChatSend,
        {{Room, QStringLiteral("general")}, {Text, QStringLiteral("hi")}, {QStringLiteral("reply_to"), 1}});
    row("dm.send, reply_to", T::DmSend,
        {{to, QStringLiteral("bob")}, {Text, QStringLiteral("hi")}, {QStringLiteral("reply_to"), 7}});
    row("chat.edit", T::ChatEdit, {{Room, QStringLiteral("general")}, {seq, 3}, {Text, QStringLiteral("fixed")}});
    row("chat.delete", T::ChatDelete, {{Room, QStringLiteral("general")}, {seq, 3}});
    row("chat.react", T::ChatReact, {{Room, QStringLiteral("general")}, {seq, 3}, {emoji, QStringLiteral("👍🏽")}});
    row("chat.react, remove", T::ChatReact,
        {{Room, QStringLiteral("general")}, {seq, 3}, {emoji, QStringLiteral("🇫🇷")}, {QStringLiteral("remove"), true}});
    row("dm.edit", T::DmEdit, {{to, QStringLiteral("bob")}, {seq, 1}, {Text, QStringLiteral("fixed")}});
    row("dm.delete", T::DmDelete, {{to, QStringLiteral("bob")}, {seq, 1}});
    row("dm.react", T::DmReact, {{to, QStringLiteral("bob")}, {seq, 1}, {emoji, QStringLiteral("👨‍👩‍👧")}});
    row("history.get, around", T::HistoryGet, {{Room, QStringLiteral("general")}, {QStringLiteral("around"), 9}});
    row("dm.history, around", T::DmHistory, {{QStringLiteral("with"), QStringLiteral("bob")}, {QStringLiteral("around"), 9}});
}

void ValidatorRequestsTest::acceptsEveryRequestType()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, payload);
    const auto error = Validator::validateRequest(request(type, payload));
    QVERIFY2(!error, error ? qPrintable(QString(QString(error->code) + QStringLiteral(": ") + error->message)) : "");
}

void ValidatorRequestsTest::everyRequestTypeIsKnown()
{
    // The client → server table of PROTOCOL.md, in full.
    for (const QLatin1String type :
         {T::Hello, T::RoomJoin, T::RoomLeave, T::RoomList, T::ChatSend, T::DmSend, T::Typing,
          T::PresenceSet, T::HistoryGet, T::TickerSubscribe, T::TickerUnsubscribe, T::Ping,
          T::Announce, T::DmHistory /* an extension of v1 */, T::ChatEdit, T::ChatDelete,
          T::ChatReact, T::DmEdit, T::DmDelete, T::DmReact, T::TickerHistory}) {
        QVERIFY2(Validator::isKnownRequestType(QString(type)), type.data());
    }
    // Server → client types are not requests (room.list, typing and announce are both).
    for (const QLatin1String type :
         {T::Welcome, T::ChatMessage, T::DmMessage, T::RoomEvent, T::Presence, T::PresenceSnapshot,
          T::History, T::TickerBatch, T::Pong, T::Ack, T::Error, T::ChatChange, T::DmChange,
          T::ReadMarker}) {
        QVERIFY2(!Validator::isKnownRequestType(QString(type)), type.data());
    }
}

void ValidatorRequestsTest::refusesUnknownTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("empty") << QString();
    QTest::newRow("made up") << QStringLiteral("chat.destroy");
    QTest::newRow("prefix of a type") << QStringLiteral("chat");
    QTest::newRow("upper case") << QStringLiteral("CHAT.SEND");
    QTest::newRow("leading space") << QStringLiteral(" chat.send");
    QTest::newRow("trailing space") << QStringLiteral("chat.send ");
    QTest::newRow("server type welcome") << QStringLiteral("welcome");
    QTest::newRow("server type chat.message") << QStringLiteral("chat.message");
    QTest::newRow("server type ack") << QStringLiteral("ack");
    QTest::newRow("server type error") << QStringLiteral("error");
    QTest::newRow("server type pong") << QStringLiteral("pong");
    QTest::newRow("very long") << QString(10000, u'x');
}

void ValidatorRequestsTest::refusesUnknownTypes()
{
    QFETCH(QString, type);
    const auto error = Validator::validateRequest(request(type, {}));
    QVERIFY(error);
    QCOMPARE(QString(error->code), QString(ErrorCode::UnknownType));
    QVERIFY(!Validator::isKnownRequestType(type));
    // The type is quoted back, but never more than 64 characters of it.
    QVERIFY2(error->message.contains(type.left(64)), qPrintable(error->message));
    QVERIFY(error->message.size() < 100);
}

void ValidatorRequestsTest::sendsNeedAnId_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("chat.send") << QString(T::ChatSend)
                               << QJsonObject{{Room, QStringLiteral("general")}, {Text, QStringLiteral("hi")}};
    QTest::newRow("dm.send") << QString(T::DmSend)
                             << QJsonObject{{QStringLiteral("to"), QStringLiteral("bob")}, {Text, QStringLiteral("hi")}};
}

void ValidatorRequestsTest::sendsNeedAnId()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, payload);
    const auto error = Validator::validateRequest(request(type, payload, QString()));
    QVERIFY(error);
    QCOMPARE(QString(error->code), QString(ErrorCode::BadEnvelope));
    QVERIFY2(error->message.contains(QStringLiteral("\"id\"")), qPrintable(error->message));
    QVERIFY(!Validator::validateRequest(request(type, payload, QStringLiteral("c-1"))));

    // The missing id is reported before anything wrong in the payload.
    const auto both = Validator::validateRequest(request(type, {}, QString()));
    QVERIFY(both);
    QCOMPARE(QString(both->code), QString(ErrorCode::BadEnvelope));
}

void ValidatorRequestsTest::otherRequestsDoNotNeedAnId()
{
    QVERIFY(!Validator::validateRequest(request(QString(T::RoomJoin), {{Room, QStringLiteral("general")}}, QString())));
    QVERIFY(!Validator::validateRequest(request(QString(T::Ping), {}, QString())));
    QVERIFY(!Validator::validateRequest(request(QString(T::Hello), {}, QString())));
    QVERIFY(!Validator::validateRequest(
        request(QString(T::Typing), {{Room, QStringLiteral("general")}, {QStringLiteral("active"), true}}, QString())));
}

void ValidatorRequestsTest::refusesBadPayloads_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("field"); // the message must name payload.<field>

    const auto row = [](const char *name, QLatin1String type, const QJsonObject &payload, const char *field) {
        QTest::newRow(name) << QString(type) << payload << QString::fromLatin1(field);
    };
    const QJsonValue general = QStringLiteral("general");
    const QJsonValue hi = QStringLiteral("hi");

    // hello
    row("hello: name with a space", T::Hello, {{QStringLiteral("name"), QStringLiteral("al ice")}}, "name");
    row("hello: name a number", T::Hello, {{QStringLiteral("name"), 7}}, "name");
    row("hello: name empty", T::Hello, {{QStringLiteral("name"), QString()}}, "name");
    row("hello: token of 4097 characters", T::Hello, {{QStringLiteral("token"), QString(4097, u't')}}, "token");
    row("hello: token an object", T::Hello, {{QStringLiteral("token"), QJsonObject{}}}, "token");
    row("hello: client a number", T::Hello, {{QStringLiteral("client"), 1}}, "client");
    row("hello: client an array", T::Hello, {{QStringLiteral("client"), QJsonArray{}}}, "client");

    // room.join
    row("room.join: room missing", T::RoomJoin, {}, "room");
    row("room.join: room a number", T::RoomJoin, {{Room, 5}}, "room");
    row("room.join: room null", T::RoomJoin, {{Room, QJsonValue::Null}}, "room");
    row("room.join: room an array", T::RoomJoin, {{Room, QJsonArray{general}}}, "room");
    row("room.join: room invalid", T::RoomJoin, {{Room, QStringLiteral("General")}}, "room");
    row("room.join: since -1", T::RoomJoin, {{Room, general}, {QStringLiteral("since"), -1}}, "since");
    row("room.join: since 1.5", T::RoomJoin, {{Room, general}, {QStringLiteral("since"), 1.5}}, "since");
    row("room.join: since a string", T::RoomJoin, {{Room, general}, {QStringLiteral("since"), QStringLiteral("5")}},
        "since");
    row("room.join: since null", T::RoomJoin, {{Room, general}, {QStringLiteral("since"), QJsonValue::Null}}, "since");
    row("room.join: since 2^53", T::RoomJoin,
        {{Room, general}, {QStringLiteral("since"), 9007199254740992.0}}, "since");
    row("room.join: since 1e300", T::RoomJoin, {{Room, general}, {QStringLiteral("since"), 1e300}}, "since");
    row("room.join: epoch a number", T::RoomJoin, {{Room, general}, {QStringLiteral("epoch"), 5}}, "epoch");
    row("room.join: epoch of 65 characters", T::RoomJoin,
        {{Room, general}, {QStringLiteral("epoch"), QString(65, u'e')}}, "epoch");

    // room.leave
    row("room.leave: room missing", T::RoomLeave, {}, "room");
    row("room.leave: room invalid", T::RoomLeave, {{Room, QStringLiteral("-x")}}, "room");

    // replies and changes
    const QJsonValue bob = QStringLiteral("bob");
    row("chat.send: reply_to 0", T::ChatSend, {{Room, general}, {Text, hi}, {QStringLiteral("reply_to"), 0}}, "reply_to");
    row("chat.edit: seq missing", T::ChatEdit, {{Room, general}, {Text, hi}}, "seq");
    row("chat.edit: text empty", T::ChatEdit, {{Room, general}, {QStringLiteral("seq"), 1}, {Text, QString()}}, "text");
    row("chat.delete: seq 0", T::ChatDelete, {{Room, general}, {QStringLiteral("seq"), 0}}, "seq");
    row("chat.react: emoji a letter", T::ChatReact,
        {{Room, general}, {QStringLiteral("seq"), 1}, {QStringLiteral("emoji"), QStringLiteral("a")}}, "emoji");
    row("chat.react: two emoji", T::ChatReact,
        {{Room, general}, {QStringLiteral("seq"), 1}, {QStringLiteral("emoji"), QStringLiteral("👍👍")}}, "emoji");
    row("chat.react: remove a string", T::ChatReact,
        {{Room, general}, {QStringLiteral("seq"), 1}, {QStringLiteral("emoji"), QStringLiteral("👍")},
         {QStringLiteral("remove"), QStringLiteral("yes")}}, "remove");
    row("dm.react: emoji missing", T::DmReact, {{QStringLiteral("to"), bob}, {QStringLiteral("seq"), 1}}, "emoji");
    row("history.get: around 0", T::HistoryGet, {{Room, general}, {QStringLiteral("around"), 0}}, "around");

    // chat.send
    row("chat.send: room missing", T::ChatSend, {{Text, hi}}, "room");
    row("chat.send: text missing", T::ChatSend, {{Room, general}}, "text");
    row("chat.send: text a number", T::ChatSend, {{Room, general}, {Text, 5}}, "text");
    row("chat.send: text an object", T::ChatSend, {{Room, general}, {Text, QJsonObject{}}}, "text");
    row("chat.send: text null", T::ChatSend, {{Room, general}, {Text, QJsonValue::Null}}, "text");
    row("chat.send: text empty", T::ChatSend, {{Room, general}, {Text, QString()}}, "text");
    row("chat.send: text spaces only", T::ChatSend, {{Room, general}, {Text, QStringLiteral("    ")}}, "text");
    row("chat.send: text newlines and tabs only", T::ChatSend,
        {{Room, general}, {Text, QStringLiteral("\n\t\r\n ")}}, "text");
    row("chat.send: text unicode spaces only", T::ChatSend,
        {{Room, general}, {Text, QStringLiteral("\u00A0\u3000\u2003")}}, "text");
    row("chat.send: room a number", T::ChatSend, {{Room, 1}, {Text, hi}}, "room");

    // dm.send
    row("dm.send: to missing", T::DmSend, {{Text, hi}}, "to");
    row("dm.send: to invalid", T::DmSend, {{QStringLiteral("to"), QStringLiteral("bob smith")}, {Text, hi}}, "to");
    row("dm.send: to of 33 characters", T::DmSend, {{QStringLiteral("to"), QString(33, u'b')}, {Text, hi}}, "to");
    row("dm.send: to a number", T::DmSend, {{QStringLiteral("to"), 3}, {Text, hi}}, "to");
    row("dm.send: text missing", T::DmSend, {{QStringLiteral("to"), QStringLiteral("bob")}}, "text");
    row("dm.send: text blank", T::DmSend, {{QStringLiteral("to"), QStringLiteral("bob")}, {Text, QStringLiteral(" ")}},
        "text");

    // typing
    row("typing: room missing", T::Typing, {{QStringLiteral("active"), true}}, "room");
    row("typing: active missing", T::Typing, {{Room, general}}, "active");
    row("typing: active a string", T::Typing, {{Room, general}, {QStringLiteral("active"), QStringLiteral("true")}},
        "active");
    row("typing: active 1", T::Typing, {{Room, general}, {QStringLiteral("active"), 1}}, "active");
    row("typing: active null", T::Typing, {{Room, general}, {QStringLiteral("active"), QJsonValue::Null}}, "active");

    // presence.set
    row("presence.set: status missing", T::PresenceSet, {}, "status");
    row("presence.set: status offline", T::PresenceSet, {{QStringLiteral("status"), QStringLiteral("offline")}},
        "status");
    row("presence.set: status capitalised", T::PresenceSet, {{QStringLiteral("status"), QStringLiteral("Online")}},
        "status");
    row("presence.set: status empty", T::PresenceSet, {{QStringLiteral("status"), QString()}}, "status");
    row("presence.set: status a number", T::PresenceSet, {{QStringLiteral("status"), 1}}, "status");

    // history.get
    row("history.get: room missing", T::HistoryGet, {}, "room");
    row("history.get: limit 0", T::HistoryGet, {{Room, general}, {QStringLiteral("limit"), 0}}, "limit");
    row("history.get: limit 201", T::HistoryGet, {{Room, general}, {QStringLiteral("limit"), 201}}, "limit");
    row("history.get: limit -1", T::HistoryGet, {{Room, general}, {QStringLiteral("limit"), -1}}, "limit");
    row("history.get: limit 1.5", T::HistoryGet, {{Room, general}, {QStringLiteral("limit"), 1.5}}, "limit");
    row("history.get: limit a string", T::HistoryGet,
        {{Room, general}, {QStringLiteral("limit"), QStringLiteral("50")}}, "limit");
    row("history.get: before 0", T::HistoryGet, {{Room, general}, {QStringLiteral("before"), 0}}, "before");
    row("history.get: before -5", T::HistoryGet, {{Room, general}, {QStringLiteral("before"), -5}}, "before");
    row("history.get: before 2.5", T::HistoryGet, {{Room, general}, {QStringLiteral("before"), 2.5}}, "before");
    row("history.get: before a string", T::HistoryGet,
        {{Room, general}, {QStringLiteral("before"), QStringLiteral("10")}}, "before");

    // dm.history
    const QString with = QStringLiteral("with");
    row("dm.history: with missing", T::DmHistory, {}, "with");
    row("dm.history: with not a user name", T::DmHistory, {{with, QStringLiteral("bob smith")}}, "with");
    row("dm.history: with a number", T::DmHistory, {{with, 7}}, "with");
    row("dm.history: limit 0", T::DmHistory, {{with, QStringLiteral("bob")}, {QStringLiteral("limit"), 0}}, "limit");
    row("dm.history: limit 201", T::DmHistory, {{with, QStringLiteral("bob")}, {QStringLiteral("limit"), 201}}, "limit");
    row("dm.history: before 0", T::DmHistory, {{with, QStringLiteral("bob")}, {QStringLiteral("before"), 0}}, "before");
    row("dm.history: before a string", T::DmHistory,
        {{with, QStringLiteral("bob")}, {QStringLiteral("before"), QStringLiteral("3")}}, "before");

    // ticker.subscribe / ticker.unsubscribe
    const QJsonArray aapl{QStringLiteral("AAPL")};
    row("ticker.subscribe: symbols missing", T::TickerSubscribe, {}, "symbols");
    row("ticker.subscribe: symbols empty", T::TickerSubscribe, {{QStringLiteral("symbols"), QJsonArray{}}}, "symbols");
    row("ticker.subscribe: symbols a string", T::TickerSubscribe, {{QStringLiteral("symbols"), QStringLiteral("AAPL")}},
        "symbols");
    row("ticker.subscribe: 257 symbols", T::TickerSubscribe, {{QStringLiteral("symbols"), symbols(257)}}, "symbols");
    row("ticker.subscribe: lower-case symbol", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("aapl")}}}, "symbols");
    row("ticker.subscribe: one bad symbol among good ones", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QStringLiteral("AAPL"), QStringLiteral("bad sym"), QStringLiteral("MSFT")}}},
        "symbols");
    row("ticker.subscribe: symbol a number", T::TickerSubscribe, {{QStringLiteral("symbols"), QJsonArray{42}}},
        "symbols");
    row("ticker.subscribe: empty symbol", T::TickerSubscribe, {{QStringLiteral("symbols"), QJsonArray{QString()}}},
        "symbols");
    row("ticker.subscribe: symbol of 17 characters", T::TickerSubscribe,
        {{QStringLiteral("symbols"), QJsonArray{QString(17, u'A')}}}, "symbols");
    row("ticker.subscribe: max_hz 0", T::TickerSubscribe,
        {{QStringLiteral("symbols"), aapl}, {QStringLiteral("max_hz"), 0}}, "max_hz");
    row("ticker.subscribe: max_hz 61", T::TickerSubscribe,
        {{QStringLiteral("symbols"), aapl}, {QStringLiteral("max_hz"), 61}}, "max_hz");
    row("ticker.subscribe: max_hz 2.5", T::TickerSubscribe,
        {{QStringLiteral("symbols"), aapl}, {QStringLiteral("max_hz"), 2.5}}, "max_hz");
    row("ticker.subscribe: max_hz a string", T::TickerSubscribe,
        {{QStringLiteral("symbols"), aapl}, {QStringLiteral("max_hz"), QStringLiteral("10")}}, "max_hz");
    row("ticker.unsubscribe: symbols missing", T::TickerUnsubscribe, {}, "symbols");
    row("ticker.unsubscribe: symbols empty", T::TickerUnsubscribe, {{QStringLiteral("symbols"), QJsonArray{}}},
        "symbols");
    row("ticker.unsubscribe: 257 symbols", T::TickerUnsubscribe, {{QStringLiteral("symbols"), symbols(257)}},
        "symbols");

    // ticker.history
    const QString symbol = QStringLiteral("symbol"), interval = QStringLiteral("interval");
    const QJsonObject history{{symbol, QStringLiteral("AAPL")}, {interval, QStringLiteral("1m")}};
    const auto historyWith = [&](const QString &field, const QJsonValue &value) {
        QJsonObject payload = history;
        payload.insert(field, value);
        return payload;
    };
    row("ticker.history: symbol missing", T::TickerHistory, {{interval, QStringLiteral("1m")}}, "symbol");
    row("ticker.history: symbol *", T::TickerHistory, historyWith(symbol, QStringLiteral("*")), "symbol");
    row("ticker.history: lower-case symbol", T::TickerHistory, historyWith(symbol, QStringLiteral("aapl")), "symbol");
    row("ticker.history: symbols, not symbol", T::TickerHistory, historyWith(symbol, aapl), "symbol");
    row("ticker.history: interval missing", T::TickerHistory, {{symbol, QStringLiteral("AAPL")}}, "interval");
    row("ticker.history: interval 2m", T::TickerHistory, historyWith(interval, QStringLiteral("2m")), "interval");
    row("ticker.history: interval 1M", T::TickerHistory, historyWith(interval, QStringLiteral("1M")), "interval");
    row("ticker.history: interval in ms", T::TickerHistory, historyWith(interval, 60000), "interval");
    row("ticker.history: limit 0", T::TickerHistory, historyWith(QStringLiteral("limit"), 0), "limit");
    row("ticker.history: limit 5001", T::TickerHistory, historyWith(QStringLiteral("limit"), 5001), "limit");
    row("ticker.history: limit 2.5", T::TickerHistory, historyWith(QStringLiteral("limit"), 2.5), "limit");
    row("ticker.history: before 0", T::TickerHistory, historyWith(QStringLiteral("before"), 0), "before");
    row("ticker.history: before negative", T::TickerHistory, historyWith(QStringLiteral("before"), -1), "before");
    row("ticker.history: before fractional", T::TickerHistory, historyWith(QStringLiteral("before"), 1.5), "before");
    row("ticker.history: before a date", T::TickerHistory,
        historyWith(QStringLiteral("before"), QStringLiteral("2023-11-14")), "before");

    // ping
    row("ping: t a string", T::Ping, {{QStringLiteral("t"), QStringLiteral("now")}}, "t");
    row("ping: t null", T::Ping, {{QStringLiteral("t"), QJsonValue::Null}}, "t");

    // announce
    row("announce: text missing", T::Announce, {{QStringLiteral("level"), QStringLiteral("info")}}, "text");
    row("announce: text blank", T::Announce, {{Text, QStringLiteral("\t")}}, "text");
    row("announce: level debug", T::Announce, {{Text, hi}, {QStringLiteral("level"), QStringLiteral("debug")}},
        "level");
    row("announce: level capitalised", T::Announce, {{Text, hi}, {QStringLiteral("level"), QStringLiteral("Info")}},
        "level");
    row("announce: level a number", T::Announce, {{Text, hi}, {QStringLiteral("level"), 2}}, "level");
}

void ValidatorRequestsTest::refusesBadPayloads()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, payload);
    QFETCH(QString, field);
    const auto error = Validator::validateRequest(request(type, payload));
    QVERIFY(error);
    QCOMPARE(QString(error->code), QString(ErrorCode::InvalidArgument));
    const QString named = QStringLiteral("payload.") + field + QLatin1Char(' ');
    QVERIFY2(error->message.startsWith(named), qPrintable(error->message));
    // The message says what was expected, not only that something was wrong.
    QVERIFY2(error->message.size() > named.size() + 10, qPrintable(error->message));
}

void ValidatorRequestsTest::unknownPayloadFieldsAreIgnored()
{
    const Envelope r = request(QString(T::ChatSend),
                               {{Room, QStringLiteral("general")},
                                {Text, QStringLiteral("hi")},
                                {QStringLiteral("reply_to"), 41},
                                {QStringLiteral("attachments"), QJsonArray{QJsonObject{}}},
                                {QStringLiteral("room_extra"), QJsonValue::Null}});
    QVERIFY(!Validator::validateRequest(r));
    // Unknown fields in a payload-less request, too.
    QVERIFY(!Validator::validateRequest(request(QString(T::RoomList), {{QStringLiteral("filter"), QStringLiteral("x")}})));
}

QTEST_GUILESS_MAIN(ValidatorRequestsTest)
#include "tst_validatorrequests.moc"
