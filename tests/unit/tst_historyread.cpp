// server/HistoryStore on a temporary data dir, reading and lifecycle: durability across close
// and reopen, epochs, conversations and rooms, DM keys, before/after paging, and open/close
// failures. Appending (seqs, callbacks, dedupe, group commit) is in tst_historyappend.
#include "HistoryStoreFixture.h"
#include "TestHelpers.h"
#include "server/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace sb::server;
using sb::test::message;
using sb::test::seqRange;
using sb::test::seqs;

class HistoryReadTest : public HistoryStoreFixture
{
    Q_OBJECT

private slots:
    void reopenKeepsSeqsEpochsAndDedupe();
    void reopenWithTheSameObject();
    void reopenOnAnotherDirForgetsTheFirst();
    void epochsDifferBetweenFreshDataDirs();
    void epochFormat();

    void conversationCreatesAndExistsRemembers();
    void roomsListsRoomsButNotDms();
    void dmConversationKey();
    void directConversationsOfAUser();
    void nameHoldersKeepTheirSinceAndSurviveAReopen();
    void beforeLeavesOutMessagesOlderThanMinTs();

    void beforePaging();
    void afterPaging();
    void pagingUnknownConversationIsEmpty();

    void closeIsIdempotentAndFlushIsSafeWhenIdle();
    void openFailsWhenTheDataDirCannotBeCreated();
    void openFailsWhenTheDatabaseCannotBeOpened();
};

// ---------------------------------------------------------------------------------------------
// Reopen and epochs

void HistoryReadTest::reopenKeepsSeqsEpochsAndDedupe()
{
    const QString epoch = m_store->conversation(QStringLiteral("general")).epoch;
    QVERIFY(!epoch.isEmpty());
    for (int i = 1; i <= 3; ++i) {
        AppendRequest r = message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-%1").arg(i),
                                  QStringLiteral("m%1").arg(i));
        r.epoch = epoch;
        QCOMPARE(appendNow(*m_store, r).message.seq, i);
    }
    QVERIFY(appendNow(*m_store, message(QStringLiteral("random"), QStringLiteral("bob"), QStringLiteral("r-1"),
                                        QStringLiteral("r")))
                .ok);
    m_store->close();
    QVERIFY(!m_store->isOpen());
    m_store.reset();

    std::unique_ptr<HistoryStore> reopened = openStore(m_dir->path());
    QVERIFY(reopened);
    QVERIFY(reopened->exists(QStringLiteral("general")));
    const ConversationInfo info = reopened->conversation(QStringLiteral("general"));
    QCOMPARE(info.epoch, epoch);
    QCOMPARE(info.lastSeq, 3);
    QCOMPARE(reopened->conversation(QStringLiteral("random")).lastSeq, 1);

    const AppendResult next = appendNow(
        *reopened, message(QStringLiteral("general"), QStringLiteral("carol"), QStringLiteral("c-9"), QStringLiteral("after")));
    QCOMPARE(next.message.seq, 4);
    // Dedupe survives the restart: the client retrying after reconnecting gets its old seq.
    const AppendResult retry = appendNow(
        *reopened, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-2"), QStringLiteral("m2")));
    QVERIFY(retry.duplicate);
    QCOMPARE(retry.message.seq, 2);
    QCOMPARE(seqs(reopened->before(QStringLiteral("general"), 100, 100)), seqRange(1, 4));
}

void HistoryReadTest::reopenWithTheSameObject()
{
    const QString epoch = m_store->conversation(QStringLiteral("general")).epoch;
    QCOMPARE(appendNow(*m_store, message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("x")))
                 .message.seq,
             1);
    m_store->close();
    QString error;
    QVERIFY2(m_store->open(m_dir->path(), false, &error), qPrintable(error));
    QVERIFY(m_store->isOpen());
    QCOMPARE(m_store->conversation(QStringLiteral("general")).epoch, epoch);
    QCOMPARE(appendNow(*m_store, message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("2"), QStringLiteral("y")))
                 .message.seq,
             2);
}

void HistoryReadTest::reopenOnAnotherDirForgetsTheFirst()
{
    // The same object closed and opened on another data dir must not carry over what it knew.
    const QString epoch = m_store->conversation(QStringLiteral("general")).epoch;
    QVERIFY(m_store->exists(QStringLiteral("general")));
    m_store->close();

    QTemporaryDir other;
    QVERIFY(other.isValid());
    QString error;
    QVERIFY2(m_store->open(other.path(), false, &error), qPrintable(error));
    QVERIFY(!m_store->exists(QStringLiteral("general")));
    const ConversationInfo fresh = m_store->conversation(QStringLiteral("general"));
    QVERIFY(fresh.epoch != epoch); // a new data dir is a new history stream
    QCOMPARE(fresh.lastSeq, 0);
    m_store->flush();
    QCOMPARE(m_store->rooms().size(), 1);
    QCOMPARE(m_store->rooms().first().epoch, fresh.epoch);
    m_store->close();
}

void HistoryReadTest::epochsDifferBetweenFreshDataDirs()
{
    QTemporaryDir otherDir;
    QVERIFY(otherDir.isValid());
    std::unique_ptr<HistoryStore> other = openStore(otherDir.path());
    QVERIFY(other);
    const QString a = m_store->conversation(QStringLiteral("general")).epoch;
    const QString b = other->conversation(QStringLiteral("general")).epoch;
    QVERIFY(!a.isEmpty());
    QVERIFY(!b.isEmpty());
    QVERIFY2(a != b, qPrintable(a));
    // Stable within one store.
    QCOMPARE(m_store->conversation(QStringLiteral("general")).epoch, a);
    // Each conversation has its own.
    QVERIFY(m_store->conversation(QStringLiteral("random")).epoch != a);
}

void HistoryReadTest::epochFormat()
{
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString epoch = HistoryStore::newEpoch();
        QCOMPARE(epoch.size(), 8);
        for (const QChar c : epoch) {
            // Lower-case letters and digits without the look-alikes (l, o, 0, 1).
            QVERIFY2((c >= u'a' && c <= u'z') || (c >= u'2' && c <= u'9'), qPrintable(epoch));
            QVERIFY2(c != u'l' && c != u'o', qPrintable(epoch));
        }
        seen.insert(epoch);
    }
    QCOMPARE(seen.size(), 200); // 40 random bits: a collision here means it is not random
}

// ---------------------------------------------------------------------------------------------
// Conversations and rooms

void HistoryReadTest::conversationCreatesAndExistsRemembers()
{
    QVERIFY(!m_store->exists(QStringLiteral("lobby")));
    const ConversationInfo info = m_store->conversation(QStringLiteral("lobby"));
    QCOMPARE(info.name, QStringLiteral("lobby"));
    QCOMPARE(info.lastSeq, 0);
    QVERIFY(m_store->exists(QStringLiteral("lobby")));
    QVERIFY(!m_store->exists(QStringLiteral("lobby2")));
    m_store.reset(); // closes, committing the new conversation

    std::unique_ptr<HistoryStore> reopened = openStore(m_dir->path());
    QVERIFY(reopened);
    QVERIFY(reopened->exists(QStringLiteral("lobby")));
    QCOMPARE(reopened->conversation(QStringLiteral("lobby")).epoch, info.epoch);
    QVERIFY(!reopened->exists(QStringLiteral("lobby2")));
}

void HistoryReadTest::roomsListsRoomsButNotDms()
{
    HistoryStore &store = *m_store;
    const QString dm = HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("bob"));
    appendNow(store, message(QStringLiteral("random"), QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("x")));
    appendNow(store, message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("2"), QStringLiteral("x")));
    appendNow(store, message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("3"), QStringLiteral("x")));
    appendNow(store, message(dm, QStringLiteral("alice"), QStringLiteral("4"), QStringLiteral("x"), 1, QStringLiteral("bob")));
    const QString emptyEpoch = store.conversation(QStringLiteral("empty")).epoch;
    store.flush(); // the new conversation's row is written by the writer

    const QList<ConversationInfo> rooms = store.rooms();
    QCOMPARE(rooms.size(), 3);
    QCOMPARE(rooms[0].name, QStringLiteral("empty"));
    QCOMPARE(rooms[0].lastSeq, 0);
    QCOMPARE(rooms[0].epoch, emptyEpoch);
    QCOMPARE(rooms[1].name, QStringLiteral("general"));
    QCOMPARE(rooms[1].lastSeq, 2);
    QCOMPARE(rooms[2].name, QStringLiteral("random"));
    QCOMPARE(rooms[2].lastSeq, 1);
    for (const ConversationInfo &room : rooms)
        QVERIFY(!room.epoch.isEmpty());
    QVERIFY(store.exists(dm)); // the DM conversation exists, it just is not a room
}

void HistoryReadTest::directConversationsOfAUser()
{
    HistoryStore &store = *m_store;
    // Names with '_', a LIKE wildcard, must not match each other.
    const QString withBob = HistoryStore::dmConversation(QStringLiteral("a_b"), QStringLiteral("bob"));
    const QString withCarol = HistoryStore::dmConversation(QStringLiteral("carol"), QStringLiteral("a_b"));
    const QString others = HistoryStore::dmConversation(QStringLiteral("axb"), QStringLiteral("bob"));
    appendNow(store, message(withBob, QStringLiteral("a_b"), QStringLiteral("1"), QStringLiteral("x"), 100, QStringLiteral("bob")));
    appendNow(store, message(withBob, QStringLiteral("bob"), QStringLiteral("2"), QStringLiteral("y"), 200, QStringLiteral("a_b")));
    appendNow(store, message(withCarol, QStringLiteral("carol"), QStringLiteral("3"), QStringLiteral("z"), 300, QStringLiteral("a_b")));
    appendNow(store, message(others, QStringLiteral("axb"), QStringLiteral("4"), QStringLiteral("w"), 400, QStringLiteral("bob")));
    appendNow(store, message(QStringLiteral("a_b"), QStringLiteral("a_b"), QStringLiteral("5"), QStringLiteral("room")));

    DirectConversations found = store.directConversations(QStringLiteral("a_b"));
    QVERIFY(found.ok);
    QCOMPARE(found.conversations.size(), 2);
    std::sort(found.conversations.begin(), found.conversations.end(),
              [](const DirectConversation &x, const DirectConversation &y) { return x.peer < y.peer; });
    QCOMPARE(found.conversations[0].peer, QStringLiteral("bob"));
    QCOMPARE(found.conversations[0].info.name, withBob);
    QCOMPARE(found.conversations[0].info.lastSeq, 2);
    QCOMPARE(found.conversations[0].lastTs, 200);
    QCOMPARE(found.conversations[0].info.epoch, QStringLiteral("testepoc"));
    QCOMPARE(found.conversations[1].peer, QStringLiteral("carol"));
    QCOMPARE(found.conversations[1].lastTs, 300);
    QCOMPARE(store.directConversations(QStringLiteral("bob")).conversations.size(), 2);
    QVERIFY(store.directConversations(QStringLiteral("nobody")).conversations.isEmpty());
    QCOMPARE(HistoryStore::dmPeer(withCarol, QStringLiteral("a_b")), QStringLiteral("carol"));
    QCOMPARE(HistoryStore::dmPeer(withCarol, QStringLiteral("carol")), QStringLiteral("a_b"));
}

void HistoryReadTest::nameHoldersKeepTheirSinceAndSurviveAReopen()
{
    QCOMPARE(m_store->holdName(QStringLiteral("sam"), QStringLiteral("guest:a"), 1000), 0); // first ever
    QCOMPARE(m_store->holdName(QStringLiteral("sam"), QStringLiteral("guest:a"), 2000), 0); // still a's
    QCOMPARE(m_store->holdName(QStringLiteral("sam"), QStringLiteral("guest:b"), 3000), 3000);
    QCOMPARE(m_store->holdName(QStringLiteral("sam"), QStringLiteral("guest:b"), 4000), 3000);
    QCOMPARE(m_store->holdName(QStringLiteral("sam"), QStringLiteral("guest:a"), 5000), 5000);
    QCOMPARE(m_store->holdName(QStringLiteral("max"), QStringLiteral("token"), 6000), 0);

    m_store->close();
    auto reopened = openStore(m_dir->path());
    QCOMPARE(reopened->holdName(QStringLiteral("sam"), QStringLiteral("guest:a"), 7000), 5000);
    QCOMPARE(reopened->holdName(QStringLiteral("max"), QStringLiteral("guest:c"), 8000), 8000);
}

void HistoryReadTest::beforeLeavesOutMessagesOlderThanMinTs()
{
    const QString dm = HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("bob"));
    for (int i = 1; i <= 6; ++i)
        appendNow(*m_store, message(dm, QStringLiteral("alice"), QStringLiteral("d%1").arg(i),
                                    QStringLiteral("x"), i * 100, QStringLiteral("bob")));
    HistoryPage page = m_store->before(dm, 100, 2, 300);
    QCOMPARE(seqs(page), (QList<qint64>{5, 6}));
    QVERIFY(page.hasMore);
    page = m_store->before(dm, 5, 10, 300);
    QCOMPARE(seqs(page), (QList<qint64>{3, 4}));
    QVERIFY(!page.hasMore);
    QCOMPARE(seqs(m_store->before(dm, 100, 10)), seqRange(1, 6));
}

void HistoryReadTest::dmConversationKey()
{
    const QString ab = HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("bob"));
    QCOMPARE(ab, HistoryStore::dmConversation(QStringLiteral("bob"), QStringLiteral("alice")));
    QVERIFY(ab.startsWith(u'@'));
    QVERIFY(ab != HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("carol")));
    // "a" + "b.c" and "a.b" + "c" must not share a key.
    QVERIFY(HistoryStore::dmConversation(QStringLiteral("a"), QStringLiteral("b.c"))
            != HistoryStore::dmConversation(QStringLiteral("a.b"), QStringLiteral("c")));
    // Talking to yourself is a conversation of its own.
    QVERIFY(HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("alice")) != ab);
}

// ---------------------------------------------------------------------------------------------
// Paging

void HistoryReadTest::beforePaging()
{
    HistoryStore &store = *m_store;
    for (int i = 1; i <= 10; ++i)
        store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-%1").arg(i),
                             QStringLiteral("m%1").arg(i)),
                     {});
    store.flush();

    // Newest page first, then older pages, each ascending.
    HistoryPage page = store.before(QStringLiteral("general"), 11, 3);
    QCOMPARE(seqs(page), (QList<qint64>{8, 9, 10}));
    QVERIFY(page.hasMore);
    QCOMPARE(page.messages.first().text, QStringLiteral("m8"));
    page = store.before(QStringLiteral("general"), 8, 3);
    QCOMPARE(seqs(page), (QList<qint64>{5, 6, 7}));
    QVERIFY(page.hasMore);
    page = store.before(QStringLiteral("general"), 5, 3);
    QCOMPARE(seqs(page), (QList<qint64>{2, 3, 4}));
    QVERIFY(page.hasMore);
    page = store.before(QStringLiteral("general"), 2, 3);
    QCOMPARE(seqs(page), (QList<qint64>{1}));
    QVERIFY(!page.hasMore);

    // Exactly `limit` left: no more.
    page = store.before(QStringLiteral("general"), 4, 3);
    QCOMPARE(seqs(page), (QList<qint64>{1, 2, 3}));
    QVERIFY(!page.hasMore);
    // Nothing before the first.
    page = store.before(QStringLiteral("general"), 1, 3);
    QVERIFY(page.messages.isEmpty());
    QVERIFY(!page.hasMore);
    // A limit larger than the history, and `before` far past the end.
    page = store.before(QStringLiteral("general"), 9007199254740991, 200);
    QCOMPARE(seqs(page), seqRange(1, 10));
    QVERIFY(!page.hasMore);
    // limit 1
    page = store.before(QStringLiteral("general"), 11, 1);
    QCOMPARE(seqs(page), (QList<qint64>{10}));
    QVERIFY(page.hasMore);
}

void HistoryReadTest::afterPaging()
{
    HistoryStore &store = *m_store;
    for (int i = 1; i <= 10; ++i)
        store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-%1").arg(i),
                             QStringLiteral("m%1").arg(i)),
                     {});
    store.flush();

    // Everything after 5, up to the last seq.
    HistoryPage page = store.after(QStringLiteral("general"), 5, 10, 100);
    QCOMPARE(seqs(page), seqRange(6, 10));
    QVERIFY(!page.hasMore);
    // More missed than the limit: the newest `limit`, and hasMore says some were skipped.
    page = store.after(QStringLiteral("general"), 0, 10, 3);
    QCOMPARE(seqs(page), (QList<qint64>{8, 9, 10}));
    QVERIFY(page.hasMore);
    // Exactly `limit` missed.
    page = store.after(QStringLiteral("general"), 7, 10, 3);
    QCOMPARE(seqs(page), (QList<qint64>{8, 9, 10}));
    QVERIFY(!page.hasMore);
    // upToSeq bounds the page (messages stored but not broadcast yet stay out).
    page = store.after(QStringLiteral("general"), 2, 6, 100);
    QCOMPARE(seqs(page), seqRange(3, 6));
    QVERIFY(!page.hasMore);
    page = store.after(QStringLiteral("general"), 2, 6, 2);
    QCOMPARE(seqs(page), (QList<qint64>{5, 6}));
    QVERIFY(page.hasMore);
    // Up to date: nothing.
    page = store.after(QStringLiteral("general"), 10, 10, 5);
    QVERIFY(page.messages.isEmpty());
    QVERIFY(!page.hasMore);
    // A client ahead of the store (a wiped data dir): nothing, not an error.
    page = store.after(QStringLiteral("general"), 50, 10, 5);
    QVERIFY(page.messages.isEmpty());
}

void HistoryReadTest::pagingUnknownConversationIsEmpty()
{
    appendNow(*m_store, message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("x")));
    const HistoryPage before = m_store->before(QStringLiteral("nowhere"), 100, 50);
    QVERIFY(before.messages.isEmpty());
    QVERIFY(!before.hasMore);
    const HistoryPage after = m_store->after(QStringLiteral("nowhere"), 0, 100, 50);
    QVERIFY(after.messages.isEmpty());
    QVERIFY(!after.hasMore);
    // Pages never mix conversations.
    QCOMPARE(m_store->before(QStringLiteral("general"), 100, 50).messages.size(), 1);
}

// ---------------------------------------------------------------------------------------------
// Open and close

void HistoryReadTest::closeIsIdempotentAndFlushIsSafeWhenIdle()
{
    m_store->flush(); // nothing queued
    QVERIFY(m_store->isOpen());
    int calls = 0;
    m_store->append(message(QStringLiteral("general"), QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("x")),
                    [&calls](const AppendResult &r) {
                        QVERIFY(r.ok);
                        ++calls;
                    });
    m_store->close(); // commits what is queued and delivers its callback
    QCOMPARE(calls, 1);
    QVERIFY(!m_store->isOpen());
    m_store->close();
    m_store->flush();
    QVERIFY(!m_store->isOpen());
    QCOMPARE(calls, 1);
}

void HistoryReadTest::openFailsWhenTheDataDirCannotBeCreated()
{
    QTemporaryDir parent;
    QVERIFY(parent.isValid());
    const QString file = parent.filePath(QStringLiteral("not-a-dir"));
    QFile blocker(file);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    HistoryStore store;
    QString error;
    QVERIFY(!store.open(file + QStringLiteral("/data"), false, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.isOpen());
}

void HistoryReadTest::openFailsWhenTheDatabaseCannotBeOpened()
{
    // The database file's name is taken by a directory.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("history.sqlite3")));
    HistoryStore store;
    QString error;
    QVERIFY(!store.open(dir.path(), false, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.isOpen());
    store.close(); // safe after a failed open
}

QTEST_GUILESS_MAIN(HistoryReadTest)
#include "tst_historyread.moc"
