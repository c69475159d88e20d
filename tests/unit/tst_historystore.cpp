// server/HistoryStore (with its HistoryWriter thread) on a temporary data dir: per-conversation
// seqs, callbacks in order on the caller's thread after the commit, dedupe of retried sends,
// durability across close and reopen, epochs, paging, and a group-committed burst.
#include "TestHelpers.h"
#include "server/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace sb::server;
using sb::test::seqRange;

namespace {

AppendRequest message(const QString &conversation, const QString &sender, const QString &clientId,
                      const QString &text, qint64 ts = 1732300000000, const QString &recipient = {})
{
    AppendRequest r;
    r.conversation = conversation;
    r.epoch = QStringLiteral("testepoc");
    r.sender = sender;
    r.recipient = recipient;
    r.clientId = clientId;
    r.text = text;
    r.ts = ts;
    return r;
}

QList<qint64> seqs(const HistoryPage &page)
{
    QList<qint64> result;
    for (const StoredMessage &m : page.messages)
        result.append(m.seq);
    return result;
}

} // namespace

class HistoryStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void appendsGetConsecutiveSeqsPerConversation();
    void callbacksRunInOrderOnTheCallingThreadAfterCommit();
    void callbacksNeverRunInsideAppend();
    void storedMessageKeepsEveryField();
    void duplicateSendReturnsTheOriginalAndBurnsNoSeq();
    void duplicateWithinOneBatch();
    void sameClientIdFromAnotherSenderIsNotADuplicate();
    void duplicateKeyIsPerSenderAcrossConversations();
    void reopenKeepsSeqsEpochsAndDedupe();
    void reopenWithTheSameObject();
    void reopenOnAnotherDirForgetsTheFirst();
    void epochsDifferBetweenFreshDataDirs();
    void epochFormat();
    void conversationCreatesAndExistsRemembers();
    void roomsListsRoomsButNotDms();
    void dmConversationKey();
    void beforePaging();
    void afterPaging();
    void pagingUnknownConversationIsEmpty();
    void burstIsCommittedInOrder();
    void closeIsIdempotentAndFlushIsSafeWhenIdle();
    void openFailsWhenTheDataDirCannotBeCreated();
    void openFailsWhenTheDatabaseCannotBeOpened();

private:
    // Appends and waits for its result.
    AppendResult appendNow(HistoryStore &store, const AppendRequest &request);
    std::unique_ptr<HistoryStore> openStore(const QString &dir);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
};

void HistoryStoreTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = openStore(m_dir->path());
    QVERIFY(m_store);
}

void HistoryStoreTest::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<HistoryStore> HistoryStoreTest::openStore(const QString &dir)
{
    auto store = std::make_unique<HistoryStore>();
    QString error;
    if (!store->open(dir, false, &error)) {
        qWarning("cannot open the store in %s: %s", qPrintable(dir), qPrintable(error));
        return nullptr;
    }
    return store;
}

AppendResult HistoryStoreTest::appendNow(HistoryStore &store, const AppendRequest &request)
{
    AppendResult result;
    bool done = false;
    store.append(request, [&](const AppendResult &r) {
        result = r;
        done = true;
    });
    store.flush();
    if (!done)
        result.error = QStringLiteral("flush() returned before the callback ran");
    return result;
}

// ---------------------------------------------------------------------------------------------

void HistoryStoreTest::appendsGetConsecutiveSeqsPerConversation()
{
    HistoryStore &store = *m_store;
    const QString dm = HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("bob"));
    const QList<std::pair<QString, qint64>> plan{
        {QStringLiteral("general"), 1}, {QStringLiteral("random"), 1}, {QStringLiteral("general"), 2},
        {dm, 1},                        {QStringLiteral("general"), 3}, {QStringLiteral("random"), 2},
        {dm, 2},
    };
    QList<std::pair<QString, qint64>> got;
    int n = 0;
    for (const auto &step : plan) {
        ++n;
        store.append(message(step.first, QStringLiteral("alice"), QStringLiteral("c-%1").arg(n),
                             QStringLiteral("m%1").arg(n)),
                     [&got](const AppendResult &r) {
                         QVERIFY2(r.ok, qPrintable(r.error));
                         QVERIFY(!r.duplicate);
                         got.append({r.message.conversation, r.message.seq});
                     });
    }
    store.flush();
    QCOMPARE(got, plan);
    QCOMPARE(store.conversation(QStringLiteral("general")).lastSeq, 3);
    QCOMPARE(store.conversation(QStringLiteral("random")).lastSeq, 2);
    QCOMPARE(store.conversation(dm).lastSeq, 2);
}

void HistoryStoreTest::callbacksRunInOrderOnTheCallingThreadAfterCommit()
{
    HistoryStore &store = *m_store;
    constexpr int Count = 50;
    QList<qint64> order;
    QSet<QThread *> threads;
    int visibleWhenAcked = 0;
    for (int i = 0; i < Count; ++i) {
        store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-%1").arg(i),
                             QStringLiteral("text %1").arg(i)),
                     [&, i](const AppendResult &r) {
                         QVERIFY2(r.ok, qPrintable(r.error));
                         QCOMPARE(r.message.text, QStringLiteral("text %1").arg(i));
                         order.append(r.message.seq);
                         threads.insert(QThread::currentThread());
                         // Acked only after the commit: another connection reads it already.
                         const HistoryPage page =
                             store.after(QStringLiteral("general"), r.message.seq - 1, r.message.seq, 1);
                         if (page.messages.size() == 1 && page.messages.first().text == r.message.text)
                             ++visibleWhenAcked;
                     });
    }
    // No flush(): the results arrive through the event loop like they do in the server.
    QTRY_COMPARE(order.size(), Count);
    QCOMPARE(order, seqRange(1, Count));
    QCOMPARE(threads, QSet<QThread *>{QThread::currentThread()});
    QCOMPARE(visibleWhenAcked, Count);
}

void HistoryStoreTest::callbacksNeverRunInsideAppend()
{
    HistoryStore &store = *m_store;
    int calls = 0;
    for (int i = 0; i < 5; ++i) {
        store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-%1").arg(i),
                             QStringLiteral("x")),
                     [&calls](const AppendResult &) { ++calls; });
        // A callback that ran inside append() would re-enter the caller mid-request.
        QCOMPARE(calls, 0);
    }
    store.flush();
    QCOMPARE(calls, 5);
}

void HistoryStoreTest::storedMessageKeepsEveryField()
{
    HistoryStore &store = *m_store;
    const QString text = QStringLiteral("héllo 世界 😀 'quotes' \"double\" \\ %s ?");
    const AppendResult room =
        appendNow(store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), text, 42));
    QVERIFY2(room.ok, qPrintable(room.error));
    QCOMPARE(room.message.conversation, QStringLiteral("general"));
    QCOMPARE(room.message.seq, 1);
    QCOMPARE(room.message.sender, QStringLiteral("alice"));
    QVERIFY(room.message.recipient.isEmpty());
    QCOMPARE(room.message.text, text);
    QCOMPARE(room.message.ts, 42);
    QCOMPARE(room.message.clientId, QStringLiteral("c-1"));

    const HistoryPage page = store.before(QStringLiteral("general"), 2, 10);
    QCOMPARE(page.messages.size(), 1);
    const StoredMessage &read = page.messages.first();
    QCOMPARE(read.conversation, QStringLiteral("general"));
    QCOMPARE(read.seq, 1);
    QCOMPARE(read.sender, QStringLiteral("alice"));
    QVERIFY(read.recipient.isEmpty());
    QCOMPARE(read.text, text);
    QCOMPARE(read.ts, 42);
    QCOMPARE(read.clientId, QStringLiteral("c-1"));

    const QString dm = HistoryStore::dmConversation(QStringLiteral("alice"), QStringLiteral("bob"));
    const AppendResult direct = appendNow(
        store, message(dm, QStringLiteral("alice"), QStringLiteral("d-1"), QStringLiteral("psst"), 43, QStringLiteral("bob")));
    QVERIFY(direct.ok);
    QCOMPARE(direct.message.recipient, QStringLiteral("bob"));
    const HistoryPage dmPage = store.before(dm, 2, 10);
    QCOMPARE(dmPage.messages.size(), 1);
    QCOMPARE(dmPage.messages.first().recipient, QStringLiteral("bob"));
    QCOMPARE(dmPage.messages.first().sender, QStringLiteral("alice"));
}

void HistoryStoreTest::duplicateSendReturnsTheOriginalAndBurnsNoSeq()
{
    HistoryStore &store = *m_store;
    const AppendResult first = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("original"), 100));
    QVERIFY(first.ok);
    QVERIFY(!first.duplicate);
    QCOMPARE(first.message.seq, 1);

    // The retry after a lost ack: same id and sender. Its text and ts are not stored again.
    const AppendResult retry = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("retry"), 200));
    QVERIFY2(retry.ok, qPrintable(retry.error));
    QVERIFY(retry.duplicate);
    QCOMPARE(retry.message.seq, 1);
    QCOMPARE(retry.message.text, QStringLiteral("original"));
    QCOMPARE(retry.message.ts, 100);
    QCOMPARE(retry.message.conversation, QStringLiteral("general"));
    QCOMPARE(retry.message.sender, QStringLiteral("alice"));
    QCOMPARE(retry.message.clientId, QStringLiteral("c-1"));

    // The next new message takes seq 2: the retry burned nothing.
    const AppendResult next = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-2"), QStringLiteral("next")));
    QVERIFY(!next.duplicate);
    QCOMPARE(next.message.seq, 2);

    const HistoryPage page = store.before(QStringLiteral("general"), 100, 100);
    QCOMPARE(seqs(page), (QList<qint64>{1, 2}));
    QCOMPARE(page.messages.first().text, QStringLiteral("original"));
}

void HistoryStoreTest::duplicateWithinOneBatch()
{
    // Both appends are queued before the writer runs, so they land in one transaction.
    HistoryStore &store = *m_store;
    QList<AppendResult> results;
    const auto collect = [&results](const AppendResult &r) { results.append(r); };
    store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("a")), collect);
    store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("a")), collect);
    store.append(message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-2"), QStringLiteral("b")), collect);
    store.flush();
    QCOMPARE(results.size(), 3);
    QVERIFY(!results[0].duplicate);
    QVERIFY(results[1].duplicate);
    QVERIFY(!results[2].duplicate);
    QCOMPARE(results[0].message.seq, 1);
    QCOMPARE(results[1].message.seq, 1);
    QCOMPARE(results[2].message.seq, 2);
    QCOMPARE(store.conversation(QStringLiteral("general")).lastSeq, 2);
}

void HistoryStoreTest::sameClientIdFromAnotherSenderIsNotADuplicate()
{
    HistoryStore &store = *m_store;
    const AppendResult alice = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("1"), QStringLiteral("from alice")));
    const AppendResult bob = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("bob"), QStringLiteral("1"), QStringLiteral("from bob")));
    QVERIFY(alice.ok);
    QVERIFY(bob.ok);
    QVERIFY(!bob.duplicate);
    QCOMPARE(alice.message.seq, 1);
    QCOMPARE(bob.message.seq, 2);
    const HistoryPage page = store.before(QStringLiteral("general"), 10, 10);
    QCOMPARE(page.messages.size(), 2);
    QCOMPARE(page.messages[1].text, QStringLiteral("from bob"));
}

void HistoryStoreTest::duplicateKeyIsPerSenderAcrossConversations()
{
    // (clientId, sender) is the key. The same id in another conversation is no retry: a client
    // reusing ids. Nothing is stored and the result says why, instead of acking the old message.
    HistoryStore &store = *m_store;
    const AppendResult first = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("hi")));
    const AppendResult elsewhere = appendNow(
        store, message(QStringLiteral("random"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("hi")));
    QVERIFY(first.ok);
    QVERIFY(!elsewhere.ok);
    QVERIFY(elsewhere.idReused);
    QVERIFY(!elsewhere.duplicate);
    QCOMPARE(store.conversation(QStringLiteral("random")).lastSeq, 0);
    const AppendResult retry = appendNow(
        store, message(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("c-1"), QStringLiteral("hi")));
    QVERIFY(retry.ok && retry.duplicate);
    QCOMPARE(retry.message.seq, 1);
}

void HistoryStoreTest::reopenKeepsSeqsEpochsAndDedupe()
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

void HistoryStoreTest::reopenWithTheSameObject()
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

void HistoryStoreTest::reopenOnAnotherDirForgetsTheFirst()
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

void HistoryStoreTest::epochsDifferBetweenFreshDataDirs()
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

void HistoryStoreTest::epochFormat()
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

void HistoryStoreTest::conversationCreatesAndExistsRemembers()
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

void HistoryStoreTest::roomsListsRoomsButNotDms()
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

void HistoryStoreTest::dmConversationKey()
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

void HistoryStoreTest::beforePaging()
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

void HistoryStoreTest::afterPaging()
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

void HistoryStoreTest::pagingUnknownConversationIsEmpty()
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

void HistoryStoreTest::burstIsCommittedInOrder()
{
    HistoryStore &store = *m_store;
    constexpr int Count = 2000;
    QList<qint64> general;
    QList<qint64> random;
    int failures = 0;
    int callbacks = 0;
    for (int i = 0; i < Count; ++i) {
        const bool toGeneral = i % 4 != 3; // 1500 to general, 500 to random
        const QString conversation = toGeneral ? QStringLiteral("general") : QStringLiteral("random");
        store.append(message(conversation, QStringLiteral("alice"), QStringLiteral("burst-%1").arg(i, 5, 10, QLatin1Char('0')),
                             QStringLiteral("message %1").arg(i)),
                     [&, toGeneral, i](const AppendResult &r) {
                         if (!r.ok || r.duplicate || r.message.text != QStringLiteral("message %1").arg(i))
                             ++failures;
                         (toGeneral ? general : random).append(r.message.seq);
                         ++callbacks;
                     });
    }
    QTRY_COMPARE_WITH_TIMEOUT(callbacks, Count, 30000);
    QCOMPARE(failures, 0);
    QCOMPARE(general, seqRange(1, 1500));
    QCOMPARE(random, seqRange(1, 500));

    const HistoryPage all = store.after(QStringLiteral("general"), 0, 1500, 2000);
    QCOMPARE(seqs(all), seqRange(1, 1500));
    QVERIFY(!all.hasMore);
    // Stored in the order appended: the i-th general message is the i-th appended to general.
    int index = 0;
    for (int i = 0; i < Count; ++i) {
        if (i % 4 == 3)
            continue;
        QCOMPARE(all.messages[index++].text, QStringLiteral("message %1").arg(i));
    }
    QCOMPARE(store.conversation(QStringLiteral("random")).lastSeq, 500);
}

void HistoryStoreTest::closeIsIdempotentAndFlushIsSafeWhenIdle()
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

void HistoryStoreTest::openFailsWhenTheDataDirCannotBeCreated()
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

void HistoryStoreTest::openFailsWhenTheDatabaseCannotBeOpened()
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

QTEST_GUILESS_MAIN(HistoryStoreTest)
#include "tst_historystore.moc"
