// models/RoomListModel: order (rooms, then directs, alphabetical) kept by inserting in place,
// setRooms merging, unread and mention rules, the total for the window title.
// Every test runs QAbstractItemModelTester (Fatal) over the model while it changes.
#include "ChatMessages.h"
#include "models/RoomListModel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using sb::client::ChatMessage;
using sb::models::RoomListModel;

namespace {

constexpr qint64 T0 = 1'732'300'000'000;

ChatMessage msg(
    const QString &room, qint64 seq, const QString &from, const QString &text, qint64 ts = T0)
{
    return sb::test::chatMessage(room, seq, from, text, ts);
}

struct Fixture {
    RoomListModel model;
    QAbstractItemModelTester tester { &model,
        QAbstractItemModelTester::FailureReportingMode::Fatal };

    QVariant at(const QString &name, int role) const
    {
        return model.data(model.index(model.rowOf(name)), role);
    }

    QStringList names() const
    {
        QStringList result;
        for (int row = 0; row < model.rowCount(); ++row)
            result.append(model.data(model.index(row), RoomListModel::NameRole).toString());
        return result;
    }
};

} // namespace

class RoomListModelTest : public QObject {
    Q_OBJECT

private slots:
    void roomsFirstThenDirectsAlphabetically()
    {
        Fixture f;
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QVERIFY(f.model.addConversation("random", RoomListModel::RoomKind));
        QVERIFY(f.model.addConversation("@bob", RoomListModel::DirectKind));
        QVERIFY(f.model.addConversation("General", RoomListModel::RoomKind));
        QVERIFY(f.model.addConversation("@alice", RoomListModel::DirectKind));
        QVERIFY(f.model.addConversation("markets", RoomListModel::RoomKind));
        QVERIFY(!f.model.addConversation("markets", RoomListModel::RoomKind));
        QVERIFY(!f.model.addConversation("", RoomListModel::RoomKind));
        QCOMPARE(f.names(), (QStringList { "General", "markets", "random", "@alice", "@bob" }));
        // Each went straight to its place: General at the top, markets between.
        QCOMPARE(inserted.count(), 5);
        QCOMPARE(inserted.at(2).at(1).toInt(), 0);
        QCOMPARE(inserted.at(4).at(1).toInt(), 1);
        QCOMPARE(f.at("@bob", Qt::DisplayRole).toString(), "bob");
        QCOMPARE(f.at("@bob", RoomListModel::KindRole).toInt(), int(RoomListModel::DirectKind));
        QCOMPARE(f.at("General", Qt::DisplayRole).toString(), "General");
    }

    void setRoomsMergesAndKeepsState()
    {
        Fixture f;
        f.model.addConversation("@bob", RoomListModel::DirectKind);
        f.model.setRooms({ { "general", 3, 10 }, { "random", 2, 5 } });
        f.model.noteMessage(msg("random", 6, "carol", "hi"), false, false);
        QCOMPARE(f.model.unread("random"), 1);

        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
        f.model.setRooms({ { "random", 4, 6 }, { "markets", 1, 0 } });
        QCOMPARE(f.names(), (QStringList { "markets", "random", "@bob" }));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(f.at("random", RoomListModel::MembersRole).toInt(), 4);
        QCOMPARE(f.model.unread("random"), 1);
        QCOMPARE(f.model.lastSeq("random"), 6);
        QCOMPARE(f.at("random", RoomListModel::LastTextRole).toString(), "hi");
    }

    void unreadCountingRules()
    {
        Fixture f;
        f.model.setRooms({ { "general", 3, 0 }, { "random", 2, 0 } });
        QSignalSpy total(&f.model, &RoomListModel::totalUnreadChanged);
        f.model.setCurrent("general");
        f.model.noteMessage(msg("general", 1, "bob", "seen"), false, false);
        QCOMPARE(f.model.unread("general"), 0); // the open conversation

        f.model.noteMessage(msg("random", 1, "bob", "one"), false, false);
        QCOMPARE(f.model.unread("random"), 1);
        QCOMPARE(f.model.totalUnread(), 1);
        QCOMPARE(total.count(), 1);
        QCOMPARE(total.last().at(0).toInt(), 1);

        f.model.noteMessage(msg("random", 2, "me", "mine"), true, false);
        QCOMPARE(f.model.unread("random"), 1); // own messages never count
        QCOMPARE(f.at("random", RoomListModel::LastTextRole).toString(), "mine");

        f.model.noteMessage(msg("random", 1, "bob", "one"), false, false); // replayed
        f.model.noteMessage(msg("random", 0, "me", "older pending", T0 - 1), true, false);
        QCOMPARE(f.model.unread("random"), 1);
        QCOMPARE(f.at("random", RoomListModel::LastTextRole).toString(), "mine");

        f.model.noteMessage(msg("random", 3, "bob", "two"), false, false);
        f.model.noteMessage(msg("random", 4, "carol", "three"), false, false);
        QCOMPARE(f.model.unread("random"), 3);
        QCOMPARE(f.model.totalUnread(), 3);

        f.model.setCurrent("random");
        QCOMPARE(f.model.unread("random"), 0);
        QCOMPARE(f.model.totalUnread(), 0);
        QCOMPARE(total.last().at(0).toInt(), 0);
        QCOMPARE(total.count(), 4);
    }

    void mentionFlag()
    {
        Fixture f;
        f.model.setRooms({ { "general", 3, 0 }, { "random", 2, 0 } });
        f.model.setCurrent("general");
        f.model.noteMessage(msg("general", 1, "bob", "@me look"), false, true);
        QVERIFY(!f.at("general", RoomListModel::HasMentionRole).toBool());
        f.model.noteMessage(msg("random", 1, "bob", "plain"), false, false);
        QVERIFY(!f.at("random", RoomListModel::HasMentionRole).toBool());
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.noteMessage(msg("random", 2, "bob", "@me look"), false, true);
        QVERIFY(f.at("random", RoomListModel::HasMentionRole).toBool());
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(dataChanged.at(0).at(0).value<QModelIndex>().row(), f.model.rowOf("random"));
        f.model.noteMessage(msg("random", 3, "bob", "plain again"), false, false);
        QVERIFY(f.at("random", RoomListModel::HasMentionRole).toBool()); // still unread
        f.model.setCurrent("random");
        QVERIFY(!f.at("random", RoomListModel::HasMentionRole).toBool());
    }

    void lastMessageRoles()
    {
        Fixture f;
        f.model.addConversation("general", RoomListModel::RoomKind);
        QVERIFY(!f.at("general", RoomListModel::LastTimestampRole).toDateTime().isValid());
        f.model.noteMessage(msg("general", 7, "alice", "newest", T0 + 5000), false, false);
        f.model.noteMessage(msg("general", 3, "bob", "history page", T0 - 5000), false, false);
        QCOMPARE(f.at("general", RoomListModel::LastTextRole).toString(), "newest");
        QCOMPARE(f.at("general", RoomListModel::LastAuthorRole).toString(), "alice");
        QCOMPARE(f.at("general", RoomListModel::LastTimestampRole).toDateTime().toMSecsSinceEpoch(),
            T0 + 5000);
        QCOMPARE(f.model.unread("general"), 1);
    }

    void readMarkersTakeWhatTheyCoverOffTheCount()
    {
        Fixture f;
        f.model.addConversation("general", RoomListModel::RoomKind);
        f.model.addConversation("random", RoomListModel::RoomKind);
        f.model.setCurrent("random");
        QSignalSpy total(&f.model, &RoomListModel::totalUnreadChanged);
        // Seqs 1..5, one of them a mention; 6 and 7 are changes (no messages), 8 a message.
        for (qint64 seq : { 1, 2, 3, 4, 5, 8 })
            f.model.noteMessage(msg("general", seq, "bob", "news"), false, seq == 2);
        QCOMPARE(f.model.unread("general"), 6);
        QVERIFY(f.at("general", RoomListModel::HasMentionRole).toBool());
        QCOMPARE(f.at("general", RoomListModel::ReadSeqRole).toLongLong(), -1);

        f.model.setReadMarker("general", 3); // another device read up to 3
        QCOMPARE(f.model.unread("general"), 3);
        QVERIFY(!f.at("general", RoomListModel::HasMentionRole).toBool()); // the mention was read
        QCOMPARE(f.at("general", RoomListModel::ReadSeqRole).toLongLong(), 3);
        f.model.setReadMarker("general", 2); // a late, older marker: nothing
        QCOMPARE(f.model.unread("general"), 3);
        f.model.setReadMarker("general", 7);
        QCOMPARE(f.model.unread("general"), 1);
        QCOMPARE(f.model.totalUnread(), 1);
        QCOMPARE(total.last().at(0).toInt(), 1);
        // What the marker already covers never counts, a replay or a late delivery.
        f.model.noteMessage(msg("general", 9, "bob", "live"), false, false);
        QCOMPARE(f.model.unread("general"), 2);
        f.model.setReadMarker("general", 20);
        QCOMPARE(f.model.unread("general"), 0);
    }

    void aHistoryPageCountsOnlyWhereTheMarkerIsKnown()
    {
        Fixture f;
        f.model.setCurrent("random");
        // A marker from the welcome, before the conversation is listed.
        f.model.setReadMarker("general", 41);
        f.model.addConversation("general", RoomListModel::RoomKind);
        f.model.addConversation("markets", RoomListModel::RoomKind);
        for (qint64 seq = 40; seq <= 43; ++seq) {
            f.model.noteMessage(msg("general", seq, "bob", "page"), false, false, true);
            f.model.noteMessage(msg("markets", seq, "bob", "page"), false, false, true);
        }
        QCOMPARE(f.model.unread("general"), 2);  // 42 and 43: above where the user read
        QCOMPARE(f.model.unread("markets"), 0);  // never marked: a page is not news
        QCOMPARE(f.at("markets", RoomListModel::LastTextRole).toString(), "page");
    }

    void aDirectConversationKnowsHowFarThePeerRead()
    {
        Fixture f;
        f.model.addConversation("@bob", RoomListModel::DirectKind);
        QCOMPARE(f.at("@bob", RoomListModel::PeerReadSeqRole).toLongLong(), -1);
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setPeerReadSeq("@bob", 4);
        f.model.setPeerReadSeq("@bob", 3); // only forward
        QCOMPARE(f.at("@bob", RoomListModel::PeerReadSeqRole).toLongLong(), 4);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(f.model.roleNames().value(RoomListModel::PeerReadSeqRole), "peerReadSeq");
    }

    void unknownConversationIsAdded()
    {
        Fixture f;
        f.model.setRooms({ { "general", 3, 0 } });
        f.model.noteMessage(msg("@carol", 1, "carol", "hello"), false, false);
        QCOMPARE(f.names(), (QStringList { "general", "@carol" }));
        QCOMPARE(f.at("@carol", RoomListModel::KindRole).toInt(), int(RoomListModel::DirectKind));
        QCOMPARE(f.model.unread("@carol"), 1);
        f.model.noteMessage(msg("lobby", 1, "dan", "hi"), false, false);
        QCOMPARE(f.names(), (QStringList { "general", "lobby", "@carol" }));
    }

    void removalAdjustsTotal()
    {
        Fixture f;
        f.model.setRooms({ { "general", 3, 0 }, { "random", 2, 0 } });
        f.model.noteMessage(msg("random", 1, "bob", "x"), false, false);
        f.model.noteMessage(msg("general", 1, "bob", "x"), false, false);
        QCOMPARE(f.model.totalUnread(), 2);
        QSignalSpy total(&f.model, &RoomListModel::totalUnreadChanged);
        QVERIFY(f.model.removeConversation("random"));
        QVERIFY(!f.model.removeConversation("random"));
        QCOMPARE(f.model.totalUnread(), 1);
        QCOMPARE(total.count(), 1);
        QCOMPARE(f.names(), (QStringList { "general" }));
    }

    void membersAndCurrent()
    {
        Fixture f;
        f.model.setRooms({ { "general", 3, 0 }, { "random", 2, 0 } });
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.setMembers("general", 14);
        f.model.setMembers("general", 14);
        f.model.setMembers("nowhere", 1);
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(f.at("general", RoomListModel::MembersRole).toInt(), 14);

        f.model.setCurrent("general");
        QVERIFY(f.at("general", RoomListModel::IsCurrentRole).toBool());
        f.model.setCurrent("random");
        QVERIFY(!f.at("general", RoomListModel::IsCurrentRole).toBool());
        QVERIFY(f.at("random", RoomListModel::IsCurrentRole).toBool());
        QCOMPARE(f.model.current(), "random");
    }
};

QTEST_GUILESS_MAIN(RoomListModelTest)
#include "tst_roomlistmodel.moc"
