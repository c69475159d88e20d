// The persistent outbox over a real SQLite file: order, states, retries, and what survives a
// restart of the app.
#include "client/LocalStore.h"
#include "client/Outbox.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;

class OutboxTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void idsAreUniqueAndTimeOrdered();
    void entriesKeepTheirOrderAndState();
    void failedEntryDoesNotHoldBackOthers();
    void transientErrorsFailAfterMaxAttempts();
    void everythingSurvivesARestart();
    void changesAndMarkersKeepTheirSeqAcrossARestart();
    void cacheKeepsMessagesAndRoomsPerServerAndUser();

private:
    QString path() const { return m_dir.filePath("client.sqlite3"); }
    // What the next start of the app finds in the outbox (empty if the store will not open).
    QList<OutboxRecord> entriesAfterRestart() const
    {
        LocalStore store;
        QString error;
        if (!store.open(path(), &error))
            return {};
        Outbox outbox(store);
        outbox.load();
        return outbox.entries();
    }
    QTemporaryDir m_dir;
};

void OutboxTest::init()
{
    QFile::remove(path());
}

void OutboxTest::idsAreUniqueAndTimeOrdered()
{
    QStringList ids;
    for (int i = 0; i < 2000; ++i)
        ids.append(Outbox::newId(1'700'000'000'000 + i / 10));
    QStringList sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
    // Sorted as text, ids from a later millisecond never come before an earlier one.
    QCOMPARE(sorted.constFirst().left(10), ids.constFirst().left(10));
    QCOMPARE(sorted.constLast().left(10), ids.constLast().left(10));
}

void OutboxTest::entriesKeepTheirOrderAndState()
{
    LocalStore store;
    QString error;
    QVERIFY2(store.open(path(), &error), qPrintable(error));
    Outbox outbox(store);
    QSignalSpy depth(&outbox, &Outbox::depthChanged);
    const auto a = outbox.add("chat", "general", "one", 1);
    const auto b = outbox.add("dm", "bob", "two", 2);
    QCOMPARE(outbox.depth(), 2);
    QCOMPARE(depth.last().at(0).toInt(), 2);
    QCOMPARE(outbox.nextPending()->id, a.id);
    outbox.markSent(a.id);
    QVERIFY(outbox.hasInFlight());
    QCOMPARE(outbox.find(a.id)->attempts, 1);
    QCOMPARE(outbox.nextPending()->id, b.id);
    outbox.markAcked(a.id);
    QVERIFY(!outbox.find(a.id));
    QCOMPARE(outbox.depth(), 1);
    outbox.requeueInFlight();
    QCOMPARE(outbox.nextPending()->id, b.id);
}

void OutboxTest::failedEntryDoesNotHoldBackOthers()
{
    LocalStore store;
    QString error;
    QVERIFY(store.open(path(), &error));
    Outbox outbox(store);
    const auto a = outbox.add("chat", "general", "too long", 1);
    const auto b = outbox.add("chat", "general", "fine", 2);
    outbox.markSent(a.id);
    outbox.markFailed(a.id, "too large");
    QCOMPARE(outbox.find(a.id)->state, DeliveryState::Failed);
    QCOMPARE(outbox.nextPending()->id, b.id);
    outbox.retry(a.id);
    QCOMPARE(outbox.find(a.id)->state, DeliveryState::Pending);
    QCOMPARE(outbox.find(a.id)->attempts, 0);
    outbox.discard(a.id);
    QCOMPARE(outbox.depth(), 1);
}

void OutboxTest::transientErrorsFailAfterMaxAttempts()
{
    LocalStore store;
    QString error;
    QVERIFY(store.open(path(), &error));
    Outbox outbox(store);
    const auto entry = outbox.add("chat", "general", "busy server", 1);
    for (int attempt = 1; attempt < Outbox::MaxAttempts; ++attempt) {
        outbox.markSent(entry.id);
        outbox.markRetryable(entry.id, "internal");
        QCOMPARE(outbox.find(entry.id)->state, DeliveryState::Pending);
    }
    outbox.markSent(entry.id);
    outbox.markRetryable(entry.id, "internal");
    QCOMPARE(outbox.find(entry.id)->state, DeliveryState::Failed);
    QCOMPARE(outbox.find(entry.id)->error, QStringLiteral("internal"));

    // The waits between those sends back off, and add up to about a minute.
    QCOMPARE(Outbox::retryDelayMs(1), 1000);
    QCOMPARE(Outbox::retryDelayMs(2), 2000);
    QCOMPARE(Outbox::retryDelayMs(4), 8000);
    QCOMPARE(Outbox::retryDelayMs(5), 15000);
    QCOMPARE(Outbox::retryDelayMs(100), 15000);
    int total = 0;
    for (int attempt = 1; attempt < Outbox::MaxAttempts; ++attempt)
        total += Outbox::retryDelayMs(attempt);
    QVERIFY2(total >= 45000 && total <= 90000, qPrintable(QString::number(total)));
}

void OutboxTest::everythingSurvivesARestart()
{
    QString error;
    QStringList ids;
    {
        LocalStore store;
        QVERIFY(store.open(path(), &error));
        Outbox outbox(store);
        for (int i = 0; i < 3; ++i)
            ids.append(outbox.add("chat", "general", QStringLiteral("m%1").arg(i), 10 + i).id);
        outbox.markSent(ids[0]); // on the wire when the app died
        outbox.markFailed(ids[2], "refused");
    }
    const auto entries = entriesAfterRestart();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].id, ids[0]);
    QCOMPARE(entries[0].state, DeliveryState::Pending); // will be resent with the same id
    QCOMPARE(entries[1].text, QStringLiteral("m1"));
    QCOMPARE(entries[2].state, DeliveryState::Failed);
    QCOMPARE(entries[2].error, QStringLiteral("refused"));
}

void OutboxTest::changesAndMarkersKeepTheirSeqAcrossARestart()
{
    QString error;
    QString read;
    {
        LocalStore store;
        QVERIFY(store.open(path(), &error));
        Outbox outbox(store);
        outbox.add("chat", "general", "a reply", 1, 41);
        outbox.add("delete", "@bob", {}, 2, 7); // no text: still stored
        read = outbox.add("read", "general", {}, 3, 40).id;
        outbox.setTargetSeq(read, 44); // read on before it went out
        QCOMPARE(outbox.find(read)->targetSeq, 44);
        outbox.markSent(read);
        outbox.setTargetSeq(read, 50); // on the wire: what was sent stays what it is
        QCOMPARE(outbox.find(read)->targetSeq, 44);
    }
    const auto entries = entriesAfterRestart();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].targetSeq, 41);
    QCOMPARE(entries[1].kind, QStringLiteral("delete"));
    QCOMPARE(entries[1].target, QStringLiteral("@bob"));
    QCOMPARE(entries[1].targetSeq, 7);
    QCOMPARE(entries[2].targetSeq, 44);
    QVERIFY(!OutboxKind::isMessage(entries[2].kind));
    QVERIFY(OutboxKind::isMessage(entries[0].kind));
}

void OutboxTest::cacheKeepsMessagesAndRoomsPerServerAndUser()
{
    const QString a = LocalStore::pathFor(m_dir.path(), "ws://127.0.0.1:8765", "alice");
    QVERIFY(a != LocalStore::pathFor(m_dir.path(), "ws://127.0.0.1:8765", "bob"));
    QVERIFY(a != LocalStore::pathFor(m_dir.path(), "ws://example:8765", "alice"));
    QString error;
    {
        LocalStore store;
        QVERIFY(store.open(a, &error));
        QList<ChatMessage> messages;
        for (int seq = 1; seq <= 120; ++seq)
            messages.append({"general", seq, "bob", QStringLiteral("hello %1").arg(seq), 1000 + seq,
                             "c", DeliveryState::Acked, {}});
        store.saveMessages(messages);
        store.saveMessages(messages.mid(0, 10)); // again: ignored
        store.saveRoom({"general", 120, "ep", true});
    }
    LocalStore store;
    QVERIFY(store.open(a, &error));
    QCOMPARE(store.messageCount("general"), 120);
    const auto latest = store.latestMessages("general", 50);
    QCOMPARE(latest.size(), 50);
    QCOMPARE(latest.constFirst().seq, 71);
    QCOMPARE(latest.constLast().seq, 120);
    const auto older = store.messagesBefore("general", 71, 100);
    QCOMPARE(older.size(), 70);
    QCOMPARE(older.constFirst().seq, 1);
    QCOMPARE(store.search("general", "hello 11", 20).size(), 11); // 11, 110..119
    QCOMPARE(store.search("general", "50%", 10).size(), 0);       // % is literal
    QCOMPARE(store.rooms().size(), 1);
    QCOMPARE(store.rooms().constFirst().lastSeq, 120);
    store.clearRoomHistory("general");
    QCOMPARE(store.messageCount("general"), 0);
}

QTEST_GUILESS_MAIN(OutboxTest)
#include "tst_outbox.moc"
