// Replies, edits, deletes, reactions, read markers and search through the client core: the real
// server, real Sessions and the ChatController that feeds the models the window shows. What the
// user does reaches the others (and their caches) exactly once, also when done offline; what
// the server refuses comes back as a sentence; read markers keep unread counts right on every
// device; search fills the SearchModel.
#include "ClientApp.h"
#include "FaultProxy.h"
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "models/ChatController.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;
using namespace sb::test;
using sb::protocol::Envelope;
namespace T = sb::protocol::MessageType;
using Role = MessageListModel::Role;

namespace {

const QString General = QStringLiteral("general");

// One user's app without its window: connection, session, controller, and the models' testers.
struct ChatApp : ClientApp
{
    ChatApp(const QString &user, const QString &dir)
        : ClientApp(user, dir)
        , controller(*session)
    {
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
                 controller.messages(), controller.rooms(), controller.searchResults()})
            new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::Fatal, &controller);
    }
    MessageListModel &messages() { return *controller.messages(); }
    // The value of `role` on the row of `seq` in the open conversation.
    QVariant at(qint64 seq, int role)
    {
        const int row = messages().rowForSeq(seq);
        return row < 0 ? QVariant() : messages().data(messages().index(row), role);
    }
    // The seq of the newest row with `text` in the open conversation; 0 when there is none.
    qint64 seqOf(const QString &text)
    {
        for (int row = messages().rowCount() - 1; row >= 0; --row) {
            if (messages().message(row).text == text)
                return messages().message(row).seq;
        }
        return 0;
    }
    bool join(const QString &room)
    {
        controller.joinRoom(room);
        return QTest::qWaitFor([&] { return session->isActive(room); }, 5000);
    }

    ChatController controller;
};

// Every change bob's raw client received, as "edit 4", "react 3 👍", … in arrival order.
QStringList changesHeard(TestClient &client)
{
    QStringList heard;
    for (const Envelope &e : client.takeAll(T::ChatChange)) {
        const QJsonObject &p = e.payload;
        heard.append(QStringLiteral("%1 %2 %3").arg(p.value("change").toString()).arg(p.value("target").toInteger())
                         .arg(p.value("text").toString() + p.value("emoji").toString()).trimmed());
    }
    return heard;
}

QJsonObject historyEntry(const QUrl &url, qint64 seq)
{
    TestClient reader;
    if (!reader.open(url))
        return {};
    reader.hello("reader");
    const Envelope page = reader.request(T::HistoryGet, {{"room", General}, {"limit", 200}});
    for (const QJsonValue &m : page.payload.value("messages").toArray()) {
        if (m.toObject().value("seq").toInteger() == seq)
            return m.toObject();
    }
    return {};
}

QStringList reactionUsers(ChatApp &app, qint64 seq, const QString &emoji)
{
    for (const QVariant &reaction : app.at(seq, Role::ReactionsRole).toList()) {
        if (reaction.toMap().value("emoji").toString() == emoji)
            return reaction.toMap().value("users").toStringList();
    }
    return {};
}

} // namespace

class MessageActionsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void aReplyCarriesTheQuoteToEveryone();
    void editsAndDeletesReachTheOtherClientAndItsCache();
    void reactionsToggleAndCount();
    void theServerRefusesAnEditOfAnothersMessage();
    void anAdminMayDeleteAnyonesMessageInARoom();
    void changesMadeOfflineApplyOnceAfterTheReconnect();
    void aChangeWhoseAckWasLostIsAppliedOnce();
    void aChangeQueuedOfflineSurvivesAnAppRestart();
    void aDmDeletedWhileAwayLeavesTheCacheOnReturn();
    void readingOnOneDeviceClearsTheUnreadCountOnTheOther();
    void aDirectConversationShowsHowFarThePeerRead();
    void searchFillsTheSearchModelAndANewerQueryWins();
    void jumpToLoadsTheHistoryAroundAnOldMessage();
    void memberNamesCompleteTheOpenRoom();

private:
    QString dir(const QString &name) { return m_dir.filePath(QStringLiteral("%1-%2").arg(QTest::currentTestFunction(), name)); }
    std::unique_ptr<TestClient> bobInGeneral(const QUrl &url);
    // alice's app on its store `name`, through `proxy` (listening), in #general.
    std::unique_ptr<ChatApp> aliceThrough(FaultProxy &proxy, const QString &name = QStringLiteral("alice"));
    // The link goes down and stays down until the proxy passes again.
    static bool cutOff(FaultProxy &proxy, ChatApp &app);
    qint64 bobSays(const QString &text);

    QTemporaryDir m_dir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_bob;
};

void MessageActionsTest::initTestCase()
{
    qRegisterMetaType<QList<ChatMessage>>();
    qRegisterMetaType<MessageChange>();
}

void MessageActionsTest::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
    m_bob = bobInGeneral(m_server->url());
    QVERIFY(m_bob);
}

void MessageActionsTest::cleanup()
{
    m_bob.reset();
    m_server.reset();
}

std::unique_ptr<TestClient> MessageActionsTest::bobInGeneral(const QUrl &url)
{
    auto bob = TestClient::connectAs(url, "bob");
    if (!bob || bob->request(T::RoomJoin, inRoom(General)).type != T::Ack)
        return nullptr;
    return bob;
}

std::unique_ptr<ChatApp> MessageActionsTest::aliceThrough(FaultProxy &proxy, const QString &name)
{
    auto alice = std::make_unique<ChatApp>("alice", dir(name));
    if (!alice->start(proxy.url()) || !alice->join(General))
        return nullptr;
    return alice;
}

bool MessageActionsTest::cutOff(FaultProxy &proxy, ChatApp &app)
{
    proxy.setMode(FaultProxy::Mode::Refuse);
    proxy.dropAll();
    return QTest::qWaitFor([&app] { return !app.session->isLive(); }, 5000);
}

qint64 MessageActionsTest::bobSays(const QString &text)
{
    const Envelope ack = m_bob->request(T::ChatSend, {{"room", General}, {"text", text}});
    return ack.type == T::Ack ? ack.payload.value("seq").toInteger() : -1;
}

void MessageActionsTest::aReplyCarriesTheQuoteToEveryone()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    const qint64 question = bobSays("lunch at noon?");
    QTRY_VERIFY(alice.messages().rowForSeq(question) >= 0);

    alice.controller.send("sure", question);
    const Envelope heard = m_bob->waitFor([](const Envelope &e) {
        return e.type == T::ChatMessage && e.payload.value("text").toString() == "sure";
    });
    const QJsonObject quote = heard.payload.value("reply_to").toObject();
    QCOMPARE(quote.value("seq").toInteger(), question);
    QCOMPARE(quote.value("from").toString(), QStringLiteral("bob"));
    QCOMPARE(quote.value("text").toString(), QStringLiteral("lunch at noon?"));

    const qint64 reply = heard.payload.value("seq").toInteger();
    QTRY_COMPARE(alice.at(reply, Role::ReplyToRole).toLongLong(), question);
    QCOMPARE(alice.at(reply, Role::ReplyAuthorRole).toString(), QStringLiteral("bob"));
    QCOMPARE(alice.at(reply, Role::ReplyQuoteRole).toString(), QStringLiteral("lunch at noon?"));
    // The cache keeps the quote: it shows after a restart, before the server answers.
    QCOMPARE(alice.session->cachedMessages(General, 10).constLast().state().replyAuthor, QStringLiteral("bob"));
}

void MessageActionsTest::editsAndDeletesReachTheOtherClientAndItsCache()
{
    ChatApp alice("alice", dir("alice"));
    ChatApp carol("carol", dir("carol"));
    QVERIFY(alice.start(m_server->url()) && carol.start(m_server->url()));
    QVERIFY(alice.join(General) && carol.join(General));
    alice.controller.send("my secret plan");
    QTRY_VERIFY(carol.seqOf("my secret plan") > 0);
    const qint64 seq = carol.seqOf("my secret plan");
    QTRY_VERIFY(alice.controller.canEdit(seq));
    QVERIFY(!carol.controller.canEdit(seq));
    QVERIFY(!carol.controller.canDelete(seq));
    QCOMPARE(alice.controller.lastEditableOwnSeq(), seq);
    carol.controller.send("nice", seq); // a reply that quotes it

    alice.controller.editMessage(seq, "my secret plan, refined");
    QTRY_COMPARE(carol.at(seq, Role::TextRole).toString(), QStringLiteral("my secret plan, refined"));
    QVERIFY(carol.at(seq, Role::EditedAtRole).toDateTime().isValid());
    QTRY_VERIFY(!alice.at(seq, Role::ChangePendingRole).toBool());
    QCOMPARE(alice.at(seq, Role::TextRole).toString(), QStringLiteral("my secret plan, refined"));
    QCOMPARE(carol.session->cachedMessages(General, 10).constFirst().text, QStringLiteral("my secret plan, refined"));
    const qint64 reply = carol.seqOf("nice");
    QTRY_COMPARE(carol.at(reply, Role::ReplyQuoteRole).toString(), QStringLiteral("my secret plan"));

    alice.controller.deleteMessage(seq);
    QTRY_VERIFY(carol.at(seq, Role::DeletedRole).toBool());
    QCOMPARE(carol.at(seq, Role::TextRole).toString(), QString());
    QCOMPARE(carol.at(reply, Role::ReplyQuoteRole).toString(), QString()); // the quote of it goes too
    QVERIFY(!alice.controller.canEdit(seq));
    QVERIFY(!alice.controller.canDelete(seq));
    QCOMPARE(alice.controller.lastEditableOwnSeq(), 0);
    // Gone from the other client's cache, not only from its screen.
    for (ChatApp *app : {&alice, &carol}) {
        QTRY_VERIFY(app->session->cachedMessages(General, 10).constFirst().isDeleted());
        QCOMPARE(app->session->searchCache(General, "secret").size(), 0);
        QCOMPARE(app->session->cachedMessages(General, 10).constLast().state().replyQuote, QString());
    }
    // Opening the room again shows it from the cache as it is now.
    carol.controller.openConversation(General);
    QVERIFY(carol.at(seq, Role::DeletedRole).toBool());
}

void MessageActionsTest::reactionsToggleAndCount()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    const qint64 seq = bobSays("pizza?");
    QTRY_VERIFY(alice.messages().rowForSeq(seq) >= 0);

    alice.controller.toggleReaction(seq, "🍕");
    QTRY_COMPARE(historyEntry(m_server->url(), seq).value("reactions").toArray().size(), 1);
    QCOMPARE(m_bob->request(T::ChatReact, {{"room", General}, {"seq", seq}, {"emoji", "🍕"}}).type, T::Ack);
    QTRY_COMPARE(reactionUsers(alice, seq, "🍕"), QStringList({"alice", "bob"}));
    const QVariantMap pizza = alice.at(seq, Role::ReactionsRole).toList().at(0).toMap();
    QCOMPARE(pizza.value("count").toInt(), 2);
    QCOMPARE(pizza.value("mine").toBool(), true);

    alice.controller.toggleReaction(seq, "🍕"); // mine: taken away
    QTRY_COMPARE(reactionUsers(alice, seq, "🍕"), QStringList{"bob"});
    QCOMPARE(alice.at(seq, Role::ReactionsRole).toList().at(0).toMap().value("mine").toBool(), false);
    QTRY_VERIFY(!alice.at(seq, Role::ChangePendingRole).toBool());
    const QJsonArray stored = historyEntry(m_server->url(), seq).value("reactions").toArray();
    QCOMPARE(stored.at(0).toObject().value("users").toArray(), QJsonArray{"bob"});
    QCOMPARE(stored.at(0).toObject().value("count").toInt(), 1);
    QVERIFY(m_bob->sync());
    QCOMPARE(changesHeard(*m_bob), QStringList({"react " + QString::number(seq) + " 🍕",
                                                "react " + QString::number(seq) + " 🍕",
                                                "unreact " + QString::number(seq) + " 🍕"}));
}

void MessageActionsTest::theServerRefusesAnEditOfAnothersMessage()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    const qint64 seq = bobSays("mine, not yours");
    QTRY_VERIFY(alice.messages().rowForSeq(seq) >= 0);
    QSignalSpy refused(&alice.controller, &ChatController::changeRefused);

    // The controller knows the rule and does not ask.
    QVERIFY(!alice.controller.canEdit(seq));
    alice.controller.editMessage(seq, "yours now");
    QCOMPARE(refused.count(), 1);
    QCOMPARE(alice.session->outbox().depth(), 0);

    // Asked anyway (a stale view): the server's forbidden comes back as a sentence, the pending
    // edit goes, nothing was stored.
    alice.session->editMessage(General, seq, "yours now");
    QVERIFY(alice.at(seq, Role::ChangePendingRole).toBool());
    QCOMPARE(alice.at(seq, Role::TextRole).toString(), QStringLiteral("yours now"));
    QTRY_COMPARE(refused.count(), 2);
    QVERIFY(refused.at(1).at(0).toString().contains("not edited"));
    QCOMPARE(alice.session->outbox().depth(), 0);
    QVERIFY(!alice.at(seq, Role::ChangePendingRole).toBool());
    QCOMPARE(alice.at(seq, Role::TextRole).toString(), QStringLiteral("mine, not yours"));
    QCOMPARE(historyEntry(m_server->url(), seq).value("text").toString(), QStringLiteral("mine, not yours"));

    // A reaction that is no emoji: invalid_argument, the same way.
    alice.session->react(General, seq, "like", true);
    QTRY_COMPARE(refused.count(), 3);
    QVERIFY(alice.at(seq, Role::ReactionsRole).toList().isEmpty());
}

void MessageActionsTest::anAdminMayDeleteAnyonesMessageInARoom()
{
    const QByteArray secret = "e2e-actions-secret-0123456789abcdef";
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = secret;
    TestServer server(config);
    QVERIFY(server.isRunning());
    const auto token = [&secret](const QString &user, const QString &role) {
        QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}};
        if (!role.isEmpty())
            claims.insert("role", role);
        return QString::fromLatin1(sb::server::Jwt::sign(claims, secret));
    };
    ChatApp root("root", dir("root"));
    ChatApp carol("carol", dir("carol"));
    root.connection->setIdentity({"root", token("root", "admin"), "root-pc", "test"});
    carol.connection->setIdentity({"carol", token("carol", {}), "carol-pc", "test"});
    QVERIFY(root.start(server.url()) && carol.start(server.url()));
    QVERIFY(root.join(General) && carol.join(General));
    carol.controller.send("spam");
    QTRY_VERIFY(root.seqOf("spam") > 0);
    const qint64 seq = root.seqOf("spam");
    QVERIFY(root.session->isAdmin());
    QVERIFY(!root.controller.canEdit(seq));
    QVERIFY(root.controller.canDelete(seq));
    root.controller.deleteMessage(seq);
    QTRY_VERIFY(carol.at(seq, Role::DeletedRole).toBool());
    QVERIFY(!carol.session->isAdmin());
}

void MessageActionsTest::changesMadeOfflineApplyOnceAfterTheReconnect()
{
    FaultProxy proxy(m_server->server().port());
    QVERIFY(proxy.listen());
    const auto app = aliceThrough(proxy);
    QVERIFY(app);
    ChatApp &alice = *app;
    const qint64 bobs = bobSays("anyone?");
    alice.controller.send("helo");
    QTRY_VERIFY(alice.seqOf("helo") > 0 && alice.messages().rowForSeq(bobs) >= 0);
    const qint64 mine = alice.seqOf("helo");
    QTRY_COMPARE(alice.session->outbox().depth(), 0);
    QVERIFY(m_bob->sync());
    m_bob->takeAll(T::ChatMessage);

    QVERIFY(cutOff(proxy, alice));
    alice.controller.editMessage(mine, "hello");
    alice.controller.toggleReaction(bobs, "👋");
    alice.controller.toggleReaction(bobs, "🙈");
    alice.controller.toggleReaction(bobs, "🙈"); // taken back before it ever went out
    QCOMPARE(alice.session->outbox().depth(), 2);
    // Pending, and shown as the user meant them.
    QVERIFY(alice.at(mine, Role::ChangePendingRole).toBool());
    QCOMPARE(alice.at(mine, Role::TextRole).toString(), QStringLiteral("hello"));
    QVERIFY(alice.at(bobs, Role::ChangePendingRole).toBool());
    QCOMPARE(reactionUsers(alice, bobs, "👋"), QStringList{"alice"});
    QVERIFY(reactionUsers(alice, bobs, "🙈").isEmpty());

    proxy.setMode(FaultProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 10000);
    QTRY_VERIFY(!alice.at(mine, Role::ChangePendingRole).toBool() && !alice.at(bobs, Role::ChangePendingRole).toBool());
    QCOMPARE(alice.at(mine, Role::TextRole).toString(), QStringLiteral("hello"));
    QCOMPARE(reactionUsers(alice, bobs, "👋"), QStringList{"alice"});
    QVERIFY(m_bob->sync());
    QCOMPARE(changesHeard(*m_bob), QStringList({QStringLiteral("edit %1 hello").arg(mine),
                                                QStringLiteral("react %1 👋").arg(bobs)}));
    QCOMPARE(historyEntry(m_server->url(), mine).value("text").toString(), QStringLiteral("hello"));
}

void MessageActionsTest::aChangeWhoseAckWasLostIsAppliedOnce()
{
    FaultProxy proxy(m_server->server().port());
    QVERIFY(proxy.listen());
    const auto app = aliceThrough(proxy);
    QVERIFY(app);
    ChatApp &alice = *app;
    const qint64 seq = bobSays("vote here");
    QTRY_VERIFY(alice.messages().rowForSeq(seq) >= 0);

    proxy.setMode(FaultProxy::Mode::OneWay); // the server gets the reaction; its ack never returns
    alice.controller.toggleReaction(seq, "✅");
    QTRY_COMPARE(historyEntry(m_server->url(), seq).value("reactions").toArray().size(), 1);
    QCOMPARE(alice.session->outbox().depth(), 1); // no ack yet: still pending
    QVERIFY(alice.at(seq, Role::ChangePendingRole).toBool());
    proxy.dropAll();
    proxy.setMode(FaultProxy::Mode::Pass);

    // Resent with the same id after the reconnect: the server dedupes it.
    QTRY_COMPARE_WITH_TIMEOUT(alice.session->outbox().depth(), 0, 10000);
    QTRY_VERIFY(!alice.at(seq, Role::ChangePendingRole).toBool());
    QCOMPARE(reactionUsers(alice, seq, "✅"), QStringList{"alice"});
    QVERIFY(m_bob->sync());
    QCOMPARE(changesHeard(*m_bob), QStringList{QStringLiteral("react %1 ✅").arg(seq)});
    QCOMPARE(historyEntry(m_server->url(), seq).value("reactions").toArray().at(0).toObject().value("count").toInt(), 1);
}

void MessageActionsTest::aChangeQueuedOfflineSurvivesAnAppRestart()
{
    FaultProxy proxy(m_server->server().port());
    QVERIFY(proxy.listen());
    qint64 seq = 0;
    {
        const auto app = aliceThrough(proxy);
        QVERIFY(app);
        ChatApp &alice = *app;
        alice.controller.send("typo");
        QTRY_VERIFY(alice.seqOf("typo") > 0);
        seq = alice.seqOf("typo");
        QTRY_COMPARE(alice.session->outbox().depth(), 0);
        QVERIFY(cutOff(proxy, alice));
        alice.controller.editMessage(seq, "fixed");
        alice.controller.markRead(seq);
        QTRY_COMPARE(alice.session->outbox().depth(), 2); // the read marker after its debounce
    } // the app quits with both unsent

    proxy.setMode(FaultProxy::Mode::Pass);
    ChatApp again("alice", dir("alice"));
    QVERIFY(again.start(proxy.url()));
    QCOMPARE(again.session->outbox().depth(), 2);
    again.controller.openConversation(General);
    QVERIFY(again.at(seq, Role::ChangePendingRole).toBool()); // still pending, from the store
    QTRY_COMPARE_WITH_TIMEOUT(again.session->outbox().depth(), 0, 10000);
    QTRY_COMPARE(again.at(seq, Role::TextRole).toString(), QStringLiteral("fixed"));
    QCOMPARE(historyEntry(m_server->url(), seq).value("text").toString(), QStringLiteral("fixed"));
    QTRY_COMPARE(again.session->readMarkers().marker(General), seq);
}

void MessageActionsTest::aDmDeletedWhileAwayLeavesTheCacheOnReturn()
{
    FaultProxy proxy(m_server->server().port());
    QVERIFY(proxy.listen());
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(proxy.url()));
    QTRY_VERIFY(alice.session->isLive());
    const Envelope sent = m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "the door code is 4711"}});
    const qint64 seq = sent.payload.value("seq").toInteger();
    for (const char *text : {"see you", "at eight"})
        QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", text}}).type, T::Ack);
    alice.controller.openDirect("bob");
    QTRY_COMPARE(alice.session->cachedMessages("@bob", 10).size(), 3);
    QTRY_VERIFY(alice.messages().rowForSeq(seq) >= 0);

    QVERIFY(cutOff(proxy, alice));
    // While alice is away: DMs have no replay, so these reach her only folded into pages, and
    // the page that fills the two seqs she missed holds the newest two messages, not the first.
    QCOMPARE(m_bob->request(T::DmDelete, {{"to", "alice"}, {"seq", seq}}).type, T::Ack);
    QCOMPARE(m_bob->request(T::DmReact, {{"to", "alice"}, {"seq", seq + 1}, {"emoji", "👋"}}).type, T::Ack);
    proxy.setMode(FaultProxy::Mode::Pass);

    QTRY_VERIFY_WITH_TIMEOUT(alice.at(seq, Role::DeletedRole).toBool(), 10000);
    QTRY_COMPARE(reactionUsers(alice, seq + 1, "👋"), QStringList{"bob"});
    QVERIFY(alice.session->cachedMessages("@bob", 10).constFirst().isDeleted());
    QCOMPARE(alice.session->searchCache("@bob", "4711").size(), 0);
}

void MessageActionsTest::readingOnOneDeviceClearsTheUnreadCountOnTheOther()
{
    // alice on a laptop and a phone: one guest name, one install id (so one user).
    ChatApp laptop("alice", dir("laptop"));
    ChatApp phone("alice", dir("phone"));
    QVERIFY(laptop.start(m_server->url()) && phone.start(m_server->url()));
    for (ChatApp *device : {&laptop, &phone}) {
        QVERIFY(device->join(General));
        QVERIFY(device->join("random")); // and looking at #random
        QCOMPARE(device->session->user(), QStringLiteral("alice"));
    }
    qint64 last = 0;
    for (int i = 1; i <= 3; ++i)
        last = bobSays(QStringLiteral("news %1").arg(i));
    for (ChatApp *device : {&laptop, &phone})
        QTRY_COMPARE(device->controller.rooms()->unread(General), 3);

    laptop.controller.openConversation(General);
    laptop.controller.markRead(last);
    QTRY_COMPARE(phone.controller.rooms()->unread(General), 0);
    QCOMPARE(phone.controller.rooms()->readMarker(General), last);
    QCOMPARE(phone.controller.rooms()->totalUnread(), 0);

    // Read up to the second only: one stays unread on the phone.
    const qint64 more = bobSays("more news");
    bobSays("and more");
    QTRY_COMPARE(phone.controller.rooms()->unread(General), 2);
    laptop.controller.markRead(more);
    QTRY_COMPARE(phone.controller.rooms()->unread(General), 1);

    // A device that comes later learns the marker from its welcome: only what lies above counts.
    ChatApp tablet("alice", dir("tablet"));
    QVERIFY(tablet.start(m_server->url()));
    QVERIFY(tablet.join("random"));
    tablet.controller.joinRoom(General);
    tablet.controller.openConversation("random");
    QTRY_COMPARE(tablet.controller.rooms()->readMarker(General), more);
    QTRY_COMPARE(tablet.controller.rooms()->unread(General), 1);
}

void MessageActionsTest::aDirectConversationShowsHowFarThePeerRead()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QTRY_VERIFY(alice.session->isLive());
    alice.controller.openDirect("bob");
    alice.controller.send("lunch?");
    const Envelope dm = m_bob->waitForType(T::DmMessage);
    const qint64 seq = dm.payload.value("seq").toInteger();
    QCOMPARE(alice.messages().peerReadSeq(), -1);

    QCOMPARE(m_bob->request(T::DmRead, {{"with", "alice"}, {"seq", seq}}).type, T::Ack);
    QTRY_COMPARE(alice.messages().peerReadSeq(), seq); // "Seen"
    const int row = alice.controller.rooms()->rowOf("@bob");
    QCOMPARE(alice.controller.rooms()->index(row).data(RoomListModel::PeerReadSeqRole).toLongLong(), seq);
    QCOMPARE(alice.session->readMarkers().peerReadSeq("@bob"), seq);
    QCOMPARE(alice.session->readMarkers().marker("@bob"), -1); // bob's reading is not alice's
}

void MessageActionsTest::searchFillsTheSearchModelAndANewerQueryWins()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    const qint64 report = bobSays("The quarterly report is ready");
    bobSays("lunch anyone?");
    QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "report draft attached"}}).type, T::Ack);

    SearchModel *results = alice.controller.searchResults();
    QSignalSpy reset(results, &QAbstractItemModel::modelReset);
    // Typed quickly: the answer to "lunch" comes first and is dropped, "report" shows.
    alice.controller.search("lunch");
    alice.controller.search("report");
    QTRY_COMPARE(results->query(), QStringLiteral("report"));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(results->rowCount(), 2);
    QStringList conversations;
    for (int row = 0; row < results->rowCount(); ++row) {
        const QModelIndex index = results->index(row);
        conversations.append(index.data(SearchModel::ConversationRole).toString());
        QVERIFY(index.data(SearchModel::SnippetRole).toString().contains(u'\u0002'));
        QVERIFY(index.data(SearchModel::TimestampRole).toDateTime().isValid());
        if (index.data(SearchModel::ConversationRole).toString() == General) {
            QCOMPARE(index.data(SearchModel::RoomRole).toString(), General);
            QCOMPARE(index.data(SearchModel::SeqRole).toLongLong(), report);
            QCOMPARE(index.data(SearchModel::AuthorRole).toString(), QStringLiteral("bob"));
        } else {
            QCOMPARE(index.data(SearchModel::RoomRole).toString(), QString());
        }
    }
    conversations.sort();
    QCOMPARE(conversations, QStringList({"@bob", General}));

    alice.controller.search("  ");
    QCOMPARE(results->rowCount(), 0);
    QSignalSpy failed(&alice.controller, &ChatController::searchFailed);
    alice.session->stop();
    alice.controller.search("report");
    QCOMPARE(failed.count(), 1); // offline: said at once
}

void MessageActionsTest::jumpToLoadsTheHistoryAroundAnOldMessage()
{
    for (int i = 1; i <= 120; ++i)
        QVERIFY(bobSays(QStringLiteral("m%1").arg(i)) > 0);
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    QTRY_COMPARE(alice.messages().newestSeq(), 120);
    QVERIFY(alice.messages().rowForSeq(10) < 0); // only the newest page is loaded
    QSignalSpy ready(&alice.controller, &ChatController::jumpReady);
    alice.controller.jumpTo(10);
    QVERIFY(ready.wait());
    QCOMPARE(ready.at(0).at(0).toLongLong(), 10);
    QCOMPARE(alice.at(10, Role::TextRole).toString(), QStringLiteral("m10"));
    alice.controller.jumpTo(118); // loaded: at once
    QCOMPARE(ready.count(), 2);
    QCOMPARE(ready.at(1).at(0).toLongLong(), 118);
}

void MessageActionsTest::memberNamesCompleteTheOpenRoom()
{
    ChatApp alice("alice", dir("alice"));
    QVERIFY(alice.start(m_server->url()));
    QVERIFY(alice.join(General));
    QTRY_COMPARE(alice.controller.memberNames(), QStringList{"bob"});
    alice.controller.openDirect("carol");
    QCOMPARE(alice.controller.memberNames(), QStringList{"carol"});
}

QTEST_GUILESS_MAIN(MessageActionsTest)
#include "tst_messageactions.moc"
