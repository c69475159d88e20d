// models/PresenceModel: status-then-name order kept with moves, joins and leaves, snapshots
// (reset for another room, changes for the same one), typing and its text.
// Every test runs QAbstractItemModelTester (Fatal) over the model while it changes.
#include "models/PresenceModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using sb::client::PresenceEntry;
using sb::models::PresenceModel;

namespace {

struct Fixture {
    PresenceModel model;
    QAbstractItemModelTester tester { &model,
        QAbstractItemModelTester::FailureReportingMode::Fatal };

    Fixture()
    {
        model.setSnapshot("general",
            { { "carol", "away" }, { "alice", "online" }, { "bob", "busy" }, { "Dave", "online" },
                { "eve", "offline" }, { "zed", "dnd" },
                { "alice", "away" } }); // a duplicate: the first one counts
    }

    QStringList users() const
    {
        QStringList result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(model.data(model.index(row), PresenceModel::UserNameRole).toString());
        return result;
    }

    bool typing(const QString &user) const
    {
        return model.data(model.index(model.rowOf(user)), PresenceModel::IsTypingRole).toBool();
    }
};

} // namespace

class PresenceModelTest : public QObject {
    Q_OBJECT

private slots:
    void snapshotIsSortedByStatusThenName()
    {
        Fixture f;
        QCOMPARE(f.users(), (QStringList { "alice", "Dave", "bob", "carol", "zed", "eve" }));
        QCOMPARE(f.model.data(f.model.index(2), PresenceModel::StatusRole).toString(), "busy");
        QCOMPARE(f.model.data(f.model.index(0), Qt::DisplayRole).toString(), "alice");
        QCOMPARE(f.model.room(), "general");
        QCOMPARE(f.model.onlineCount(), 5);
    }

    void statusChangeMovesTheRow()
    {
        Fixture f;
        QSignalSpy moved(&f.model, &QAbstractItemModel::rowsMoved);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setStatus("alice", "away");
        QCOMPARE(f.users(), (QStringList { "Dave", "bob", "alice", "carol", "zed", "eve" }));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(dataChanged.count(), 1);
        f.model.setStatus("alice", "away"); // no change, no signal
        QCOMPARE(dataChanged.count(), 1);
        f.model.setStatus("eve", "online"); // from the bottom to the top
        QCOMPARE(f.users(), (QStringList { "Dave", "eve", "bob", "alice", "carol", "zed" }));
        f.model.setStatus("carol", "busy"); // up one place
        QCOMPARE(f.users(), (QStringList { "Dave", "eve", "bob", "carol", "alice", "zed" }));
        f.model.setStatus("Dave", "online"); // the same place
        QCOMPARE(moved.count(), 3);
        QCOMPARE(reset.count(), 0);
    }

    void heldOrderKeepsRowsStillUntilReleased()
    {
        // The pointer is over the list: a change must not move the row the user is aiming at.
        Fixture f;
        QSignalSpy moved(&f.model, &QAbstractItemModel::rowsMoved);
        QSignalSpy layout(&f.model, &QAbstractItemModel::layoutChanged);
        f.model.setOrderHeld(true);
        const QPersistentModelIndex bob = f.model.index(f.model.rowOf("bob"));
        f.model.setStatus("alice", "offline");
        f.model.setStatus("eve", "online");
        f.model.userJoined("aaron"); // would sort first
        QCOMPARE(f.users(), (QStringList { "alice", "Dave", "bob", "carol", "zed", "eve", "aaron" }));
        QCOMPARE(f.model.status("alice"), QString("offline")); // changed, in place
        QCOMPARE(moved.count(), 0);

        f.model.setOrderHeld(false);
        QCOMPARE(f.users(), (QStringList { "aaron", "Dave", "eve", "bob", "carol", "zed", "alice" }));
        QCOMPARE(layout.count(), 1);
        QCOMPARE(bob.row(), 3); // persistent indexes follow their people
        f.model.setOrderHeld(true);
        f.model.setOrderHeld(false); // nothing changed meanwhile: no relayout
        QCOMPARE(layout.count(), 1);
    }

    void joinsAndLeaves()
    {
        Fixture f;
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        f.model.userJoined("bea");
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        f.model.userJoined("bob"); // already here: keeps being busy
        QCOMPARE(f.model.status("bob"), "busy");
        f.model.setStatus("frank", "");
        QCOMPARE(f.model.status("frank"), "online");
        QCOMPARE(f.users(),
            (QStringList { "alice", "bea", "Dave", "frank", "bob", "carol", "zed", "eve" }));
        f.model.userLeft("Dave");
        f.model.userLeft("nobody");
        QCOMPARE(
            f.users(), (QStringList { "alice", "bea", "frank", "bob", "carol", "zed", "eve" }));
        QCOMPARE(f.model.rowOf("Dave"), -1);
    }

    void typingTextVariants()
    {
        Fixture f;
        QSignalSpy typingChanged(&f.model, &PresenceModel::typingChanged);
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        QCOMPARE(f.model.typingText(), QString());
        f.model.setTyping("alice", true);
        QCOMPARE(f.model.typingText(), "alice is typing…");
        QVERIFY(f.typing("alice"));
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(dataChanged.at(0).at(2).value<QList<int>>(),
            QList<int> { PresenceModel::IsTypingRole });
        f.model.setTyping("alice", true); // already typing
        QCOMPARE(typingChanged.count(), 1);
        f.model.setTyping("bob", true);
        QCOMPARE(f.model.typingText(), "alice and bob are typing…");
        f.model.setTyping("carol", true);
        QCOMPARE(f.model.typingText(), "3 people are typing…");
        f.model.setTyping("newcomer", true); // presence not here yet: typing still counts
        QCOMPARE(f.model.typingText(), "4 people are typing…");
        f.model.setTyping("bob", false);
        f.model.setTyping("newcomer", false);
        QCOMPARE(f.model.typingText(), "alice and carol are typing…");
        QCOMPARE(f.model.typingUsers(), (QStringList { "alice", "carol" }));
        QVERIFY(!f.typing("bob"));
        QCOMPARE(typingChanged.count(), 6);
    }

    void leavingStopsTyping()
    {
        Fixture f;
        f.model.setTyping("bob", true);
        QSignalSpy typingChanged(&f.model, &PresenceModel::typingChanged);
        f.model.userLeft("bob");
        QCOMPARE(f.model.typingUsers(), QStringList());
        QCOMPARE(typingChanged.count(), 1);
    }

    void snapshotOfTheSameRoomAppliesChanges()
    {
        Fixture f;
        f.model.setTyping("carol", true);
        f.model.setTyping("alice", true);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        f.model.setSnapshot(
            "general", { { "alice", "online" }, { "bob", "away" }, { "gus", "online" } });
        QCOMPARE(reset.count(), 0);
        QCOMPARE(f.users(), (QStringList { "alice", "gus", "bob" }));
        QCOMPARE(f.model.typingUsers(), QStringList { "alice" });
        QVERIFY(f.typing("alice"));
    }

    void snapshotOfAnotherRoomResets()
    {
        Fixture f;
        f.model.setTyping("alice", true);
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        QSignalSpy typingChanged(&f.model, &PresenceModel::typingChanged);
        f.model.setSnapshot("random", { { "zoe", "busy" }, { "yan", "busy" } });
        QCOMPARE(reset.count(), 1);
        QCOMPARE(typingChanged.count(), 1);
        QCOMPARE(f.users(), (QStringList { "yan", "zoe" }));
        QCOMPARE(f.model.typingText(), QString());

        f.model.clear();
        QCOMPARE(f.model.rowCount(), 0);
        QCOMPARE(f.model.room(), QString());
        QCOMPARE(f.model.onlineCount(), 0);
    }
};

QTEST_GUILESS_MAIN(PresenceModelTest)
#include "tst_presencemodel.moc"
