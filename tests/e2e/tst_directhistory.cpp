// DMs for a session that was away: the welcome lists the user's direct conversations with their
// last seqs, `dm.history` pages through one, and a guest never reads the DMs of an earlier guest
// who went by the same name. Then the client core: DMs sent while it was offline arrive once, in
// order, after it reconnects, and older ones load from the server.
#include "ClientApp.h"
#include "FaultProxy.h"
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "client/Session.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

const QByteArray Secret = "e2e-direct-history-secret-0123456789";

QJsonObject dm(const QString &to, const QString &text)
{
    return {{"to", to}, {"text", text}};
}

QStringList textsOf(const QSignalSpy &directs)
{
    QStringList texts;
    for (const QList<QVariant> &args : directs)
        texts.append(args.at(0).value<ChatMessage>().text);
    return texts;
}

QString token(const QString &user)
{
    return QString::fromLatin1(sb::server::Jwt::sign(
        {{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}}, Secret));
}

} // namespace

class DirectHistoryTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<ChatMessage>(); }
    void welcomeListsTheUsersDirectConversations();
    void dmHistoryPagesBackwardsLikeRoomHistory_data();
    void dmHistoryPagesBackwardsLikeRoomHistory();
    void aConversationNeverStartedIsEmpty();
    void aBadDmHistoryRequestIsAnErrorAndTheConnectionStays();
    void aReturningGuestReadsTheDmsSentWhileAway();
    void aGuestTakingAFreedNameReadsNoneOfTheEarlierGuestsDms();
    void whoHoldsANameSurvivesARestart();
    void aSignedInUserReadsAllItsDmsAndEndsAGuestsHold();
    void clientCatchesUpOnDmsSentWhileOffline();
    void clientLoadsOlderDmsFromTheServer();

private:
    QTemporaryDir m_dir;
};

void DirectHistoryTest::welcomeListsTheUsersDirectConversations()
{
    TestServer server;
    auto alice = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("alices-pc"));
    auto carol = TestClient::connectAs(server.url(), "carol");
    QVERIFY(alice && carol);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(alice->request(T::DmSend, dm("bob", "hi")).type, T::Ack);
    QCOMPARE(carol->request(T::DmSend, dm("alice", "hey")).type, T::Ack);

    // Another session of alice's (same install: the same guest).
    TestClient second;
    QVERIFY(second.open(server.url()));
    const Envelope welcome = second.hello("alice", clientInstance("alices-pc"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("alice"));
    const auto directs = directsOf(welcome);
    QCOMPARE(directs.size(), 2);
    QCOMPARE(directs.value("bob").value("last_seq").toInteger(), 3);
    QCOMPARE(directs.value("carol").value("last_seq").toInteger(), 1);
    QVERIFY(!directs.value("bob").value("epoch").toString().isEmpty());

    TestClient bob;
    QVERIFY(bob.open(server.url()));
    const auto bobs = directsOf(bob.hello("bob"));
    QCOMPARE(bobs.keys(), QStringList{"alice"});
    QCOMPARE(bobs.value("alice").value("last_seq").toInteger(), 3);
    QCOMPARE(bobs.value("alice").value("epoch"), directs.value("bob").value("epoch"));

    // Nobody's DMs for a user who has none.
    TestClient dave;
    QVERIFY(dave.open(server.url()));
    const Envelope daves = dave.hello("dave");
    QVERIFY(daves.payload.value("dms").isArray());
    QVERIFY(directsOf(daves).isEmpty());
}

void DirectHistoryTest::dmHistoryPagesBackwardsLikeRoomHistory_data()
{
    addFormatRows();
}

void DirectHistoryTest::dmHistoryPagesBackwardsLikeRoomHistory()
{
    QFETCH(WireFormat, format);
    TestServer server;
    auto alice = TestClient::connectAs(server.url(), "alice", format);
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(alice && bob);
    for (int i = 1; i <= 5; ++i) {
        TestClient &from = i % 2 ? *alice : *bob;
        QCOMPARE(from.request(T::DmSend, dm(i % 2 ? "bob" : "alice", QString("dm %1").arg(i))).type,
                 T::Ack);
    }

    const Envelope newest = alice->request(T::DmHistory, {{"with", "bob"}, {"limit", 2}}, "h-1");
    QCOMPARE(newest.type, T::DmHistory);
    QCOMPARE(newest.id, QStringLiteral("h-1"));
    QCOMPARE(newest.payload.value("with").toString(), QStringLiteral("bob"));
    QCOMPARE(seqsOf(newest), (QList<qint64>{4, 5}));
    QVERIFY(newest.payload.value("has_more").toBool());
    // Each entry is shaped like a dm.message.
    const QJsonObject last = newest.payload.value("messages").toArray().last().toObject();
    QCOMPARE(last.value("from").toString(), QStringLiteral("alice"));
    QCOMPARE(last.value("to").toString(), QStringLiteral("bob"));
    QCOMPARE(last.value("text").toString(), QStringLiteral("dm 5"));
    QVERIFY(last.value("ts").toInteger() > 0);
    QVERIFY(!last.value("client_id").toString().isEmpty());

    const Envelope older = alice->request(T::DmHistory, {{"with", "bob"}, {"before", 4}, {"limit", 2}});
    QCOMPARE(seqsOf(older), (QList<qint64>{2, 3}));
    QVERIFY(older.payload.value("has_more").toBool());
    const Envelope oldest = alice->request(T::DmHistory, {{"with", "bob"}, {"before", 2}});
    QCOMPARE(seqsOf(oldest), (QList<qint64>{1}));
    QVERIFY(!oldest.payload.value("has_more").toBool());
    // The same conversation from the other side.
    QCOMPARE(seqsOf(bob->request(T::DmHistory, {{"with", "alice"}})), seqRange(1, 5));
}

void DirectHistoryTest::aConversationNeverStartedIsEmpty()
{
    TestServer server;
    auto alice = TestClient::connectAs(server.url(), "alice");
    QVERIFY(alice);
    const Envelope page = alice->request(T::DmHistory, {{"with", "nobody"}});
    QCOMPARE(page.type, T::DmHistory);
    QVERIFY(seqsOf(page).isEmpty());
    QVERIFY(!page.payload.value("has_more").toBool());
}

void DirectHistoryTest::aBadDmHistoryRequestIsAnErrorAndTheConnectionStays()
{
    TestServer server;
    auto alice = TestClient::connectAs(server.url(), "alice");
    QVERIFY(alice);
    const QList<QJsonObject> bad{
        {},                                        // no peer
        {{"with", "no spaces allowed"}},           // not a user name
        {{"with", "bob"}, {"limit", 0}},           // limit out of range
        {{"with", "bob"}, {"limit", 201}},
        {{"with", "bob"}, {"before", 0}},          // seqs start at 1
        {{"with", "bob"}, {"before", "3"}},        // wrong JSON type
    };
    for (const QJsonObject &payload : bad) {
        const Envelope reply = alice->request(T::DmHistory, payload);
        QCOMPARE(reply.type, T::Error);
        QVERIFY2(!reply.payload.value("message").toString().isEmpty(),
                 qPrintable(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    }
    QVERIFY(alice->isOpen());
    QCOMPARE(alice->request(T::DmHistory, {{"with", "bob"}}).type, T::DmHistory);
}

void DirectHistoryTest::aReturningGuestReadsTheDmsSentWhileAway()
{
    TestServer server;
    auto bob = TestClient::connectAs(server.url(), "bob");
    auto sam = TestClient::connectAs(server.url(), "sam", WireFormat::Json, clientInstance("sams-laptop"));
    QVERIFY(bob && sam);
    QCOMPARE(bob->request(T::DmSend, dm("sam", "before")).type, T::Ack);
    sam.reset();
    QTRY_COMPARE(server.server().connectionCount(), 1);
    QCOMPARE(bob->request(T::DmSend, dm("sam", "while away 1")).type, T::Ack);
    QCOMPARE(bob->request(T::DmSend, dm("sam", "while away 2")).type, T::Ack);

    TestClient back;
    QVERIFY(back.open(server.url()));
    const Envelope welcome = back.hello("sam", clientInstance("sams-laptop"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("sam"));
    QCOMPARE(directsOf(welcome).value("bob").value("last_seq").toInteger(), 3);
    const Envelope page = back.request(T::DmHistory, {{"with", "bob"}});
    QCOMPARE(seqsOf(page), seqRange(1, 3));
}

void DirectHistoryTest::aGuestTakingAFreedNameReadsNoneOfTheEarlierGuestsDms()
{
    TestServer server;
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(bob);
    {
        auto first = TestClient::connectAs(server.url(), "sam", WireFormat::Json, clientInstance("first"));
        QVERIFY(first);
        QCOMPARE(bob->request(T::DmSend, dm("sam", "for the first sam")).type, T::Ack);
    }
    QTRY_COMPARE(server.server().connectionCount(), 1);

    // Another person's install takes the freed name: the first sam's DMs are not theirs.
    TestClient second;
    QVERIFY(second.open(server.url()));
    const Envelope welcome = second.hello("sam", clientInstance("second"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("sam"));
    QVERIFY(!directsOf(welcome).contains("bob"));
    QVERIFY(seqsOf(second.request(T::DmHistory, {{"with", "bob"}})).isEmpty());
    QCOMPARE(bob->request(T::DmSend, dm("sam", "for the second sam")).type, T::Ack);
    QCOMPARE(second.waitForType(T::DmMessage).payload.value("seq").toInteger(), 2);
    QCOMPARE(seqsOf(second.request(T::DmHistory, {{"with", "bob"}})), QList<qint64>{2});
    second.socket().close();
    QTRY_COMPARE(server.server().connectionCount(), 1);

    // The first one back: the name changed hands in between, so what the second sam was told
    // stays the second's.
    TestClient back;
    QVERIFY(back.open(server.url()));
    const Envelope again = back.hello("sam", clientInstance("first"));
    QCOMPARE(again.payload.value("user").toString(), QStringLiteral("sam"));
    QVERIFY(!directsOf(again).contains("bob"));
    QVERIFY(seqsOf(back.request(T::DmHistory, {{"with", "bob"}})).isEmpty());
}

void DirectHistoryTest::whoHoldsANameSurvivesARestart()
{
    TestServer server;
    {
        auto bob = TestClient::connectAs(server.url(), "bob");
        auto sam = TestClient::connectAs(server.url(), "sam", WireFormat::Json, clientInstance("sams-laptop"));
        QVERIFY(bob && sam);
        QCOMPARE(bob->request(T::DmSend, dm("sam", "remember me")).type, T::Ack);
    }
    QVERIFY2(server.restart(), qPrintable(server.error()));

    auto sam = TestClient::connectAs(server.url(), "sam", WireFormat::Json, clientInstance("sams-laptop"));
    QVERIFY(sam);
    QCOMPARE(seqsOf(sam->request(T::DmHistory, {{"with", "bob"}})), QList<qint64>{1});
    sam.reset();
    QTRY_COMPARE(server.server().connectionCount(), 0);
    QVERIFY2(server.restart(), qPrintable(server.error()));

    TestClient stranger;
    QVERIFY(stranger.open(server.url()));
    const Envelope welcome = stranger.hello("sam", clientInstance("someone-else"));
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("sam"));
    QVERIFY(!directsOf(welcome).contains("bob"));
    QVERIFY(seqsOf(stranger.request(T::DmHistory, {{"with", "bob"}})).isEmpty());
}

void DirectHistoryTest::aSignedInUserReadsAllItsDmsAndEndsAGuestsHold()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = Secret;
    TestServer server(config);
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(bob);
    {
        // A guest went by "alice" while she was away (guests may, until she signs in).
        auto guest = TestClient::connectAs(server.url(), "alice", WireFormat::Json, clientInstance("guest"));
        QVERIFY(guest);
        QCOMPARE(bob->request(T::DmSend, dm("alice", "to the guest")).type, T::Ack);
    }
    QTRY_COMPARE(server.server().connectionCount(), 1);

    TestClient alice;
    QVERIFY(alice.open(server.url()));
    const Envelope welcome = alice.request(T::Hello, {{"token", token("alice")}});
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("alice"));
    QCOMPARE(directsOf(welcome).value("bob").value("last_seq").toInteger(), 1);
    QCOMPARE(alice.request(T::DmSend, dm("bob", "private")).type, T::Ack);
    QCOMPARE(seqsOf(alice.request(T::DmHistory, {{"with", "bob"}})), seqRange(1, 2));
    alice.socket().close();
    QTRY_COMPARE(server.server().connectionCount(), 1);

    // The guest's install comes back under the name: alice's own DMs are not for it.
    TestClient guest;
    QVERIFY(guest.open(server.url()));
    const Envelope guestWelcome = guest.hello("alice", clientInstance("guest"));
    QCOMPARE(guestWelcome.payload.value("user").toString(), QStringLiteral("alice"));
    QVERIFY(!directsOf(guestWelcome).contains("bob"));
    QVERIFY(seqsOf(guest.request(T::DmHistory, {{"with", "bob"}})).isEmpty());
}

void DirectHistoryTest::clientCatchesUpOnDmsSentWhileOffline()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    ClientApp alice("alice", m_dir.filePath("catchup"));
    QSignalSpy directs(alice.session.get(), &Session::directMessageReceived);
    QSignalSpy opened(alice.connection.get(), &ConnectionManager::opened);
    QVERIFY(alice.start(proxy.url()));
    QVERIFY(opened.wait());
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(bob);
    QCOMPARE(bob->request(T::DmSend, dm("alice", "live 1")).type, T::Ack);
    QTRY_COMPARE(directs.size(), 1);

    // Offline: the DMs bob sends now reach none of alice's sessions live.
    proxy.setMode(FaultProxy::Mode::Refuse);
    proxy.dropAll();
    QTRY_COMPARE(alice.connection->state(), ConnectionState::WaitingToReconnect);
    QStringList expected{"live 1"};
    for (int i = 1; i <= 250; ++i) { // more than one page of 200
        expected.append(QString("missed %1").arg(i));
        QCOMPARE(bob->request(T::DmSend, dm("alice", expected.constLast())).type, T::Ack);
    }
    proxy.setMode(FaultProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(alice.session->watermark("@bob"), 251, 10000);
    // Live ones after the welcome keep their place behind the catch-up.
    QCOMPARE(bob->request(T::DmSend, dm("alice", "live 2")).type, T::Ack);
    expected.append("live 2");
    QTRY_COMPARE(directs.size(), expected.size());
    QCOMPARE(textsOf(directs), expected);
    QCOMPARE(alice.session->cachedMessages("@bob", 1000).size(), expected.size());

    // And after an app restart on the same store: nothing again, nothing twice.
    alice.session.reset();
    alice.connection.reset();
    ClientApp restarted("alice", m_dir.filePath("catchup"));
    QSignalSpy again(restarted.session.get(), &Session::directMessageReceived);
    QSignalSpy reopened(restarted.connection.get(), &ConnectionManager::opened);
    QVERIFY(restarted.start(proxy.url()));
    QVERIFY(reopened.wait());
    QCOMPARE(bob->request(T::DmSend, dm("alice", "after restart")).type, T::Ack);
    QTRY_COMPARE(again.size(), 1);
    QCOMPARE(textsOf(again), QStringList{"after restart"});
}

void DirectHistoryTest::clientLoadsOlderDmsFromTheServer()
{
    TestServer server;
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(bob);
    for (int i = 1; i <= 30; ++i)
        QCOMPARE(bob->request(T::DmSend, dm("carol", QString("old %1").arg(i))).type, T::Ack);

    // Carol's first run on a new machine: the newest come in the catch-up, older on demand.
    ClientApp carol("carol", m_dir.filePath("older"));
    QSignalSpy directs(carol.session.get(), &Session::directMessageReceived);
    QSignalSpy older(carol.session.get(), &Session::olderMessagesLoaded);
    QVERIFY(carol.start(server.url()));
    QTRY_COMPARE(directs.size(), 30);
    QCOMPARE(carol.session->watermark("@bob"), 30);
    carol.session->store().clearRoomHistory("@bob"); // as if the cache had only the newest
    carol.session->loadOlder("@bob", 11, 5);
    QTRY_COMPARE(older.size(), 1);
    QCOMPARE(older.at(0).at(0).toString(), QStringLiteral("@bob"));
    const auto page = older.at(0).at(1).value<QList<ChatMessage>>();
    QCOMPARE(page.size(), 5);
    QCOMPARE(page.first().seq, 6);
    QCOMPARE(page.last().text, QStringLiteral("old 10"));
    QCOMPARE(page.last().room, QStringLiteral("@bob"));
    QVERIFY(older.at(0).at(2).toBool());
}

QTEST_MAIN(DirectHistoryTest)
#include "tst_directhistory.moc"
