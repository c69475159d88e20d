// server/HistoryStore (with its HistoryWriter thread) on a temporary data dir, writing: per-
// conversation seqs, callbacks in order on the caller's thread after the commit, every field
// stored, dedupe of retried sends, and a group-committed burst. Reading back (paging, reopen,
// epochs, rooms) is in tst_historyread.
#include "HistoryStoreFixture.h"
#include "TestHelpers.h"
#include "server/HistoryStore.h"

#include <QSet>
#include <QTest>
#include <QThread>

using namespace sb::server;
using sb::test::message;
using sb::test::seqRange;
using sb::test::seqs;

class HistoryAppendTest : public HistoryStoreFixture
{
    Q_OBJECT

private slots:
    void appendsGetConsecutiveSeqsPerConversation();
    void callbacksRunInOrderOnTheCallingThreadAfterCommit();
    void callbacksNeverRunInsideAppend();
    void storedMessageKeepsEveryField();

    void duplicateSendReturnsTheOriginalAndBurnsNoSeq();
    void duplicateWithinOneBatch();
    void sameClientIdFromAnotherSenderIsNotADuplicate();
    void duplicateKeyIsPerSenderAcrossConversations();

    void burstIsCommittedInOrder();
};

// ---------------------------------------------------------------------------------------------
// Seqs and callbacks

void HistoryAppendTest::appendsGetConsecutiveSeqsPerConversation()
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

void HistoryAppendTest::callbacksRunInOrderOnTheCallingThreadAfterCommit()
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

void HistoryAppendTest::callbacksNeverRunInsideAppend()
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

void HistoryAppendTest::storedMessageKeepsEveryField()
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

// ---------------------------------------------------------------------------------------------
// Dedupe

void HistoryAppendTest::duplicateSendReturnsTheOriginalAndBurnsNoSeq()
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

void HistoryAppendTest::duplicateWithinOneBatch()
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

void HistoryAppendTest::sameClientIdFromAnotherSenderIsNotADuplicate()
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

void HistoryAppendTest::duplicateKeyIsPerSenderAcrossConversations()
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

// ---------------------------------------------------------------------------------------------
// Group commit

void HistoryAppendTest::burstIsCommittedInOrder()
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

QTEST_GUILESS_MAIN(HistoryAppendTest)
#include "tst_historyappend.moc"
