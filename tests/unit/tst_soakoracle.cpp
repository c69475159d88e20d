// The chaos soak's oracle (bench/soak) on made-up logs: each kind of violation is counted where
// it happens and nowhere else, and a clean run counts nothing. A soak that passes proves only
// as much as this oracle sees.
#include "Oracle.h"

#include <QTest>

using namespace sb::soak;

namespace {

QList<StoredRecord> rows(const QString &sender, int count)
{
    QList<StoredRecord> stored;
    for (int seq = 1; seq <= count; ++seq)
        stored.append({seq, sender, QStringLiteral("id%1").arg(seq), QStringLiteral("text %1").arg(seq)});
    return stored;
}

// alice wrote id1..id`count` to "general"; bob joined at seq 0 and got `delivered`.
QList<ClientLog> logs(int count, const QList<qint64> &delivered)
{
    ClientLog alice;
    alice.user = QStringLiteral("alice");
    for (int i = 1; i <= count; ++i)
        alice.sent.append({QStringLiteral("id%1").arg(i), QStringLiteral("chat"),
                           QStringLiteral("general"), QStringLiteral("text %1").arg(i)});
    ClientLog bob;
    bob.user = QStringLiteral("bob");
    bob.rooms = QStringList{QStringLiteral("general")};
    bob.startSeq.insert(QStringLiteral("general"), 0);
    for (qint64 seq : delivered)
        bob.received[QStringLiteral("general")].append({seq, QStringLiteral("id%1").arg(seq)});
    return {alice, bob};
}

} // namespace

class SoakOracleTest : public QObject
{
    Q_OBJECT

private slots:
    void cleanRunHasNoViolation();
    void deliveryFaultsAreCounted();
    void storeFaultsAreCounted();
    void sessionOwesOnlyWhatCameAfterItsJoin();
    void directMessagesNeverDeliveredAreViolations();
};

void SoakOracleTest::cleanRunHasNoViolation()
{
    const Verdict v = Oracle::judge(logs(3, {1, 2, 3}), {{QStringLiteral("general"), rows("alice", 3)}});
    QCOMPARE(v.violations(), 0);
    QCOMPARE(v.storedMessages, 3);
    QCOMPARE(v.deliveries, 3);
}

void SoakOracleTest::deliveryFaultsAreCounted()
{
    const Verdict v = Oracle::judge(logs(4, {2, 1, 2, 4}), {{QStringLiteral("general"), rows("alice", 4)}});
    QCOMPARE(v.reorderedDeliveries, 1); // 1 after 2
    QCOMPARE(v.duplicatedDeliveries, 1); // 2 again
    QCOMPARE(v.lostDeliveries, 1);       // 3 never
    QCOMPARE(v.violations(), 3);
}

void SoakOracleTest::storeFaultsAreCounted()
{
    QList<StoredRecord> stored = rows("alice", 3);
    stored[1].clientId = QStringLiteral("id1"); // id1 twice, id2 never
    stored[2].text = QStringLiteral("changed");
    stored.append({5, QStringLiteral("alice"), QStringLiteral("id5"), QStringLiteral("x")});
    stored.append({5, QStringLiteral("alice"), QStringLiteral("id6"), QStringLiteral("y")});
    const Verdict v = Oracle::judge(logs(3, {}), {{QStringLiteral("general"), stored}});
    QCOMPARE(v.duplicatedSends, 1);
    QCOMPARE(v.lostSends, 1);
    QCOMPARE(v.alteredSends, 1);
    QCOMPARE(v.seqGaps, 1);    // 4
    QCOMPARE(v.seqRepeats, 1); // 5
}

void SoakOracleTest::sessionOwesOnlyWhatCameAfterItsJoin()
{
    QList<ClientLog> run = logs(5, {4, 5});
    run[1].startSeq[QStringLiteral("general")] = 3;
    QCOMPARE(Oracle::judge(run, {{QStringLiteral("general"), rows("alice", 5)}}).violations(), 0);
    run[1].startSeq.remove(QStringLiteral("general")); // never joined: owes everything
    QCOMPARE(Oracle::judge(run, {{QStringLiteral("general"), rows("alice", 5)}}).lostDeliveries, 3);
}

void SoakOracleTest::directMessagesNeverDeliveredAreViolations()
{
    ClientLog alice;
    alice.user = QStringLiteral("alice");
    alice.sent.append({QStringLiteral("d1"), QStringLiteral("dm"), QStringLiteral("bob"), QStringLiteral("hi")});
    alice.sent.append({QStringLiteral("d2"), QStringLiteral("dm"), QStringLiteral("bob"), QStringLiteral("there")});
    ClientLog bob;
    bob.user = QStringLiteral("bob");
    bob.direct[QStringLiteral("alice")] = {{2, QStringLiteral("d2")}, {2, QStringLiteral("d2")}};
    const QString pair = Oracle::dmConversation(QStringLiteral("bob"), QStringLiteral("alice"));
    QCOMPARE(pair, QStringLiteral("@alice/bob"));
    ServerHistory history{{pair, {{1, QStringLiteral("alice"), QStringLiteral("d1"), QStringLiteral("hi")},
                                  {2, QStringLiteral("alice"), QStringLiteral("d2"), QStringLiteral("there")}}}};
    const Verdict v = Oracle::judge({alice, bob}, history);
    QCOMPARE(v.dmDuplicated, 1);
    QCOMPARE(v.dmLost, 3); // bob never had 1; alice's session delivered neither
    QCOMPARE(v.violations(), 4);

    // Delivered to both, once and in order: nothing to report.
    alice.direct[QStringLiteral("bob")] = {{1, QStringLiteral("d1")}, {2, QStringLiteral("d2")}};
    bob.direct[QStringLiteral("alice")] = {{1, QStringLiteral("d1")}, {2, QStringLiteral("d2")}};
    QCOMPARE(Oracle::judge({alice, bob}, history).violations(), 0);
    // A user with no delivery at all of a conversation it is in owes every DM of it.
    bob.direct.clear();
    QCOMPARE(Oracle::judge({alice, bob}, history).dmLost, 2);
}

QTEST_GUILESS_MAIN(SoakOracleTest)
#include "tst_soakoracle.moc"
