// server/ChangeRules and RedisMessageState, the logic both engines share for replies, edits,
// deletes and reactions: what each change does to its message (fold), the reaction order, the
// reply excerpt, and the Redis state field surviving its round trip (so the compare-and-set of
// RedisStore compares what the rules decided on). The rules' refusals end to end: tst_changes
// (SQLite), tst_redis (Redis).
#include "server/ChangeRules.h"
#include "server/redis/RedisMessageState.h"

#include <QTest>

using namespace sb::server;

namespace {
AppendRequest changeBy(const QString &user, ChangeKind kind, const QString &emoji = {}, qint64 ts = 100)
{
    AppendRequest change{QStringLiteral("general"), {}, user, {}, QStringLiteral("c1"), {}, ts};
    change.kind = kind;
    change.target = 1;
    change.emoji = emoji;
    return change;
}

QStringList usersOf(const StoredMessage &m, const QString &emoji)
{
    for (const Reaction &r : m.reactions) {
        if (r.emoji == emoji)
            return r.users;
    }
    return {};
}
} // namespace

class ChangeRulesTest : public QObject
{
    Q_OBJECT

private slots:
    void reactionsKeepTheOrderPeopleReactedIn();
    void anEditSetsTheTextAndItsTime();
    void aDeleteLeavesATombstone();
    void aReplyQuotesTheFirstCharactersWholeCodePoints();
    void theRedisStateComesBackAsWritten();
    void aStateThatChangedNeverReadsTheSame();
};

void ChangeRulesTest::reactionsKeepTheOrderPeopleReactedIn()
{
    StoredMessage m;
    ChangeRules::fold(m, changeBy("bob", ChangeKind::React, "👍"));
    ChangeRules::fold(m, changeBy("alice", ChangeKind::React, "🍕"));
    ChangeRules::fold(m, changeBy("alice", ChangeKind::React, "👍"));
    QCOMPARE(m.reactions.size(), 2);
    QCOMPARE(m.reactions.at(0).emoji, QStringLiteral("👍"));
    QCOMPARE(usersOf(m, "👍"), (QStringList{"bob", "alice"}));
    ChangeRules::fold(m, changeBy("alice", ChangeKind::Unreact, "🍕"));
    QCOMPARE(m.reactions.size(), 1); // nobody left on it: the emoji goes
    ChangeRules::fold(m, changeBy("bob", ChangeKind::Unreact, "👍"));
    QCOMPARE(usersOf(m, "👍"), QStringList{"alice"});
}

void ChangeRulesTest::anEditSetsTheTextAndItsTime()
{
    StoredMessage m{QStringLiteral("general"), 1, QStringLiteral("alice"), {}, QStringLiteral("helo"), 50, QStringLiteral("m1")};
    AppendRequest edit = changeBy("alice", ChangeKind::Edit, {}, 120);
    edit.text = QStringLiteral("hello");
    ChangeRules::fold(m, edit);
    QCOMPARE(m.text, QStringLiteral("hello"));
    QCOMPARE(m.editedTs, 120);
    QCOMPARE(m.ts, 50); // the message's own time stays
}

void ChangeRulesTest::aDeleteLeavesATombstone()
{
    StoredMessage m{QStringLiteral("general"), 1, QStringLiteral("alice"), {}, QStringLiteral("secret"), 50, QStringLiteral("m1")};
    ChangeRules::fold(m, changeBy("bob", ChangeKind::React, "👍"));
    ChangeRules::fold(m, changeBy("alice", ChangeKind::Delete, {}, 130));
    QCOMPARE(m.text, QString());
    QCOMPARE(m.deletedTs, 130);
    QVERIFY(m.reactions.isEmpty());
}

void ChangeRulesTest::aReplyQuotesTheFirstCharactersWholeCodePoints()
{
    AppendRequest reply{QStringLiteral("general"), {}, QStringLiteral("bob"), {}, QStringLiteral("r1"), QStringLiteral("re"), 10};
    reply.replyTo = 1;
    // 139 letters then an emoji (two UTF-16 units): a cut at 140 would split it.
    const QString original = QString(139, u'x') + QStringLiteral("😀 and more");
    StoredMessage quote;
    QVERIFY(!ChangeRules::check(reply, 1, ChangeTarget{QStringLiteral("alice"), original, false, {}}, quote));
    QCOMPARE(quote.replyFrom, QStringLiteral("alice"));
    QCOMPARE(quote.replyText, QString(139, u'x') + QStringLiteral("…"));
    QCOMPARE(ChangeRules::excerpt(QStringLiteral("short"), 140), QStringLiteral("short"));
}

void ChangeRulesTest::theRedisStateComesBackAsWritten()
{
    StoredMessage m;
    m.editedTs = 120;
    ChangeRules::fold(m, changeBy("bob", ChangeKind::React, "👍"));
    ChangeRules::fold(m, changeBy("alice", ChangeKind::React, "👍"));
    const QByteArray field = RedisMessageState::of(m, 3).encode();
    const RedisMessageState read = RedisMessageState::decode(field);
    QCOMPARE(read.version, 3);
    QCOMPARE(read.editedTs, 120);
    QCOMPARE(read.deletedTs, 0);
    QCOMPARE(read.reactions.size(), 1);
    QCOMPARE(read.reactions.at(0).users, (QStringList{"bob", "alice"}));
    QCOMPARE(read.encode(), field);
    StoredMessage folded;
    folded.text = QStringLiteral("kept");
    read.applyTo(folded);
    QCOMPARE(folded.text, QStringLiteral("kept"));
    QCOMPARE(folded.reactions.size(), 1);
    // A message never changed has no field: the default state.
    QCOMPARE(RedisMessageState::decode({}).version, 0);
    QVERIFY(RedisMessageState::decode({}).reactions.isEmpty());
}

void ChangeRulesTest::aStateThatChangedNeverReadsTheSame()
{
    // A reaction added and taken away again leaves the same reactions, but not the same field:
    // an instance that decided on the first state must decide again.
    StoredMessage m;
    const QByteArray before = RedisMessageState::of(m, 0).encode();
    ChangeRules::fold(m, changeBy("bob", ChangeKind::React, "👍"));
    ChangeRules::fold(m, changeBy("bob", ChangeKind::Unreact, "👍"));
    QVERIFY(RedisMessageState::of(m, 2).encode() != before);
}

QTEST_GUILESS_MAIN(ChangeRulesTest)
#include "tst_changerules.moc"
