// Full-text search end to end (SQLite FTS5 through Qt's QSQLITE): hits across the rooms and DMs
// the asker may read, newest first with a highlighted snippet; private rooms and other people's
// DMs stay private; edits and deletes keep the index in step; bad queries are refused.
#include "DatabaseFile.h"
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

#include <limits>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {
const QByteArray Secret = "e2e-search-secret-0123456789abcdef";

QString token(const QString &user, const QStringList &rooms = {})
{
    QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}};
    if (!rooms.isEmpty())
        claims.insert("rooms", QJsonArray::fromStringList(rooms));
    return QString::fromLatin1(sb::server::Jwt::sign(claims, Secret));
}

QJsonArray hitsOf(const Envelope &reply)
{
    return reply.payload.value("hits").toArray();
}

// Where each hit is: "#room:seq" or "@peer:seq".
QStringList placesOf(const Envelope &reply)
{
    QStringList places;
    for (const QJsonValue &v : hitsOf(reply)) {
        const QJsonObject hit = v.toObject();
        places.append(hit.contains("room") ? QStringLiteral("#%1:%2").arg(hit.value("room").toString()).arg(hit.value("seq").toInteger())
                                           : QStringLiteral("@%1:%2").arg(hit.value("with").toString()).arg(hit.value("seq").toInteger()));
    }
    return places;
}
} // namespace

class SearchTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void findsWordsInRoomsAndDmsNewestFirst();
    void privateRoomsAndOthersDmsStayPrivate();
    void filtersByRoomSenderAndTime();
    void editsAndDeletesKeepTheIndexInStep();
    void badQueriesAreRefused_data();
    void badQueriesAreRefused();
    void queryWordsAreNeverFts5Syntax();

private:
    std::unique_ptr<TestClient> signIn(const QString &user, const QStringList &rooms = {});
    qint64 post(TestClient &client, const QString &room, const QString &text);

    std::unique_ptr<TestServer> m_server;
};

void SearchTest::init()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = Secret;
    config.privateRooms = {"vault"};
    m_server = std::make_unique<TestServer>(config);
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
}

void SearchTest::cleanup()
{
    m_server.reset();
}

std::unique_ptr<TestClient> SearchTest::signIn(const QString &user, const QStringList &rooms)
{
    auto client = std::make_unique<TestClient>();
    if (!client->open(m_server->url()) || client->hello({}, {{"token", token(user, rooms)}}).type != T::Welcome)
        return nullptr;
    for (const QString &room : QStringList{"general", "random"} + rooms) {
        if (client->request(T::RoomJoin, inRoom(room)).type != T::Ack)
            return nullptr;
    }
    return client;
}

qint64 SearchTest::post(TestClient &client, const QString &room, const QString &text)
{
    const Envelope ack = client.request(T::ChatSend, {{"room", room}, {"text", text}});
    return ack.type == T::Ack ? ack.payload.value("seq").toInteger() : -1;
}

void SearchTest::findsWordsInRoomsAndDmsNewestFirst()
{
    auto alice = signIn("alice");
    auto bob = signIn("bob");
    QVERIFY(alice && bob);
    QCOMPARE(post(*alice, "general", "The quarterly report is ready"), 1);
    QCOMPARE(post(*bob, "random", "lunch anyone?"), 1);
    QCOMPARE(bob->request(T::DmSend, {{"to", "alice"}, {"text", "report draft attached"}}).type, T::Ack);
    QCOMPARE(post(*bob, "random", "Reports are due"), 2); // a prefix of the last word matches

    const Envelope found = alice->request(T::Search, {{"query", "report"}});
    QCOMPARE(found.type, T::Search);
    // Newest first; messages of the same millisecond may come in any order.
    QStringList places = placesOf(found);
    places.sort();
    QCOMPARE(places, QStringList({"#general:1", "#random:2", "@bob:1"}));
    qint64 previousTs = std::numeric_limits<qint64>::max();
    QJsonObject first;
    for (const QJsonValue &hit : hitsOf(found)) {
        QVERIFY(hit.toObject().value("ts").toInteger() <= previousTs);
        previousTs = hit.toObject().value("ts").toInteger();
        if (hit.toObject().value("room") == QStringLiteral("general"))
            first = hit.toObject();
    }
    QCOMPARE(first.value("from").toString(), QStringLiteral("alice"));
    QVERIFY(first.value("ts").toInteger() > 0);
    QVERIFY2(first.value("snippet").toString().contains(QStringLiteral("\u0002report\u0003")),
             qPrintable(first.value("snippet").toString()));
    QCOMPARE(found.payload.value("has_more").toBool(), false);
    // Every word must occur.
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "quarterly ready"}})), QStringList{"#general:1"});
    QVERIFY(hitsOf(alice->request(T::Search, {{"query", "quarterly lunch"}})).isEmpty());
}

void SearchTest::privateRoomsAndOthersDmsStayPrivate()
{
    auto insider = signIn("insider", {"vault"});
    auto carol = signIn("carol");
    QVERIFY(insider && carol);
    QCOMPARE(post(*insider, "vault", "the merger closes friday"), 1);
    QCOMPARE(insider->request(T::DmSend, {{"to", "dave"}, {"text", "merger between us"}}).type, T::Ack);
    QStringList places = placesOf(insider->request(T::Search, {{"query", "merger"}}));
    places.sort();
    QCOMPARE(places, QStringList({"#vault:1", "@dave:1"}));
    QVERIFY(hitsOf(carol->request(T::Search, {{"query", "merger"}})).isEmpty());
    const Envelope refused = carol->request(T::Search, {{"query", "merger"}, {"room", "vault"}});
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("forbidden"));
}

void SearchTest::filtersByRoomSenderAndTime()
{
    auto alice = signIn("alice");
    auto bob = signIn("bob");
    QVERIFY(alice && bob);
    for (int i = 1; i <= 3; ++i) {
        QCOMPARE(post(*alice, "general", QStringLiteral("status %1").arg(i)), 2 * i - 1);
        QCOMPARE(post(*bob, "general", QStringLiteral("status from bob %1").arg(i)), 2 * i);
    }
    QCOMPARE(post(*bob, "random", "status elsewhere"), 1);
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "status"}, {"room", "random"}})), QStringList{"#random:1"});
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "status"}, {"room", "general"}, {"from", "alice"}})),
             QStringList({"#general:5", "#general:3", "#general:1"}));
    const Envelope page = alice->request(T::Search, {{"query", "status"}, {"room", "general"}, {"limit", 2}});
    QCOMPARE(placesOf(page), QStringList({"#general:6", "#general:5"}));
    QCOMPARE(page.payload.value("has_more").toBool(), true);
    // The next page: older than the last hit's ts (hits of the same ms may repeat; seqs tell).
    const qint64 lastTs = hitsOf(page).at(1).toObject().value("ts").toInteger();
    const Envelope older = alice->request(T::Search, {{"query", "status"}, {"room", "general"}, {"before", lastTs}});
    for (const QJsonValue &hit : hitsOf(older))
        QVERIFY(hit.toObject().value("ts").toInteger() < lastTs);
    QCOMPARE(alice->request(T::Search, {{"query", "status"}, {"room", "nowhere"}}).payload.value("code").toString(),
             QStringLiteral("not_found"));
}

void SearchTest::editsAndDeletesKeepTheIndexInStep()
{
    auto alice = signIn("alice");
    QVERIFY(alice);
    const qint64 seq = post(*alice, "general", "meet at the lighthouse");
    QCOMPARE(alice->request(T::ChatEdit, {{"room", "general"}, {"seq", seq}, {"text", "meet at the harbour"}}).type, T::Ack);
    QVERIFY(hitsOf(alice->request(T::Search, {{"query", "lighthouse"}})).isEmpty());
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "harbour"}})), QStringList{"#general:1"});
    QCOMPARE(alice->request(T::ChatDelete, {{"room", "general"}, {"seq", seq}}).type, T::Ack);
    QVERIFY(hitsOf(alice->request(T::Search, {{"query", "harbour"}})).isEmpty());

    // The index's own table holds no trace of the text either.
    m_server->server().shutdown(0);
    QCOMPARE(queryHistoryFile(m_server->dataDir(), "SELECT COUNT(*) FROM message_search"
                                                   " WHERE text LIKE '%harbour%' OR text LIKE '%lighthouse%'"),
             0);
}

void SearchTest::badQueriesAreRefused_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("empty query") << QJsonObject{{"query", ""}};
    QTest::newRow("only spaces") << QJsonObject{{"query", "   "}};
    QTest::newRow("no query") << QJsonObject{};
    QTest::newRow("query a number") << QJsonObject{{"query", 5}};
    QTest::newRow("query too long") << QJsonObject{{"query", QString(257, u'x')}};
    QTest::newRow("limit 0") << QJsonObject{{"query", "x"}, {"limit", 0}};
    QTest::newRow("from not a user name") << QJsonObject{{"query", "x"}, {"from", "not a name"}};
}

void SearchTest::badQueriesAreRefused()
{
    QFETCH(QJsonObject, payload);
    auto alice = signIn("alice");
    QVERIFY(alice);
    const Envelope refused = alice->request(T::Search, payload);
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    QVERIFY(alice->isOpen());
}

void SearchTest::queryWordsAreNeverFts5Syntax()
{
    auto alice = signIn("alice");
    QVERIFY(alice);
    QCOMPARE(post(*alice, "general", "say \"hi\" AND wave"), 1);
    for (const QString &query : {QStringLiteral("\"hi\""), QStringLiteral("AND"), QStringLiteral("hi OR"),
                                 QStringLiteral("wave*"), QStringLiteral("(hi"), QStringLiteral("NEAR(hi wave)"),
                                 QStringLiteral("text:hi"), QStringLiteral("-hi")}) {
        const Envelope reply = alice->request(T::Search, {{"query", query}});
        QVERIFY2(reply.type == T::Search, qPrintable(query + QStringLiteral(": ") + reply.payload.value("message").toString()));
    }
    QCOMPARE(placesOf(alice->request(T::Search, {{"query", "\"hi\""}})), QStringList{"#general:1"});
}

QTEST_GUILESS_MAIN(SearchTest)
#include "tst_search.moc"
