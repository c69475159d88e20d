// models/MessageListModel: merge by seq, dedupe, pending rows and their confirmation, grouping
// and day breaks across inserted neighbours, mentions, the unread marker, and a long scrollback.
// Every test runs QAbstractItemModelTester (Fatal) over the model while it changes.
#include "ChatMessages.h"
#include "models/MessageListModel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

namespace client = sb::client;
using sb::client::ChatMessage;
using sb::client::DeliveryState;
using sb::models::MessageListModel;

namespace {

// 2024-03-10 23:40:00 UTC: a few messages later the day changes.
const qint64 T0 =
    QDateTime(QDate(2024, 3, 10), QTime(23, 40), QTimeZone::utc()).toMSecsSinceEpoch();
constexpr qint64 Minute = 60 * 1000;

ChatMessage msg(
    qint64 seq, const QString &from, const QString &text, qint64 ts, const QString &clientId = {})
{
    return sb::test::chatMessage("general", seq, from, text, ts, clientId);
}

ChatMessage pending(const QString &clientId, const QString &text, qint64 ts)
{
    ChatMessage m = msg(0, "me", text, ts, clientId);
    m.delivery = DeliveryState::Pending;
    return m;
}

client::MessageChange change(client::MessageChange::Kind kind, qint64 target, const QString &from,
    const QString &value = {}, const QString &clientId = {})
{
    client::MessageChange c;
    c.room = "general";
    c.target = target;
    c.kind = kind;
    c.from = from;
    (kind == client::MessageChange::Kind::Edit ? c.text : c.emoji) = value;
    c.ts = T0 + 60000;
    c.clientId = clientId;
    return c;
}

// The model under test, already watched by the tester before anything happens to it.
struct Fixture {
    MessageListModel model;
    QAbstractItemModelTester tester { &model,
        QAbstractItemModelTester::FailureReportingMode::Fatal };

    Fixture()
    {
        model.setTimeZone(QTimeZone::utc());
        model.setOwnUser("me");
        model.setConversation("general");
    }

    QVariant at(int row, int role) const { return model.data(model.index(row), role); }
    bool flag(int row, int role) const { return at(row, role).toBool(); }

    QList<qint64> seqs() const
    {
        QList<qint64> result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(at(row, MessageListModel::SeqRole).toLongLong());
        return result;
    }

    QStringList clientIds() const
    {
        QStringList result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(at(row, MessageListModel::ClientIdRole).toString());
        return result;
    }
};

// Whether some dataChanged in the spy covers `row` and names `role` (or all roles).
bool changed(const QSignalSpy &spy, int row, int role)
{
    for (const QList<QVariant> &args : spy) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        const auto roles = args.at(2).value<QList<int>>();
        if (topLeft.row() <= row && row <= bottomRight.row()
            && (roles.isEmpty() || roles.contains(role)))
            return true;
    }
    return false;
}

QPair<int, int> range(const QList<QVariant> &insertArgs)
{
    return { insertArgs.at(1).toInt(), insertArgs.at(2).toInt() };
}

} // namespace

class MessageListModelTest : public QObject {
    Q_OBJECT

private slots:
    void rolesOfConfirmedMessages()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "hi", T0, "a-1"), msg(2, "me", "hello", T0 + 1000) });
        QCOMPARE(f.model.rowCount(), 2);
        QCOMPARE(f.at(0, MessageListModel::SeqRole).toLongLong(), 1);
        QCOMPARE(f.at(0, MessageListModel::AuthorRole).toString(), "alice");
        QCOMPARE(f.at(0, MessageListModel::TextRole).toString(), "hi");
        QCOMPARE(f.at(0, Qt::DisplayRole).toString(), "hi");
        QCOMPARE(f.at(0, MessageListModel::TimestampRole).toDateTime(),
            QDateTime::fromMSecsSinceEpoch(T0, QTimeZone::utc()));
        QCOMPARE(f.at(0, MessageListModel::DeliveryRole).toInt(), int(DeliveryState::Acked));
        QCOMPARE(f.at(0, MessageListModel::ClientIdRole).toString(), "a-1");
        QVERIFY(!f.flag(0, MessageListModel::IsOwnRole));
        QVERIFY(f.flag(1, MessageListModel::IsOwnRole));
        QCOMPARE(f.model.oldestSeq(), 1);
        QCOMPARE(f.model.newestSeq(), 2);
        QCOMPARE(f.model.roleNames().value(MessageListModel::GroupedWithPreviousRole),
            "groupedWithPrevious");
    }

    void duplicatesAreIgnored()
    {
        Fixture f;
        f.model.addMessages(
            { msg(1, "alice", "one", T0), msg(2, "alice", "two", T0), msg(3, "bob", "three", T0) });
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        // Seq 2 again (a history page, whose text is after its edits), seq 3 as it was, seq 4
        // twice inside one batch.
        f.model.addMessages({ msg(2, "alice", "two, edited", T0), msg(4, "bob", "four", T0),
            msg(4, "bob", "four again", T0), msg(3, "bob", "three", T0) });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3, 4 }));
        QCOMPARE(f.at(1, MessageListModel::TextRole).toString(), "two, edited"); // no second row
        QCOMPARE(f.at(3, MessageListModel::TextRole).toString(), "four"); // the first copy in a batch
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(range(inserted.at(0)), qMakePair(3, 3));
    }

    void unconfirmedAndForeignMessagesAreIgnored()
    {
        Fixture f;
        ChatMessage other = msg(5, "bob", "elsewhere", T0);
        other.room = "random";
        f.model.addMessages({ msg(0, "bob", "no seq", T0), other });
        QCOMPARE(f.model.rowCount(), 0);
        ChatMessage noRoom = msg(6, "bob", "no room", T0);
        noRoom.room.clear();
        f.model.addMessages({ noRoom });
        QCOMPARE(f.seqs(), (QList<qint64> { 6 }));
    }

    void olderPageIsOneInsertAtTheTop()
    {
        Fixture f;
        f.model.addMessages(
            { msg(10, "a", "x", T0), msg(11, "a", "x", T0), msg(12, "a", "x", T0) });
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        QList<ChatMessage> page;
        for (qint64 seq = 9; seq >= 5; --seq) // any order: the model sorts
            page.append(msg(seq, "a", "old", T0 - Minute));
        f.model.addMessages(page);
        QCOMPARE(f.seqs(), (QList<qint64> { 5, 6, 7, 8, 9, 10, 11, 12 }));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(range(inserted.at(0)), qMakePair(0, 4));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(f.model.oldestSeq(), 5);
    }

    void interleavedSeqsInsertAsRuns()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "a", "x", T0), msg(5, "a", "x", T0), msg(10, "a", "x", T0) });
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        f.model.addMessages({ msg(12, "a", "x", T0), msg(3, "a", "x", T0), msg(7, "a", "x", T0),
            msg(4, "a", "x", T0) });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 3, 4, 5, 7, 10, 12 }));
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(range(inserted.at(0)), qMakePair(1, 2));
        QCOMPARE(range(inserted.at(1)), qMakePair(4, 4));
        QCOMPARE(range(inserted.at(2)), qMakePair(6, 6));
        QCOMPARE(f.model.rowForSeq(7), 4);
        QCOMPARE(f.model.rowForSeq(6), -1);
    }

    void pendingRowsStayAtTheEnd()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "a", T0), msg(2, "alice", "b", T0) });
        QVERIFY(f.model.addPending(pending("c1", "first", T0 + 1)));
        QVERIFY(f.model.addPending(pending("c2", "second", T0 + 2)));
        QVERIFY(!f.model.addPending(pending("c1", "again", T0 + 3))); // already pending
        QVERIFY(!f.model.addPending(pending("", "no id", T0 + 3)));
        f.model.addMessages({ msg(3, "bob", "c", T0 + 4) });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3, 0, 0 }));
        QCOMPARE(f.clientIds().mid(3), (QStringList { "c1", "c2" }));
        QCOMPARE(f.at(3, MessageListModel::DeliveryRole).toInt(), int(DeliveryState::Pending));
        QVERIFY(f.flag(3, MessageListModel::IsOwnRole));
        QCOMPARE(f.model.pendingCount(), 2);
        QCOMPARE(f.model.newestSeq(), 3);
    }

    void confirmationReplacesPendingInPlace()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "a", T0) });
        f.model.addPending(pending("c1", "hello", T0 + 10));
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(&f.model, &QAbstractItemModel::rowsMoved);
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.addMessages({ msg(2, "me", "hello", T0 + 20, "c1") });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2 }));
        QCOMPARE(f.at(1, MessageListModel::DeliveryRole).toInt(), int(DeliveryState::Acked));
        QCOMPARE(f.model.pendingCount(), 0);
        QCOMPARE(inserted.count() + removed.count() + moved.count(), 0);
        QVERIFY(changed(dataChanged, 1, MessageListModel::SeqRole));
    }

    void confirmationMovesPendingToItsSeq()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "a", T0), msg(2, "alice", "b", T0) });
        f.model.addPending(pending("c1", "first", T0 + 1));
        f.model.addPending(pending("c2", "second", T0 + 2));
        // Someone else's message got seq 3 first; then c2's ack arrives before c1's.
        f.model.addMessages({ msg(3, "bob", "c", T0 + 3) });
        QSignalSpy moved(&f.model, &QAbstractItemModel::rowsMoved);
        f.model.addMessages({ msg(4, "me", "second", T0 + 4, "c2") });
        QCOMPARE(moved.count(), 1);
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3, 4, 0 }));
        QCOMPARE(f.clientIds().mid(3), (QStringList { "c2", "c1" }));
        f.model.addMessages({ msg(5, "me", "first", T0 + 5, "c1") });
        QCOMPARE(moved.count(), 1); // the last pending row became the last confirmed one in place
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3, 4, 5 }));
    }

    void confirmationAfterNewerMessagesMovesUp()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "a", T0) });
        f.model.addPending(pending("c1", "mine", T0 + 1));
        f.model.addMessages({ msg(3, "bob", "later", T0 + 3) });
        f.model.addMessages({ msg(2, "me", "mine", T0 + 2, "c1") });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3 }));
        QCOMPARE(f.clientIds().at(1), "c1");
    }

    void clientIdOfAnotherSenderDoesNotReplace()
    {
        Fixture f;
        f.model.addPending(pending("c1", "mine", T0));
        f.model.addMessages({ msg(1, "bob", "his", T0 + 1, "c1") });
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 0 }));
        QCOMPARE(f.model.pendingRowFor("c1"), 1);
    }

    void echoOfConfirmedMessageDropsItsPendingCopy()
    {
        Fixture f;
        f.model.addMessages({ msg(5, "me", "sent", T0, "c1") });
        f.model.addPending(pending("c1", "sent", T0)); // e.g. the outbox restored after a restart
        QCOMPARE(f.model.rowCount(), 2);
        f.model.addMessages({ msg(5, "me", "sent", T0, "c1") });
        QCOMPARE(f.seqs(), (QList<qint64> { 5 }));
    }

    void deliveryStateAndDiscard()
    {
        Fixture f;
        f.model.addPending(pending("c1", "one", T0));
        f.model.addPending(pending("c2", "two", T0 + 1000));
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.model.setDelivery("c1", DeliveryState::Failed, "Message too long"));
        QVERIFY(!f.model.setDelivery("nope", DeliveryState::Sent));
        QCOMPARE(f.at(0, MessageListModel::DeliveryRole).toInt(), int(DeliveryState::Failed));
        QCOMPARE(f.at(0, MessageListModel::ErrorTextRole).toString(), "Message too long");
        QVERIFY(changed(dataChanged, 0, MessageListModel::DeliveryRole));
        QVERIFY(f.flag(1, MessageListModel::GroupedWithPreviousRole));

        dataChanged.clear();
        QVERIFY(f.model.removePending("c1"));
        QVERIFY(!f.model.removePending("c1"));
        QCOMPARE(f.clientIds(), (QStringList { "c2" }));
        // c2 lost the row it was grouped with and now opens the day.
        QVERIFY(!f.flag(0, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(f.flag(0, MessageListModel::DayBreakRole));
        QVERIFY(changed(dataChanged, 0, MessageListModel::DayBreakRole));
    }

    void groupingAndDayBreaks()
    {
        Fixture f;
        const qint64 nextDay =
            QDateTime(QDate(2024, 3, 11), QTime(0, 0, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        f.model.addMessages({
            msg(1, "alice", "a", T0),
            msg(2, "alice", "b", T0 + 5 * Minute), // exactly 5 min: grouped
            msg(3, "alice", "c", T0 + 10 * Minute + 1), // 5 min + 1 ms: not grouped
            msg(4, "bob", "d", T0 + 17 * Minute), // 23:57, another author
            msg(5, "bob", "e", nextDay - 40 * 1000), // 23:59:50, same author: grouped
            msg(6, "bob", "f", nextDay), // 40 s later but a new day
        });
        const QList<bool> grouped { false, true, false, false, true, false };
        const QList<bool> dayBreak { true, false, false, false, false, true };
        for (int row = 0; row < 6; ++row) {
            QCOMPARE(f.flag(row, MessageListModel::GroupedWithPreviousRole), grouped.at(row));
            QCOMPARE(f.flag(row, MessageListModel::DayBreakRole), dayBreak.at(row));
        }
    }

    void insertionUpdatesNeighbours()
    {
        Fixture f;
        f.model.addMessages({ msg(2, "alice", "b", T0), msg(3, "alice", "c", T0 + Minute),
            msg(10, "alice", "x", T0 + 2 * Minute), msg(12, "alice", "z", T0 + 3 * Minute) });
        QVERIFY(f.flag(0, MessageListModel::DayBreakRole));
        QVERIFY(f.flag(3, MessageListModel::GroupedWithPreviousRole));

        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.addMessages({ msg(1, "alice", "a", T0 - Minute) }); // joins the group at the top
        QVERIFY(!f.flag(1, MessageListModel::DayBreakRole));
        QVERIFY(f.flag(1, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(changed(dataChanged, 1, MessageListModel::DayBreakRole));
        QVERIFY(changed(dataChanged, 1, MessageListModel::GroupedWithPreviousRole));

        dataChanged.clear();
        f.model.addMessages({ msg(11, "bob", "y", T0 + 2 * Minute + 1) }); // splits a group
        QCOMPARE(f.seqs(), (QList<qint64> { 1, 2, 3, 10, 11, 12 }));
        QVERIFY(!f.flag(4, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(!f.flag(5, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(changed(dataChanged, 5, MessageListModel::GroupedWithPreviousRole));
    }

    void dayBreaksFollowTheTimeZone()
    {
        Fixture f;
        const qint64 late =
            QDateTime(QDate(2024, 3, 10), QTime(22, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        f.model.addMessages(
            { msg(1, "alice", "a", late), msg(2, "alice", "b", late + 3 * 60 * Minute) });
        QVERIFY(f.flag(1, MessageListModel::DayBreakRole)); // 01:30 UTC the next day
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setTimeZone(QTimeZone(3 * 3600)); // 01:30 and 04:30 on the same day
        QVERIFY(!f.flag(1, MessageListModel::DayBreakRole));
        QVERIFY(changed(dataChanged, 1, MessageListModel::DayBreakRole));
        QCOMPARE(f.at(0, MessageListModel::TimestampRole).toDateTime().time(), QTime(1, 30));
    }

    void mentions()
    {
        Fixture f;
        f.model.setOwnUser("bob");
        const QStringList texts { "hey @bob", "Bob, look", "hi @BOB!", "bobby", "kabob", "@bobcat",
            "bob_x", "bob" };
        QList<ChatMessage> messages;
        for (int i = 0; i < texts.size(); ++i)
            messages.append(msg(i + 1, "alice", texts.at(i), T0));
        messages.append(msg(99, "bob", "bob talks about bob", T0));
        f.model.addMessages(messages);
        const QList<bool> expected { true, true, true, false, false, false, false, true, false };
        for (int row = 0; row < expected.size(); ++row)
            QCOMPARE(f.flag(row, MessageListModel::IsMentionRole), expected.at(row));

        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setOwnUser("alice"); // her own messages never mention her
        QVERIFY(!f.flag(0, MessageListModel::IsMentionRole));
        QVERIFY(f.flag(0, MessageListModel::IsOwnRole));
        QVERIFY(!f.flag(8, MessageListModel::IsOwnRole));
        QVERIFY(changed(dataChanged, 8, MessageListModel::IsOwnRole));
    }

    void noMentionsInADirectConversation()
    {
        Fixture f;
        f.model.setOwnUser("bob");
        f.model.setConversation("@alice");
        ChatMessage direct = msg(1, "alice", "hey bob, got a minute?", T0);
        direct.room = "@alice";
        f.model.addMessages({ direct });
        QCOMPARE(f.model.rowCount(), 1);
        QVERIFY(!f.flag(0, MessageListModel::IsMentionRole));
    }

    void newMessagesLineStartsAFreshHeader()
    {
        // One author's run split by the "New messages" line: the row under the line repeats the
        // header (name, time, avatar), as if a new run began; the line moving on regroups it.
        Fixture f;
        f.model.addMessages({ msg(2, "a", "x", T0), msg(3, "a", "x", T0 + 1000),
            msg(4, "a", "x", T0 + 2000) });
        QVERIFY(f.flag(1, MessageListModel::GroupedWithPreviousRole));
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setLastRead(2);
        QVERIFY(f.flag(1, MessageListModel::FirstUnreadRole));
        QVERIFY(!f.flag(1, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(f.flag(2, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(changed(dataChanged, 1, MessageListModel::GroupedWithPreviousRole));

        dataChanged.clear();
        f.model.setLastRead(3);
        QVERIFY(f.flag(1, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(!f.flag(2, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(changed(dataChanged, 1, MessageListModel::GroupedWithPreviousRole));
        QVERIFY(changed(dataChanged, 2, MessageListModel::GroupedWithPreviousRole));
    }

    void firstUnreadMarker()
    {
        Fixture f;
        f.model.addMessages({ msg(2, "a", "x", T0), msg(3, "a", "x", T0), msg(4, "a", "x", T0),
            msg(5, "a", "x", T0) });
        QCOMPARE(f.model.firstUnreadRow(), -1); // unknown last read: no marker
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setLastRead(3);
        QCOMPARE(f.model.firstUnreadRow(), 2);
        QVERIFY(f.flag(2, MessageListModel::FirstUnreadRole));
        QVERIFY(!f.flag(1, MessageListModel::FirstUnreadRole));
        QVERIFY(changed(dataChanged, 2, MessageListModel::FirstUnreadRole));

        f.model.addMessages({ msg(1, "a", "old", T0) }); // history below the marker: it stays
        QCOMPARE(f.model.firstUnreadRow(), 3);
        QCOMPARE(f.at(3, MessageListModel::SeqRole).toLongLong(), 4);

        dataChanged.clear();
        f.model.setLastRead(5);
        QCOMPARE(f.model.firstUnreadRow(), -1);
        QVERIFY(changed(dataChanged, 3, MessageListModel::FirstUnreadRole));
        f.model.addPending(pending("c1", "mine", T0));
        QCOMPARE(f.model.firstUnreadRow(), -1); // pending rows are never unread
        f.model.addMessages({ msg(6, "a", "new", T0) });
        QCOMPARE(f.model.firstUnreadRow(), 5);
        f.model.setLastRead(0);
        QCOMPARE(f.model.firstUnreadRow(), 0);
    }

    void conversationSwitchClears()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "a", "x", T0) });
        f.model.addPending(pending("c1", "x", T0));
        f.model.setLastRead(0);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        f.model.setConversation("@bob");
        QCOMPARE(reset.count(), 1);
        QCOMPARE(f.model.rowCount(), 0);
        QCOMPARE(f.model.lastRead(), -1);
        QCOMPARE(f.model.oldestSeq(), 0);
        f.model.addMessages({ msg(2, "a", "general", T0) });
        QCOMPARE(f.model.rowCount(), 0);
        ChatMessage direct = msg(1, "bob", "psst", T0);
        direct.room = "@bob";
        f.model.addMessages({ direct });
        QCOMPARE(f.model.rowCount(), 1);
    }

    void rolesOfAMessagesState()
    {
        Fixture f;
        ChatMessage reply = msg(2, "bob", "sure", T0 + 1000);
        client::MessageState &state = reply.editState();
        state.replyTo = 1;
        state.replyAuthor = "me";
        state.replyQuote = "lunch?";
        state.editedAt = T0 + 5000;
        state.reactions = { { "👍", { "alice", "me" }, 2 }, { "🍕", { "alice" }, 1 } };
        ChatMessage tombstone = msg(3, "alice", "", T0 + 2000);
        tombstone.editState().deleted = true;
        f.model.addMessages({ msg(1, "me", "lunch?", T0), reply, tombstone });

        QCOMPARE(f.at(1, MessageListModel::ReplyToRole).toLongLong(), 1);
        QCOMPARE(f.at(1, MessageListModel::ReplyAuthorRole).toString(), "me");
        QCOMPARE(f.at(1, MessageListModel::ReplyQuoteRole).toString(), "lunch?");
        QCOMPARE(f.at(1, MessageListModel::EditedAtRole).toDateTime(),
            QDateTime::fromMSecsSinceEpoch(T0 + 5000, QTimeZone::utc()));
        const QVariantList reactions = f.at(1, MessageListModel::ReactionsRole).toList();
        QCOMPARE(reactions.size(), 2);
        const QVariantMap thumbs = reactions.at(0).toMap();
        QCOMPARE(thumbs.value("emoji").toString(), "👍");
        QCOMPARE(thumbs.value("count").toInt(), 2);
        QCOMPARE(thumbs.value("users").toStringList(), QStringList({ "alice", "me" }));
        QCOMPARE(thumbs.value("mine").toBool(), true);
        QCOMPARE(reactions.at(1).toMap().value("mine").toBool(), false);
        QVERIFY(f.flag(2, MessageListModel::DeletedRole));
        QCOMPARE(f.at(2, MessageListModel::TextRole).toString(), QString());
        // A message without any of it.
        QCOMPARE(f.at(0, MessageListModel::ReplyToRole).toLongLong(), 0);
        QVERIFY(!f.at(0, MessageListModel::EditedAtRole).toDateTime().isValid());
        QVERIFY(!f.flag(0, MessageListModel::DeletedRole));
        QVERIFY(f.at(0, MessageListModel::ReactionsRole).toList().isEmpty());
        QVERIFY(!f.flag(0, MessageListModel::ChangePendingRole));
        QCOMPARE(f.model.roleNames().value(MessageListModel::ReactionsRole), "reactions");
    }

    void aChangeUpdatesItsRowInPlace()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "alice", "helo @me", T0), msg(2, "bob", "hi", T0 + 1000),
            msg(3, "carol", "yo", T0 + 2000) });
        QSignalSpy changedRows(&f.model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);

        QVERIFY(f.model.applyChange(change(client::MessageChange::Kind::Edit, 1, "alice", "hello")));
        QCOMPARE(changedRows.count(), 1); // that row, once
        QCOMPARE(changedRows.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(changedRows.at(0).at(1).value<QModelIndex>().row(), 0);
        QCOMPARE(f.at(0, MessageListModel::TextRole).toString(), "hello");
        QVERIFY(f.at(0, MessageListModel::EditedAtRole).toDateTime().isValid());
        QVERIFY(!f.flag(0, MessageListModel::IsMentionRole)); // the edit took the mention out

        client::MessageChange react = change(client::MessageChange::Kind::React, 2, "me", "🎉");
        QVERIFY(f.model.applyChange(react));
        QVERIFY(!f.model.applyChange(react)); // again: nothing changes, nothing is signalled
        QCOMPARE(changedRows.count(), 2);
        QCOMPARE(changedRows.at(1).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(f.at(1, MessageListModel::ReactionsRole).toList().at(0).toMap().value("mine").toBool(), true);

        react.target = 99; // not loaded here
        QVERIFY(!f.model.applyChange(react));
        react.room = "random"; // another conversation's
        react.target = 3;
        QVERIFY(!f.model.applyChange(react));
        QCOMPARE(changedRows.count(), 2);
        QCOMPARE(inserted.count() + removed.count() + reset.count(), 0);
    }

    void aDeleteEmptiesTheQuotesOfIt()
    {
        Fixture f;
        ChatMessage reply = msg(2, "bob", "nice", T0 + 1000);
        reply.editState().replyTo = 1;
        reply.editState().replyQuote = "my plan";
        ChatMessage unrelated = msg(3, "carol", "other", T0 + 2000);
        unrelated.editState().replyTo = 2;
        unrelated.editState().replyQuote = "nice";
        f.model.addMessages({ msg(1, "alice", "my plan", T0), reply, unrelated });
        QSignalSpy changedRows(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.model.applyChange(change(client::MessageChange::Kind::Delete, 1, "alice")));
        QVERIFY(f.flag(0, MessageListModel::DeletedRole));
        QCOMPARE(f.at(0, MessageListModel::TextRole).toString(), QString());
        QCOMPARE(f.at(1, MessageListModel::ReplyQuoteRole).toString(), QString());
        QCOMPARE(f.at(1, MessageListModel::ReplyToRole).toLongLong(), 1);
        QCOMPARE(f.at(2, MessageListModel::ReplyQuoteRole).toString(), "nice");
        QVERIFY(changed(changedRows, 0, MessageListModel::DeletedRole));
        QVERIFY(changed(changedRows, 1, MessageListModel::ReplyQuoteRole));
        QVERIFY(!changed(changedRows, 2, MessageListModel::ReplyQuoteRole));
        QCOMPARE(f.model.lastOwnLiveSeq(), 0);
    }

    void pendingChangesShowUntilSettled()
    {
        Fixture f;
        f.model.addMessages({ msg(1, "me", "helo", T0), msg(2, "bob", "hi", T0 + 1000) });
        const client::MessageChange edit = change(client::MessageChange::Kind::Edit, 1, "me", "hello", "e1");
        client::MessageChange react = change(client::MessageChange::Kind::React, 2, "me", "👍", "r1");
        QVERIFY(f.model.addPendingChange(edit));
        QVERIFY(!f.model.addPendingChange(edit)); // the same change once
        QVERIFY(f.model.addPendingChange(react));
        QVERIFY(f.flag(0, MessageListModel::ChangePendingRole));
        QCOMPARE(f.at(0, MessageListModel::TextRole).toString(), "hello"); // shown at once
        QCOMPARE(f.model.message(0).text, "helo");                         // not confirmed
        QCOMPARE(f.at(1, MessageListModel::ReactionsRole).toList().size(), 1);

        // Acked: the confirmed change settles the pending one (same client id).
        client::MessageChange confirmed = edit;
        confirmed.seq = 3;
        QSignalSpy changedRows(&f.model, &QAbstractItemModel::dataChanged);
        QVERIFY(f.model.applyChange(confirmed));
        QVERIFY(!f.flag(0, MessageListModel::ChangePendingRole));
        QCOMPARE(f.at(0, MessageListModel::TextRole).toString(), "hello");
        QCOMPARE(changedRows.count(), 1);
        // Refused: the row shows what it was.
        QVERIFY(f.model.removePendingChange("r1"));
        QVERIFY(!f.model.removePendingChange("r1"));
        QVERIFY(!f.flag(1, MessageListModel::ChangePendingRole));
        QVERIFY(f.at(1, MessageListModel::ReactionsRole).toList().isEmpty());
        react.target = 42;
        react.clientId = "r2";
        QVERIFY(!f.model.addPendingChange(react)); // no such row
        f.model.setConversation("general"); // pending changes belong to the rows they change
        QVERIFY(!f.model.removePendingChange("e1"));
    }

    void lastOwnLiveSeqFindsTheNewestEditable()
    {
        Fixture f;
        QCOMPARE(f.model.lastOwnLiveSeq(), 0);
        ChatMessage gone = msg(3, "me", "", T0 + 2000);
        gone.editState().deleted = true;
        f.model.addMessages({ msg(1, "me", "first", T0), msg(2, "me", "second", T0 + 1000), gone,
            msg(4, "bob", "his", T0 + 3000) });
        f.model.addPending(pending("c9", "unsent", T0 + 4000));
        QCOMPARE(f.model.lastOwnLiveSeq(), 2);
    }

    void peerReadSeqIsKeptPerConversation()
    {
        Fixture f;
        f.model.setConversation("@bob");
        QSignalSpy spy(&f.model, &MessageListModel::peerReadSeqChanged);
        QCOMPARE(f.model.peerReadSeq(), -1);
        f.model.setPeerReadSeq(7);
        QCOMPARE(f.model.peerReadSeq(), 7);
        QCOMPARE(spy.count(), 1);
        f.model.setConversation("@carol");
        QCOMPARE(f.model.peerReadSeq(), -1);
    }

    void hundredThousandMessages()
    {
        Fixture f;
        constexpr int Count = 100'000;
        const QStringList authors { "alice", "bob", "carol" };
        QList<ChatMessage> batch;
        batch.reserve(Count);
        // Seqs 1001..101000, one message every 2 s: about 2.3 days.
        for (int i = 0; i < Count; ++i)
            batch.append(msg(1001 + i, authors.at((i / 3) % 3), "message", T0 + qint64(i) * 2000));
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        f.model.addMessages(batch);
        QCOMPARE(f.model.rowCount(), Count);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(f.model.oldestSeq(), 1001);
        QCOMPARE(f.model.newestSeq(), 101000);
        QCOMPARE(f.model.rowForSeq(54321), 54321 - 1001);

        // Live messages, one call each. Only 50: the tester re-walks all rows after every insert.
        for (int i = 0; i < 50; ++i)
            f.model.addMessages({ msg(101001 + i, "dave", "live", T0 + qint64(Count + i) * 2000) });
        f.model.addPending(pending("c1", "mine", T0 + qint64(Count + 50) * 2000));
        QList<ChatMessage> page; // the oldest page, scrolled back to
        for (int i = 0; i < 1000; ++i)
            page.append(msg(1 + i, "erin", "old", T0 - qint64(1000 - i) * 2000));
        f.model.addMessages(page);
        QCOMPARE(inserted.count(), 1 + 50 + 1 + 1);
        QCOMPARE(f.model.rowCount(), Count + 1051);
        QCOMPARE(f.model.oldestSeq(), 1);
        QCOMPARE(f.model.newestSeq(), 101050);
        QCOMPARE(f.model.pendingRowFor("c1"), Count + 1050);

        int dayBreaks = 0;
        int grouped = 0;
        for (int row = 0; row < f.model.rowCount(); ++row) {
            dayBreaks += f.flag(row, MessageListModel::DayBreakRole);
            grouped += f.flag(row, MessageListModel::GroupedWithPreviousRole);
        }
        // Days: Mar 10 (from 23:06:40), 11, 12 and 13 (the newest at about 07:15 UTC).
        QCOMPARE(dayBreaks, 4);
        QVERIFY(grouped > f.model.rowCount() / 2);
        QCOMPARE(f.at(f.model.rowCount() - 2, MessageListModel::SeqRole).toLongLong(), 101050);
    }
};

QTEST_GUILESS_MAIN(MessageListModelTest)
#include "tst_messagelistmodel.moc"
