// Replies, edits, deletes and reactions end to end (docs/protocol.md, "Replies, edits, deletes
// and reactions"): each rule and its bad inputs, which store nothing and broadcast nothing; each
// change is an event of the stream with its own seq (live, on resume, in history folded into
// its message), in rooms and DMs; deleted text leaves the SQLite file.
#include "ClientApp.h"
#include "DatabaseFile.h"
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

const QString Room = QStringLiteral("general");
const QByteArray Secret = "e2e-changes-secret-0123456789abcdef";

QJsonObject at(qint64 seq, QJsonObject payload = {})
{
    payload.insert("room", Room);
    payload.insert("seq", seq);
    return payload;
}

// Counts the history pages (rooms and DMs) `connection` receives: one per request it made.
void countHistoryReplies(sb::client::ConnectionManager &connection, int &count)
{
    QObject::connect(&connection, &sb::client::ConnectionManager::envelopeReceived, &connection,
                     [&count](const Envelope &e) {
                         if (e.type == T::History || e.type == T::DmHistory)
                             ++count;
                     });
}

QString token(const QString &user, const QString &role = {})
{
    QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 3600}};
    if (!role.isEmpty())
        claims.insert("role", role);
    return QString::fromLatin1(sb::server::Jwt::sign(claims, Secret));
}

} // namespace

class ChangesTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void replyCarriesTheQuoteAsStored();
    void replyToABadTargetIsRefused_data();
    void replyToABadTargetIsRefused();
    void authorEditsAndHistoryShowsTheNewText();
    void editingAnothersMessageIsForbidden();
    void deleteLeavesATombstoneAndTheTextLeavesTheStore();
    void anAdminMayDeleteAnyonesMessageOthersMayNot();
    void aDeletedMessageTakesNoMoreChanges();
    void reactionsCountWhoReacted();
    void aReactionMustBeOneEmoji_data();
    void aReactionMustBeOneEmoji();
    void aMessageTakesAtMostTwentyDistinctReactions();
    void reactingTwiceOrRemovingAnothersReactionIsRefused();
    void aRetriedChangeIsAckedAsADuplicate();
    void aChangeNeedsTheRoomJoined();
    void resumeReplaysChangesInSeqOrder();
    void historyAroundOpensAPageAroundASeq();
    void directMessagesTakeTheSameChanges();
    void todaysClientStepsOverTheChangesItIgnores();

private:
    // The history entry of the message `seq` (its state folded in), empty when the page has none.
    QJsonObject historyEntry(qint64 seq);
    // Nothing reached bob since the last check (after a round trip, so anything sent arrived).
    bool bobHeardNothing();
    // Sends to the room and waits for the message to reach alice and, while he is in the room, bob.
    qint64 send(TestClient &client, const QString &text, QJsonObject extra = {});
    Envelope change(TestClient &client, const QString &type, const QJsonObject &payload, const QString &id = {});

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestClient> m_alice, m_bob;
    QString m_epoch; // the room's, from the joins
    bool m_bobInRoom = true;
};

void ChangesTest::init()
{
    m_bobInRoom = true;
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
    m_alice = TestClient::connectAs(m_server->url(), "alice");
    m_bob = TestClient::connectAs(m_server->url(), "bob");
    QVERIFY(m_alice && m_bob);
    for (TestClient *c : {m_alice.get(), m_bob.get()}) {
        const Envelope joined = c->request(T::RoomJoin, inRoom(Room));
        QCOMPARE(joined.type, T::Ack);
        m_epoch = joined.payload.value("epoch").toString();
    }
    QVERIFY(m_alice->sync() && m_bob->sync());
}

void ChangesTest::cleanup()
{
    m_alice.reset();
    m_bob.reset();
    m_server.reset();
}

qint64 ChangesTest::send(TestClient &client, const QString &text, QJsonObject extra)
{
    extra.insert("room", Room);
    extra.insert("text", text);
    const Envelope ack = client.request(T::ChatSend, extra);
    if (ack.type != T::Ack)
        return -1;
    // Both hear it; keep the inboxes for what the test is about.
    m_alice->waitForType(T::ChatMessage);
    if (m_bobInRoom)
        m_bob->waitForType(T::ChatMessage);
    return ack.payload.value("seq").toInteger();
}

Envelope ChangesTest::change(TestClient &client, const QString &type, const QJsonObject &payload,
                             const QString &id)
{
    return client.request(type, payload, id);
}

QJsonObject ChangesTest::historyEntry(qint64 seq)
{
    const Envelope page = m_alice->request(T::HistoryGet, {{"room", Room}, {"limit", 200}});
    for (const QJsonValue &m : page.payload.value("messages").toArray()) {
        if (m.toObject().value("seq").toInteger() == seq)
            return m.toObject();
    }
    return {};
}

bool ChangesTest::bobHeardNothing()
{
    if (!m_bob->sync())
        return false;
    const bool quiet = m_bob->count(T::ChatMessage) == 0 && m_bob->count(T::ChatChange) == 0;
    m_bob->takeAll(T::ChatMessage);
    m_bob->takeAll(T::ChatChange);
    return quiet;
}

void ChangesTest::replyCarriesTheQuoteAsStored()
{
    const QString longText = QString(150, u'x') + QStringLiteral("TAIL");
    const qint64 original = send(*m_alice, longText);
    QVERIFY(original > 0);
    QCOMPARE(m_bob->request(T::ChatSend, {{"room", Room}, {"text", "agreed"}, {"reply_to", original}}).type,
             T::Ack);
    const Envelope live = m_alice->waitForType(T::ChatMessage);
    const QJsonObject quote = live.payload.value("reply_to").toObject();
    QCOMPARE(quote.value("seq").toInteger(), original);
    QCOMPARE(quote.value("from").toString(), QStringLiteral("alice"));
    QVERIFY(quote.value("text").toString().startsWith(QString(140, u'x')));
    QVERIFY(!quote.value("text").toString().contains("TAIL"));
    const qint64 reply = live.payload.value("seq").toInteger();

    // The quote is what the original said when the reply was stored, edits later or not.
    QCOMPARE(change(*m_alice, T::ChatEdit, at(original, {{"text", "changed my mind"}})).type, T::Ack);
    const QJsonObject stored = historyEntry(reply).value("reply_to").toObject();
    QCOMPARE(stored.value("text").toString(), quote.value("text").toString());
}

void ChangesTest::replyToABadTargetIsRefused_data()
{
    QTest::addColumn<int>("offset"); // from the room's last seq at the time
    QTest::addColumn<QString>("code");
    QTest::newRow("beyond the last seq") << 5 << "invalid_argument";
    QTest::newRow("a change's seq") << 0 << "not_found";
}

void ChangesTest::replyToABadTargetIsRefused()
{
    QFETCH(int, offset);
    QFETCH(QString, code);
    const qint64 first = send(*m_alice, "first");
    const qint64 edit = change(*m_alice, T::ChatEdit, at(first, {{"text", "first!"}})).payload.value("seq").toInteger();
    QVERIFY(edit > first);
    m_bob->waitForType(T::ChatChange);
    const Envelope refused =
        m_bob->request(T::ChatSend, {{"room", Room}, {"text", "re"}, {"reply_to", edit + offset}});
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), code);
    QVERIFY(bobHeardNothing());
    const Envelope page = m_alice->request(T::HistoryGet, inRoom(Room));
    QCOMPARE(seqsOf(page), QList<qint64>{first}); // nothing stored
}

void ChangesTest::authorEditsAndHistoryShowsTheNewText()
{
    const qint64 seq = send(*m_alice, "helo");
    const Envelope ack = change(*m_alice, T::ChatEdit, at(seq, {{"text", "hello"}}));
    QCOMPARE(ack.type, T::Ack);
    const qint64 editSeq = ack.payload.value("seq").toInteger();
    QCOMPARE(editSeq, seq + 1); // a seq of its own in the room's stream
    for (TestClient *c : {m_alice.get(), m_bob.get()}) {
        const Envelope live = c->waitForType(T::ChatChange);
        QCOMPARE(live.payload.value("change").toString(), QStringLiteral("edit"));
        QCOMPARE(live.payload.value("target").toInteger(), seq);
        QCOMPARE(live.payload.value("seq").toInteger(), editSeq);
        QCOMPARE(live.payload.value("text").toString(), QStringLiteral("hello"));
        QCOMPARE(live.payload.value("from").toString(), QStringLiteral("alice"));
    }
    const QJsonObject entry = historyEntry(seq);
    QCOMPARE(entry.value("text").toString(), QStringLiteral("hello"));
    QCOMPARE(entry.value("edited_ts").toInteger(), ack.payload.value("ts").toInteger());
    // The page holds messages only: the edit's seq is not an entry.
    QCOMPARE(seqsOf(m_alice->request(T::HistoryGet, inRoom(Room))), QList<qint64>{seq});
}

void ChangesTest::editingAnothersMessageIsForbidden()
{
    const qint64 seq = send(*m_alice, "mine");
    const Envelope refused = change(*m_bob, T::ChatEdit, at(seq, {{"text", "yours now"}}));
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("forbidden"));
    QVERIFY(bobHeardNothing());
    QCOMPARE(historyEntry(seq).value("text").toString(), QStringLiteral("mine"));
    QVERIFY(!historyEntry(seq).contains("edited_ts"));
    // Nothing took a seq: the next message follows directly.
    QCOMPARE(send(*m_alice, "next"), seq + 1);
}

void ChangesTest::deleteLeavesATombstoneAndTheTextLeavesTheStore()
{
    const qint64 seq = send(*m_alice, "my secret plan");
    QCOMPARE(change(*m_alice, T::ChatEdit, at(seq, {{"text", "my secret plan, edited"}})).type, T::Ack);
    QCOMPARE(m_bob->request(T::ChatSend, {{"room", Room}, {"text", "nice"}, {"reply_to", seq}}).type, T::Ack);
    QCOMPARE(change(*m_bob, T::ChatReact, at(seq, {{"emoji", "👍"}})).type, T::Ack);
    for (TestClient *c : {m_alice.get(), m_bob.get()}) {
        QVERIFY(c->sync());
        c->takeAll(T::ChatMessage);
        c->takeAll(T::ChatChange);
    }

    const Envelope ack = change(*m_alice, T::ChatDelete, at(seq));
    QCOMPARE(ack.type, T::Ack);
    const Envelope live = m_bob->waitForType(T::ChatChange);
    QCOMPARE(live.payload.value("change").toString(), QStringLiteral("delete"));
    QCOMPARE(live.payload.value("target").toInteger(), seq);
    QVERIFY(!live.payload.contains("text"));

    const QJsonObject tombstone = historyEntry(seq);
    QCOMPARE(tombstone.value("deleted").toBool(), true);
    QCOMPARE(tombstone.value("text").toString(), QString());
    QVERIFY(!tombstone.contains("reactions"));
    QCOMPARE(historyEntry(seq + 2).value("reply_to").toObject().value("text").toString(), QString());

    // Not hidden: gone from every row of the database file (message, edit, quote).
    m_server->server().shutdown(0);
    QCOMPARE(queryHistoryFile(m_server->dataDir(), "SELECT COUNT(*) FROM messages WHERE text LIKE '%secret%'"
                                                   " OR reply_text LIKE '%secret%'"),
             0);
    QCOMPARE(queryHistoryFile(m_server->dataDir(), "SELECT COUNT(*) FROM reactions"), 0);
}

void ChangesTest::anAdminMayDeleteAnyonesMessageOthersMayNot()
{
    sb::server::ServerConfig config = TestServer::defaultConfig();
    config.authSecret = Secret;
    TestServer server(config);
    QVERIFY(server.isRunning());
    TestClient root, carol, dave;
    const QList<std::tuple<TestClient *, QString, QString>> people{
        {&root, "root", "admin"}, {&carol, "carol", {}}, {&dave, "dave", {}}};
    for (const auto &[client, user, role] : people) {
        QVERIFY(client->open(server.url()));
        QCOMPARE(client->hello({}, {{"token", token(user, role)}}).type, T::Welcome);
        QCOMPARE(client->request(T::RoomJoin, inRoom(Room)).type, T::Ack);
    }
    const qint64 seq = carol.request(T::ChatSend, {{"room", Room}, {"text", "spam"}}).payload.value("seq").toInteger();
    const Envelope refused = dave.request(T::ChatDelete, at(seq));
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("forbidden"));
    QCOMPARE(root.request(T::ChatDelete, at(seq)).type, T::Ack);
    const Envelope live = carol.waitFor([](const Envelope &e) { return e.type == T::ChatChange; });
    QCOMPARE(live.payload.value("from").toString(), QStringLiteral("root"));
}

void ChangesTest::aDeletedMessageTakesNoMoreChanges()
{
    const qint64 seq = send(*m_alice, "soon gone");
    QCOMPARE(change(*m_alice, T::ChatDelete, at(seq)).type, T::Ack);
    m_bob->waitForType(T::ChatChange);
    const QList<std::pair<QString, QJsonObject>> attempts{
        {T::ChatDelete, at(seq)},
        {T::ChatEdit, at(seq, {{"text", "back"}})},
        {T::ChatReact, at(seq, {{"emoji", "😀"}})},
        {T::ChatSend, {{"room", Room}, {"text", "re"}, {"reply_to", seq}}},
    };
    for (const auto &[type, payload] : attempts) {
        const Envelope refused = m_alice->request(type, payload);
        QCOMPARE(refused.type, T::Error);
        QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("not_found"));
    }
    QVERIFY(bobHeardNothing());
}

void ChangesTest::reactionsCountWhoReacted()
{
    const qint64 seq = send(*m_alice, "lunch?");
    QCOMPARE(change(*m_alice, T::ChatReact, at(seq, {{"emoji", "👍"}})).type, T::Ack);
    QCOMPARE(change(*m_bob, T::ChatReact, at(seq, {{"emoji", "👍"}})).type, T::Ack);
    QCOMPARE(change(*m_bob, T::ChatReact, at(seq, {{"emoji", "🍕"}})).type, T::Ack);
    const Envelope live = m_alice->waitForType(T::ChatChange);
    QCOMPARE(live.payload.value("change").toString(), QStringLiteral("react"));
    QCOMPARE(live.payload.value("emoji").toString(), QStringLiteral("👍"));

    QJsonArray reactions = historyEntry(seq).value("reactions").toArray();
    QCOMPARE(reactions.size(), 2);
    QCOMPARE(reactions.at(0).toObject().value("emoji").toString(), QStringLiteral("👍"));
    QCOMPARE(reactions.at(0).toObject().value("count").toInt(), 2);
    QCOMPARE(reactions.at(0).toObject().value("users").toArray(), QJsonArray({"alice", "bob"}));
    QCOMPARE(reactions.at(1).toObject().value("users").toArray(), QJsonArray({"bob"}));

    const Envelope removed = change(*m_alice, T::ChatReact, at(seq, {{"emoji", "👍"}, {"remove", true}}));
    QCOMPARE(removed.type, T::Ack);
    reactions = historyEntry(seq).value("reactions").toArray();
    QCOMPARE(reactions.at(0).toObject().value("users").toArray(), QJsonArray({"bob"}));
    QCOMPARE(reactions.at(0).toObject().value("count").toInt(), 1);
}

void ChangesTest::aReactionMustBeOneEmoji_data()
{
    QTest::addColumn<QString>("emoji");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("thumbs up") << QStringLiteral("👍") << true;
    QTest::newRow("with a skin tone") << QStringLiteral("👍🏽") << true;
    QTest::newRow("a family (ZWJ sequence)") << QStringLiteral("👨‍👩‍👧") << true;
    QTest::newRow("a flag") << QStringLiteral("🇫🇷") << true;
    QTest::newRow("a keycap") << QStringLiteral("1️⃣") << true;
    QTest::newRow("a heart (BMP)") << QStringLiteral("❤️") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("a letter") << QStringLiteral("a") << false;
    QTest::newRow("a digit") << QStringLiteral("1") << false;
    QTest::newRow("two emoji") << QStringLiteral("👍👍") << false;
    QTest::newRow("emoji and a space") << QStringLiteral("👍 ") << false;
    QTest::newRow("a word") << QStringLiteral("like") << false;
}

void ChangesTest::aReactionMustBeOneEmoji()
{
    QFETCH(QString, emoji);
    QFETCH(bool, accepted);
    const qint64 seq = send(*m_alice, "react to me");
    const Envelope reply = change(*m_bob, T::ChatReact, at(seq, {{"emoji", emoji}}));
    if (accepted) {
        QCOMPARE(reply.type, T::Ack);
        return;
    }
    QCOMPARE(reply.type, T::Error);
    QCOMPARE(reply.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    QVERIFY(bobHeardNothing());
    QVERIFY(!historyEntry(seq).contains("reactions"));
}

void ChangesTest::aMessageTakesAtMostTwentyDistinctReactions()
{
    const qint64 seq = send(*m_alice, "popular");
    for (int i = 0; i < 20; ++i) {
        const QString emoji = QString::fromUcs4(std::u32string{char32_t(0x1F600 + i)}.c_str());
        QCOMPARE(change(*m_bob, T::ChatReact, at(seq, {{"emoji", emoji}})).type, T::Ack);
    }
    QVERIFY(m_bob->sync());
    m_bob->takeAll(T::ChatChange);
    const Envelope refused = change(*m_bob, T::ChatReact, at(seq, {{"emoji", "🍕"}}));
    QCOMPARE(refused.type, T::Error);
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    QVERIFY(bobHeardNothing());
    // One more user on an emoji already there is no new one.
    QCOMPARE(change(*m_alice, T::ChatReact, at(seq, {{"emoji", "😀"}})).type, T::Ack);
    QCOMPARE(historyEntry(seq).value("reactions").toArray().size(), 20);
}

void ChangesTest::reactingTwiceOrRemovingAnothersReactionIsRefused()
{
    const qint64 seq = send(*m_alice, "hmm");
    QCOMPARE(change(*m_alice, T::ChatReact, at(seq, {{"emoji", "🤔"}})).type, T::Ack);
    m_bob->waitForType(T::ChatChange);
    const Envelope twice = change(*m_alice, T::ChatReact, at(seq, {{"emoji", "🤔"}}));
    QCOMPARE(twice.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    const Envelope notMine = change(*m_bob, T::ChatReact, at(seq, {{"emoji", "🤔"}, {"remove", true}}));
    QCOMPARE(notMine.payload.value("code").toString(), QStringLiteral("not_found"));
    QVERIFY(bobHeardNothing());
}

void ChangesTest::aRetriedChangeIsAckedAsADuplicate()
{
    const qint64 seq = send(*m_alice, "once");
    const Envelope first = change(*m_alice, T::ChatDelete, at(seq), "delete-1");
    QCOMPARE(first.type, T::Ack);
    const Envelope retry = change(*m_alice, T::ChatDelete, at(seq), "delete-1");
    QCOMPARE(retry.type, T::Ack);
    QCOMPARE(retry.payload.value("duplicate").toBool(), true);
    QCOMPARE(retry.payload.value("seq"), first.payload.value("seq"));
    QVERIFY(m_bob->sync());
    QCOMPARE(m_bob->takeAll(T::ChatChange).size(), 1);
    // The id of a change is no id for a message.
    const Envelope reused = m_alice->request(T::ChatSend, {{"room", Room}, {"text", "x"}}, "delete-1");
    QCOMPARE(reused.payload.value("code").toString(), QStringLiteral("invalid_argument"));
}

void ChangesTest::aChangeNeedsTheRoomJoined()
{
    const qint64 seq = send(*m_alice, "members only");
    auto carol = TestClient::connectAs(m_server->url(), "carol");
    QVERIFY(carol);
    const Envelope refused = carol->request(T::ChatReact, at(seq, {{"emoji", "👀"}}));
    QCOMPARE(refused.payload.value("code").toString(), QStringLiteral("forbidden"));
    QVERIFY(bobHeardNothing());
}

void ChangesTest::resumeReplaysChangesInSeqOrder()
{
    const qint64 first = send(*m_alice, "one");
    const qint64 watermark = first;
    QCOMPARE(m_bob->request(T::RoomLeave, inRoom(Room)).type, T::Ack);
    m_bobInRoom = false;
    QCOMPARE(change(*m_alice, T::ChatEdit, at(first, {{"text", "one!"}})).type, T::Ack);
    QCOMPARE(change(*m_alice, T::ChatReact, at(first, {{"emoji", "🎉"}})).type, T::Ack);
    const qint64 second = send(*m_alice, "two");
    QVERIFY(second > 0);

    QVERIFY(m_bob->sync());
    m_bob->takeAll(T::PresenceSnapshot); // the first join's
    const QString id = m_bob->send(T::RoomJoin, {{"room", Room}, {"since", watermark}, {"epoch", m_epoch}});
    QCOMPARE(m_bob->waitForReply(id).type, T::Ack);
    QList<qint64> seqs;
    QStringList types;
    for (;;) {
        const Envelope e = m_bob->waitFor([](const Envelope &x) {
            return x.type == T::ChatMessage || x.type == T::ChatChange || x.type == T::PresenceSnapshot;
        });
        if (e.type == T::PresenceSnapshot || e.type.isEmpty())
            break;
        seqs.append(e.payload.value("seq").toInteger());
        types.append(e.type);
    }
    QCOMPARE(seqs, seqRange(first + 1, first + 3));
    QCOMPARE(types, QStringList({T::ChatChange, T::ChatChange, T::ChatMessage}));
}

void ChangesTest::historyAroundOpensAPageAroundASeq()
{
    QList<qint64> seqs;
    for (int i = 0; i < 10; ++i) {
        seqs.append(send(*m_alice, QStringLiteral("m%1").arg(i)));
        if (i == 4) // a change in the middle: pages count messages, not seqs
            QCOMPARE(change(*m_alice, T::ChatReact, at(seqs.last(), {{"emoji", "⭐"}})).type, T::Ack);
    }
    const Envelope page = m_alice->request(T::HistoryGet, {{"room", Room}, {"around", seqs.at(5)}, {"limit", 4}});
    QCOMPARE(page.type, T::History);
    QCOMPARE(seqsOf(page), (QList<qint64>{seqs.at(4), seqs.at(5), seqs.at(6), seqs.at(7)}));
    QCOMPARE(page.payload.value("has_more").toBool(), true);
    QCOMPARE(page.payload.value("has_newer").toBool(), true);
    const Envelope end = m_alice->request(T::HistoryGet, {{"room", Room}, {"around", seqs.at(8)}, {"limit", 6}});
    QCOMPARE(seqsOf(end), (QList<qint64>{seqs.at(6), seqs.at(7), seqs.at(8), seqs.at(9)}));
    QCOMPARE(end.payload.value("has_newer").toBool(), false);
    const Envelope both = m_alice->request(T::HistoryGet, {{"room", Room}, {"around", 3}, {"before", 5}});
    QCOMPARE(both.payload.value("code").toString(), QStringLiteral("invalid_argument"));
}

void ChangesTest::directMessagesTakeTheSameChanges()
{
    const Envelope sent = m_alice->request(T::DmSend, {{"to", "bob"}, {"text", "psst"}});
    const qint64 seq = sent.payload.value("seq").toInteger();
    m_bob->waitForType(T::DmMessage);
    const Envelope reply = m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "what"}, {"reply_to", seq}});
    QCOMPARE(reply.type, T::Ack);
    QCOMPARE(m_alice->waitFor([](const Envelope &e) { return e.type == T::DmMessage && e.payload.contains("reply_to"); })
                 .payload.value("reply_to").toObject().value("from").toString(),
             QStringLiteral("alice"));

    QCOMPARE(m_alice->request(T::DmEdit, {{"to", "bob"}, {"seq", seq}, {"text", "psst!"}}).type, T::Ack);
    QCOMPARE(m_bob->request(T::DmReact, {{"to", "alice"}, {"seq", seq}, {"emoji", "🤫"}}).type, T::Ack);
    const Envelope forbidden = m_bob->request(T::DmEdit, {{"to", "alice"}, {"seq", seq}, {"text", "mine"}});
    QCOMPARE(forbidden.payload.value("code").toString(), QStringLiteral("forbidden"));
    // In DMs only the author deletes, whatever the role.
    for (TestClient *c : {m_alice.get(), m_bob.get()}) {
        const Envelope edit = c->waitForType(T::DmChange);
        QCOMPARE(edit.payload.value("change").toString(), QStringLiteral("edit"));
        QCOMPARE(edit.payload.value("to").toString(), QStringLiteral("bob"));
        QCOMPARE(c->waitForType(T::DmChange).payload.value("emoji").toString(), QStringLiteral("🤫"));
    }
    const Envelope page = m_alice->request(T::DmHistory, {{"with", "bob"}});
    QCOMPARE(seqsOf(page), (QList<qint64>{seq, seq + 1}));
    const QJsonObject folded = page.payload.value("messages").toArray().at(0).toObject();
    QCOMPARE(folded.value("text").toString(), QStringLiteral("psst!"));
    QVERIFY(folded.value("edited_ts").toInteger() > 0);
    QCOMPARE(folded.value("reactions").toArray().at(0).toObject().value("users").toArray(), QJsonArray({"bob"}));

    QCOMPARE(m_alice->request(T::DmDelete, {{"to", "bob"}, {"seq", seq}}).type, T::Ack);
    QCOMPARE(m_bob->waitForType(T::DmChange).payload.value("change").toString(), QStringLiteral("delete"));
    const QJsonObject tombstone = m_bob->request(T::DmHistory, {{"with", "alice"}})
                                      .payload.value("messages").toArray().at(0).toObject();
    QCOMPARE(tombstone.value("deleted").toBool(), true);
    QCOMPARE(tombstone.value("text").toString(), QString());
}

void ChangesTest::todaysClientStepsOverTheChangesItIgnores()
{
    // The client core as it is today knows no chat.change: the seqs of changes are holes to it.
    // It asks history for each hole once, finds no message there and steps over it; it never
    // loops, and it shows every message once, in order.
    QTemporaryDir store;
    qRegisterMetaType<sb::client::ChatMessage>();
    ClientApp carol("carol", store.path());
    QSignalSpy directs(carol.session.get(), &sb::client::Session::directMessageReceived);
    QSignalSpy opened(carol.connection.get(), &sb::client::ConnectionManager::opened);
    int historyReplies = 0;
    countHistoryReplies(*carol.connection, historyReplies);
    QVERIFY(carol.start(m_server->url()));
    QVERIFY(opened.wait());
    carol.session->joinRoom(Room);
    QTRY_VERIFY(carol.session->isActive(Room));
    const int repliesAtJoin = historyReplies; // the first join loads the newest page

    const qint64 m1 = send(*m_bob, "m1");
    QCOMPARE(change(*m_bob, T::ChatReact, at(m1, {{"emoji", "👍"}})).type, T::Ack);
    QCOMPARE(change(*m_bob, T::ChatEdit, at(m1, {{"text", "m1 edited"}})).type, T::Ack);
    const qint64 m2 = send(*m_bob, "m2");
    QTRY_COMPARE(carol.receivedTexts(Room), QStringList({"m1", "m2"}));
    QTRY_COMPARE(carol.session->watermark(Room), m2);
    QVERIFY(historyReplies - repliesAtJoin <= 1); // one request for the one hole

    QCOMPARE(m_bob->request(T::DmSend, {{"to", "carol"}, {"text", "d1"}}).type, T::Ack);
    QCOMPARE(m_bob->request(T::DmReact, {{"to", "carol"}, {"seq", 1}, {"emoji", "👋"}}).type, T::Ack);
    QCOMPARE(m_bob->request(T::DmSend, {{"to", "carol"}, {"text", "d2"}}).type, T::Ack);
    QTRY_COMPARE(directs.size(), 2);
    QTRY_COMPARE(carol.session->watermark("@bob"), 3);
    const int repliesBeforeRestart = historyReplies;
    QVERIFY(repliesBeforeRestart - repliesAtJoin <= 2);

    // After an app restart: it resumes from its watermark (past the changes), nothing again.
    carol.session.reset();
    carol.connection.reset();
    ClientApp again("carol", store.path());
    QSignalSpy reopened(again.connection.get(), &sb::client::ConnectionManager::opened);
    int repliesAfterRestart = 0;
    countHistoryReplies(*again.connection, repliesAfterRestart);
    QVERIFY(again.start(m_server->url()));
    QVERIFY(reopened.wait());
    again.session->joinRoom(Room);
    QTRY_VERIFY(again.session->isActive(Room));
    QCOMPARE(change(*m_bob, T::ChatReact, at(m2, {{"emoji", "🎉"}})).type, T::Ack);
    const qint64 m3 = send(*m_bob, "m3");
    QTRY_COMPARE(again.receivedTexts(Room), QStringList({"m3"}));
    QTRY_COMPARE(again.session->watermark(Room), m3);
    QVERIFY(repliesAfterRestart <= 1);
    QCOMPARE(again.session->watermark("@bob"), 3);
}

QTEST_GUILESS_MAIN(ChangesTest)
#include "tst_changes.moc"
