// A message's state after it was sent (#18) in the client core: what Parse reads from messages,
// history entries, changes and search hits; ChatMessage::apply as the protocol's "set"
// operations (twice is once, a tombstone takes nothing more); the LocalStore keeping the state,
// applying changes and purging a deleted message's text and the quotes of it, also in a cache
// file an older client made.
#include "client/ChatTypes.h"
#include "client/LocalStore.h"
#include "client/Parse.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using Kind = MessageChange::Kind;

namespace {

ChatMessage plain(qint64 seq, const QString &from, const QString &text)
{
    ChatMessage m;
    m.room = "general";
    m.seq = seq;
    m.from = from;
    m.text = text;
    m.ts = 1000 * seq;
    m.clientId = QStringLiteral("c%1").arg(seq);
    return m;
}

MessageChange change(Kind kind, qint64 target, const QString &from, const QString &value = {}, qint64 ts = 0)
{
    MessageChange c;
    c.room = "general";
    c.seq = target + 100;
    c.target = target;
    c.kind = kind;
    c.from = from;
    (kind == Kind::Edit ? c.text : c.emoji) = value;
    c.ts = ts;
    c.clientId = QStringLiteral("x%1").arg(ts);
    return c;
}

QStringList usersOf(const ChatMessage &m, const QString &emoji)
{
    for (const Reaction &r : m.state().reactions) {
        if (r.emoji == emoji)
            return r.users;
    }
    return {};
}

} // namespace

class MessageStateTest : public QObject
{
    Q_OBJECT

private slots:
    void aPlainMessageCarriesNoState();
    void messagesCarryReplyEditTombstoneAndReactions();
    void changesAreParsedForRoomsAndDirectConversations();
    void searchHitsNameTheirConversation();
    void applyingIsASetOperation();
    void theNewestEditWins();
    void aTombstoneTakesNoMoreChanges();
    void theCacheKeepsStateAndAppliesChanges();
    void aDeleteLeavesTheCacheWithoutItsText();
    void aCacheFileOfAnOlderClientGetsTheNewColumns();
};

void MessageStateTest::aPlainMessageCarriesNoState()
{
    const ChatMessage m = Parse::chatMessage({{"room", "general"}, {"seq", 4}, {"from", "bob"}, {"text", "hi"}});
    QVERIFY(!m.extra); // nothing allocated for the many messages without state
    QVERIFY(!m.hasState());
    QCOMPARE(m.state().replyTo, 0);
    QVERIFY(m.state().reactions.isEmpty());
}

void MessageStateTest::messagesCarryReplyEditTombstoneAndReactions()
{
    const QJsonObject payload{
        {"room", "general"}, {"seq", 9}, {"from", "bob"}, {"text", "agreed!"}, {"ts", 5000},
        {"reply_to", QJsonObject{{"seq", 4}, {"from", "alice"}, {"text", "lunch?"}}},
        {"edited_ts", 6000},
        {"reactions", QJsonArray{QJsonObject{{"emoji", "👍"}, {"count", 2}, {"users", QJsonArray{"alice", "carol"}}}}}};
    const ChatMessage m = Parse::chatMessage(payload);
    QCOMPARE(m.state().replyTo, 4);
    QCOMPARE(m.state().replyAuthor, QStringLiteral("alice"));
    QCOMPARE(m.state().replyQuote, QStringLiteral("lunch?"));
    QCOMPARE(m.state().editedAt, 6000);
    QCOMPARE(m.state().reactions.size(), 1);
    QCOMPARE(m.state().reactions.at(0).count, 2);
    QCOMPARE(usersOf(m, "👍"), QStringList({"alice", "carol"}));

    const ChatMessage tombstone = Parse::chatMessage(
        {{"room", "general"}, {"seq", 3}, {"from", "bob"}, {"text", ""}, {"deleted", true}, {"deleted_ts", 7000}});
    QVERIFY(tombstone.isDeleted());
    const QList<ChatMessage> page = Parse::directHistory(
        {{"with", "bob"}, {"messages", QJsonArray{QJsonObject{{"from", "bob"}, {"to", "alice"}, {"seq", 2}, {"text", "x"}, {"edited_ts", 1}}}}},
        "alice");
    QCOMPARE(page.at(0).room, QStringLiteral("@bob"));
    QCOMPARE(page.at(0).state().editedAt, 1);
}

void MessageStateTest::changesAreParsedForRoomsAndDirectConversations()
{
    const MessageChange edit = Parse::change({{"room", "general"}, {"seq", 44}, {"from", "alice"}, {"ts", 9001},
                                              {"client_id", "e1"}, {"change", "edit"}, {"target", 42}, {"text", "hi bob!"}});
    QCOMPARE(edit.kind, Kind::Edit);
    QCOMPARE(edit.room, QStringLiteral("general"));
    QCOMPARE(edit.seq, 44);
    QCOMPARE(edit.target, 42);
    QCOMPARE(edit.text, QStringLiteral("hi bob!"));
    QCOMPARE(edit.ts, 9001);
    QCOMPARE(edit.clientId, QStringLiteral("e1"));

    const QJsonObject dm{{"from", "bob"}, {"to", "alice"}, {"seq", 5}, {"change", "unreact"}, {"target", 3}, {"emoji", "🤫"}};
    QCOMPARE(Parse::change(dm, "alice").room, QStringLiteral("@bob")); // alice's view: the peer is bob
    QCOMPARE(Parse::change(dm, "bob").room, QStringLiteral("@alice"));
    QCOMPARE(Parse::change(dm, "alice").kind, Kind::Unreact);
    QCOMPARE(Parse::change(dm, "alice").emoji, QStringLiteral("🤫"));
    QCOMPARE(Parse::change({{"room", "general"}, {"seq", 7}, {"change", "pin"}, {"target", 2}}).target, 0); // unknown
}

void MessageStateTest::searchHitsNameTheirConversation()
{
    const QList<SearchHit> hits = Parse::searchHits(
        {{"hits", QJsonArray{QJsonObject{{"room", "general"}, {"seq", 42}, {"from", "alice"}, {"ts", 5}, {"snippet", "a \u0002report\u0003"}},
                             QJsonObject{{"with", "bob"}, {"seq", 1}, {"from", "bob"}, {"ts", 4}, {"snippet", "x"}}}}});
    QCOMPARE(hits.size(), 2);
    QCOMPARE(hits.at(0).conversation, QStringLiteral("general"));
    QCOMPARE(hits.at(0).snippet, QStringLiteral("a \u0002report\u0003"));
    QCOMPARE(hits.at(1).conversation, QStringLiteral("@bob"));
    QCOMPARE(hits.at(1).seq, 1);
}

void MessageStateTest::applyingIsASetOperation()
{
    ChatMessage m = plain(1, "alice", "lunch?");
    const ChatMessage before = m;
    QVERIFY(m.apply(change(Kind::React, 1, "bob", "👍")));
    QVERIFY(!m.apply(change(Kind::React, 1, "bob", "👍"))); // again: nothing more
    QVERIFY(m.apply(change(Kind::React, 1, "carol", "👍")));
    QVERIFY(m.apply(change(Kind::React, 1, "bob", "🍕")));
    QCOMPARE(m.state().reactions.size(), 2);
    QCOMPARE(m.state().reactions.at(0).count, 2);
    QCOMPARE(usersOf(m, "👍"), QStringList({"bob", "carol"}));
    QVERIFY(!before.hasState()); // copies do not share what changed

    QVERIFY(m.apply(change(Kind::Unreact, 1, "bob", "👍")));
    QVERIFY(!m.apply(change(Kind::Unreact, 1, "bob", "👍")));
    QVERIFY(!m.apply(change(Kind::Unreact, 1, "dave", "🍕"))); // not dave's
    QCOMPARE(usersOf(m, "👍"), QStringList({"carol"}));
    QVERIFY(m.apply(change(Kind::Unreact, 1, "bob", "🍕")));
    QCOMPARE(m.state().reactions.size(), 1); // the last user gone, the emoji goes
    QVERIFY(!m.apply(change(Kind::React, 2, "bob", "👍"))); // another message's
}

void MessageStateTest::theNewestEditWins()
{
    ChatMessage m = plain(1, "alice", "helo");
    QVERIFY(m.apply(change(Kind::Edit, 1, "alice", "hello", 2000)));
    QVERIFY(!m.apply(change(Kind::Edit, 1, "alice", "hello", 2000))); // its echo
    QVERIFY(m.apply(change(Kind::Edit, 1, "alice", "hello!", 3000)));
    QVERIFY(!m.apply(change(Kind::Edit, 1, "alice", "hello", 2000))); // an older one, late
    QCOMPARE(m.text, QStringLiteral("hello!"));
    QCOMPARE(m.state().editedAt, 3000);
}

void MessageStateTest::aTombstoneTakesNoMoreChanges()
{
    ChatMessage m = plain(2, "alice", "secret");
    m.editState().replyTo = 1;
    m.editState().replyQuote = "the plan";
    QVERIFY(m.apply(change(Kind::React, 2, "bob", "👍")));
    QVERIFY(m.apply(change(Kind::Delete, 2, "alice")));
    QVERIFY(m.isDeleted());
    QCOMPARE(m.text, QString());
    QVERIFY(m.state().reactions.isEmpty());
    QCOMPARE(m.state().replyQuote, QString());
    QVERIFY(!m.apply(change(Kind::Edit, 2, "alice", "back", 9000)));
    QVERIFY(!m.apply(change(Kind::React, 2, "bob", "😀")));
    QVERIFY(!m.apply(change(Kind::Delete, 2, "alice")));

    ChatMessage reply = plain(3, "bob", "nice");
    reply.editState().replyTo = 2;
    reply.editState().replyQuote = "secret";
    QVERIFY(!reply.forgetQuoteOf(1));
    QVERIFY(reply.forgetQuoteOf(2));
    QCOMPARE(reply.state().replyQuote, QString());
    QCOMPARE(reply.state().replyTo, 2); // still a reply, to a deleted message
}

void MessageStateTest::theCacheKeepsStateAndAppliesChanges()
{
    QTemporaryDir dir;
    LocalStore store;
    QString error;
    QVERIFY2(store.open(dir.filePath("cache.sqlite3"), &error), qPrintable(error));
    ChatMessage original = plain(1, "alice", "lunch?");
    ChatMessage reply = plain(2, "bob", "sure");
    reply.editState().replyTo = 1;
    reply.editState().replyAuthor = "alice";
    reply.editState().replyQuote = "lunch?";
    store.saveMessages({original, reply});
    QVERIFY(store.applyChange(change(Kind::Edit, 1, "alice", "lunch at 1?", 5000)));
    QVERIFY(store.applyChange(change(Kind::React, 1, "bob", "👍")));
    QVERIFY(!store.applyChange(change(Kind::React, 77, "bob", "👍"))); // not cached

    const QList<ChatMessage> cached = store.latestMessages("general", 10);
    QCOMPARE(cached.size(), 2);
    QCOMPARE(cached.at(0).text, QStringLiteral("lunch at 1?"));
    QCOMPARE(cached.at(0).state().editedAt, 5000);
    QCOMPARE(usersOf(cached.at(0), "👍"), QStringList{"bob"});
    QCOMPARE(cached.at(1).state().replyAuthor, QStringLiteral("alice"));
    QCOMPARE(cached.at(1).state().replyQuote, QStringLiteral("lunch?"));
    QVERIFY(!cached.at(1).state().editedAt);

    // A history page is the server's state with every change folded in: it replaces the cache's.
    ChatMessage fromServer = cached.at(0);
    fromServer.text = "lunch at 2?";
    fromServer.editState().editedAt = 6000;
    store.saveMessages({fromServer});
    QCOMPARE(store.latestMessages("general", 10).at(0).text, QStringLiteral("lunch at 2?"));
    QCOMPARE(store.messagesAround("general", 1, 4).size(), 2);
}

void MessageStateTest::aDeleteLeavesTheCacheWithoutItsText()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("cache.sqlite3");
    {
        LocalStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        ChatMessage reply = plain(2, "bob", "nice plan");
        reply.editState().replyTo = 1;
        reply.editState().replyQuote = "my secret plan";
        store.saveMessages({plain(1, "alice", "my secret plan"), reply});
        QVERIFY(store.applyChange(change(Kind::Delete, 1, "alice")));
        QCOMPARE(store.search("general", "secret", 10).size(), 0);
        QVERIFY(store.latestMessages("general", 10).at(0).isDeleted());
    }
    // Not hidden: gone from the file.
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "peek");
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec("SELECT COUNT(*) FROM messages WHERE text LIKE '%secret%' OR reply_text LIKE '%secret%'"));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    q = QSqlQuery();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase("peek");
}

void MessageStateTest::aCacheFileOfAnOlderClientGetsTheNewColumns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("old.sqlite3");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "old");
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        // The schema of the previous release.
        QVERIFY(q.exec("CREATE TABLE messages (room TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL,"
                       " text TEXT NOT NULL, ts INTEGER NOT NULL, client_id TEXT NOT NULL,"
                       " PRIMARY KEY (room, seq)) WITHOUT ROWID"));
        QVERIFY(q.exec("CREATE TABLE outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,"
                       " text TEXT NOT NULL, created_at INTEGER NOT NULL, state INTEGER NOT NULL,"
                       " attempts INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '')"));
        QVERIFY(q.exec("INSERT INTO messages VALUES ('general', 1, 'bob', 'from before', 1000, 'c1')"));
        QVERIFY(q.exec("INSERT INTO outbox VALUES ('c2', 'chat', 'general', 'unsent', 2000, 0, 0, '')"));
        q = QSqlQuery();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase("old");
    }
    LocalStore store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.latestMessages("general", 10).at(0).text, QStringLiteral("from before"));
    QCOMPARE(store.outbox().at(0).text, QStringLiteral("unsent"));
    QCOMPARE(store.outbox().at(0).targetSeq, 0);
    QVERIFY(store.applyChange(change(Kind::React, 1, "alice", "👍")));
    QCOMPARE(usersOf(store.latestMessages("general", 10).at(0), "👍"), QStringList{"alice"});
}

QTEST_GUILESS_MAIN(MessageStateTest)
#include "tst_messagestate.moc"
