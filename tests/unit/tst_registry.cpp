// server/Registry: guest names (free, taken by another install, kept by the same install, the
// suffix within 32 characters), sessions per user and members per room.
//
// Registry keeps ClientConnection pointers and reads only their user name and room set, so the
// connections here wrap real but never-connected QWebSockets (the qt engine's QtWsConnection):
// no network is needed.
#include "server/ClientConnection.h"
#include "server/QtWsEngine.h"
#include "server/Registry.h"
#include "server/ServerConfig.h"
#include "server/ServerStats.h"
#include "protocol/Validator.h"

#include <QTest>
#include <QWebSocket>

#include <memory>
#include <vector>

using namespace sb::server;

class RegistryTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void freeNameIsGranted();
    void nameTakenByAnotherInstanceGetsSuffix();
    void sameInstanceKeepsItsName();
    void emptyInstanceNeverMatches();
    void suffixSkipsTakenCandidates();
    void suffixStaysWithinTheUserNameLimit_data();
    void suffixStaysWithinTheUserNameLimit();
    void nameIsFreeAgainAfterTheLastSessionLeaves();
    void instanceIsThatOfTheFirstSession();

    void sessionsAreCounted();
    void removingAnUnknownSessionDoesNothing();

    void addRoomAndFindRoom();
    void joinCountsUsersNotSessions();
    void joinTwiceIsANoOp();
    void leaveCountsDown();
    void leaveWithoutJoinDoesNothing();
    void lastLeaveLeavesTypingToTheCaller();
    void roomsAreIndependent();

private:
    ClientConnection *connection(const QString &user);

    ServerConfig m_config;
    ServerStats m_stats;
    std::vector<std::unique_ptr<ClientConnection>> m_connections;
    int m_sessions = 0;
};

ClientConnection *RegistryTest::connection(const QString &user)
{
    // Owned by the connection from here on.
    auto *socket = new sb::server::QtWsConnection(new QWebSocket, m_config.maxMessageBytes);
    auto conn = std::make_unique<ClientConnection>(socket, m_config, m_stats, steadyClock());
    conn->identify(user, Role::Guest, QStringLiteral("s-%1").arg(++m_sessions));
    m_connections.push_back(std::move(conn));
    return m_connections.back().get();
}

void RegistryTest::init()
{
    // Nothing here runs the event loop long, but keep the hello timeout out of the way anyway.
    m_config.helloTimeoutMs = 24 * 60 * 60 * 1000;
}

void RegistryTest::cleanup()
{
    m_connections.clear();
}

// ---------------------------------------------------------------------------------------------
// Guest names

void RegistryTest::freeNameIsGranted()
{
    Registry registry;
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QStringLiteral("inst-a")), QStringLiteral("alice"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QString()), QStringLiteral("alice"));
    // Claiming does not reserve: nothing was added.
    QCOMPARE(registry.sessionCount(), 0);
    QVERIFY(registry.users().isEmpty());
}

void RegistryTest::nameTakenByAnotherInstanceGetsSuffix()
{
    Registry registry;
    registry.addSession(connection(QStringLiteral("alice")), QStringLiteral("inst-a"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QStringLiteral("inst-b")), QStringLiteral("alice-2"));
    // Other names stay free.
    QCOMPARE(registry.claimGuestName(QStringLiteral("bob"), QStringLiteral("inst-b")), QStringLiteral("bob"));
    // Names are case-sensitive: "Alice" is another user.
    QCOMPARE(registry.claimGuestName(QStringLiteral("Alice"), QStringLiteral("inst-b")), QStringLiteral("Alice"));
}

void RegistryTest::sameInstanceKeepsItsName()
{
    // The same install reconnecting (a second window, or a reconnect before the old session died)
    // gets its own name back instead of alice-2.
    Registry registry;
    registry.addSession(connection(QStringLiteral("alice")), QStringLiteral("inst-a"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QStringLiteral("inst-a")), QStringLiteral("alice"));
}

void RegistryTest::emptyInstanceNeverMatches()
{
    // A client that sends no instance cannot prove it is the holder, even against another
    // holder without one.
    Registry registry;
    registry.addSession(connection(QStringLiteral("alice")), QString());
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QString()), QStringLiteral("alice-2"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("alice"), QStringLiteral("inst-x")), QStringLiteral("alice-2"));
}

void RegistryTest::suffixSkipsTakenCandidates()
{
    Registry registry;
    registry.addSession(connection(QStringLiteral("bob")), QStringLiteral("i1"));
    registry.addSession(connection(QStringLiteral("bob-2")), QStringLiteral("i2"));
    registry.addSession(connection(QStringLiteral("bob-3")), QStringLiteral("i3"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("bob"), QStringLiteral("i4")), QStringLiteral("bob-4"));
    // The holder of bob-3 asking for "bob" again gets bob-3 back, not bob-4.
    QCOMPARE(registry.claimGuestName(QStringLiteral("bob"), QStringLiteral("i3")), QStringLiteral("bob-3"));
    // A gap is reused.
    registry.removeSession(m_connections[1].get()); // bob-2 leaves
    QCOMPARE(registry.claimGuestName(QStringLiteral("bob"), QStringLiteral("i4")), QStringLiteral("bob-2"));
}

void RegistryTest::suffixStaysWithinTheUserNameLimit_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<int>("taken"); // wanted, wanted-2, … up to this many names are held
    QTest::newRow("short name") << QStringLiteral("carol") << 1;
    QTest::newRow("26 characters") << QString(26, u'c') << 1;
    QTest::newRow("27 characters") << QString(27, u'c') << 1;
    QTest::newRow("31 characters") << QString(31, u'c') << 1;
    QTest::newRow("32 characters") << QString(32, u'c') << 1;
    QTest::newRow("32 characters, 11 taken") << QString(32, u'c') << 11;
    QTest::newRow("32 characters, 120 taken") << QString(32, u'c') << 120;
}

void RegistryTest::suffixStaysWithinTheUserNameLimit()
{
    QFETCH(QString, wanted);
    QFETCH(int, taken);
    Registry registry;
    for (int i = 0; i < taken; ++i) {
        const QString name = registry.claimGuestName(wanted, QStringLiteral("holder-%1").arg(i));
        QVERIFY(!registry.users().contains(name));
        registry.addSession(connection(name), QStringLiteral("holder-%1").arg(i));
    }
    const QString name = registry.claimGuestName(wanted, QStringLiteral("newcomer"));
    QVERIFY(!registry.users().contains(name));
    QVERIFY2(name.size() <= sb::protocol::Validator::MaxUserNameLength, qPrintable(name));
    QVERIFY2(sb::protocol::Validator::isUserName(name), qPrintable(name));
    QVERIFY2(name.endsWith(QStringLiteral("-%1").arg(taken + 1)), qPrintable(name));
    // The name keeps as much of the wanted one as fits.
    QVERIFY2(wanted.startsWith(name.section(u'-', 0, -2)), qPrintable(name));
}

void RegistryTest::nameIsFreeAgainAfterTheLastSessionLeaves()
{
    Registry registry;
    ClientConnection *first = connection(QStringLiteral("dave"));
    ClientConnection *second = connection(QStringLiteral("dave"));
    registry.addSession(first, QStringLiteral("i1"));
    registry.addSession(second, QStringLiteral("i1"));
    QVERIFY(!registry.removeSession(first));
    QCOMPARE(registry.claimGuestName(QStringLiteral("dave"), QStringLiteral("i2")), QStringLiteral("dave-2"));
    QVERIFY(registry.removeSession(second));
    QCOMPARE(registry.claimGuestName(QStringLiteral("dave"), QStringLiteral("i2")), QStringLiteral("dave"));
}

void RegistryTest::instanceIsThatOfTheFirstSession()
{
    Registry registry;
    registry.addSession(connection(QStringLiteral("erin")), QStringLiteral("first"));
    registry.addSession(connection(QStringLiteral("erin")), QStringLiteral("second"));
    QCOMPARE(registry.findUser(QStringLiteral("erin"))->instance, QStringLiteral("first"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("erin"), QStringLiteral("first")), QStringLiteral("erin"));
    QCOMPARE(registry.claimGuestName(QStringLiteral("erin"), QStringLiteral("second")), QStringLiteral("erin-2"));
}

// ---------------------------------------------------------------------------------------------
// Sessions

void RegistryTest::sessionsAreCounted()
{
    Registry registry;
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *a2 = connection(QStringLiteral("alice"));
    ClientConnection *b1 = connection(QStringLiteral("bob"));
    registry.addSession(a1, QStringLiteral("ia"));
    registry.addSession(a2, QStringLiteral("ia"));
    registry.addSession(b1, QStringLiteral("ib"));

    QCOMPARE(registry.sessionCount(), 3);
    QCOMPARE(registry.users().size(), 2);
    const UserState *alice = registry.findUser(QStringLiteral("alice"));
    QVERIFY(alice);
    QCOMPARE(alice->name, QStringLiteral("alice"));
    QCOMPARE(alice->sessions, (QList<ClientConnection *>{a1, a2}));
    QCOMPARE(alice->status, QStringLiteral("online"));
    QVERIFY(!registry.findUser(QStringLiteral("carol")));

    QVERIFY(!registry.removeSession(a1)); // alice still has a2
    QCOMPARE(registry.sessionCount(), 2);
    QVERIFY(registry.findUser(QStringLiteral("alice")));
    QVERIFY(registry.removeSession(a2)); // alice is now offline
    QVERIFY(!registry.findUser(QStringLiteral("alice")));
    QCOMPARE(registry.sessionCount(), 1);
    QVERIFY(registry.removeSession(b1));
    QCOMPARE(registry.sessionCount(), 0);
    QVERIFY(registry.users().isEmpty());
}

void RegistryTest::removingAnUnknownSessionDoesNothing()
{
    Registry registry;
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *stranger = connection(QStringLiteral("alice"));
    registry.addSession(a1, QStringLiteral("ia"));
    QVERIFY(!registry.removeSession(stranger)); // same user, but never added
    QVERIFY(!registry.removeSession(connection(QStringLiteral("nobody"))));
    QCOMPARE(registry.sessionCount(), 1);
    QVERIFY(registry.removeSession(a1));
    QVERIFY(!registry.removeSession(a1)); // twice
    QCOMPARE(registry.sessionCount(), 0);
}

// ---------------------------------------------------------------------------------------------
// Rooms

void RegistryTest::addRoomAndFindRoom()
{
    Registry registry;
    QVERIFY(!registry.findRoom(QStringLiteral("general")));
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("ep0ch"), 17);
    QCOMPARE(room.name, QStringLiteral("general"));
    QCOMPARE(room.epoch, QStringLiteral("ep0ch"));
    QCOMPARE(room.lastSeq, 17);
    QCOMPARE(registry.findRoom(QStringLiteral("general")), &room);
    QCOMPARE(registry.rooms().size(), 1);
    QVERIFY(room.members.isEmpty());
    QVERIFY(room.connections.isEmpty());
}

void RegistryTest::joinCountsUsersNotSessions()
{
    Registry registry;
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("e"), 0);
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *a2 = connection(QStringLiteral("alice"));
    ClientConnection *b1 = connection(QStringLiteral("bob"));

    QVERIFY(registry.join(room, a1));  // alice is new in the room
    QVERIFY(!registry.join(room, a2)); // her second session: nobody needs to hear of it
    QVERIFY(registry.join(room, b1));
    QCOMPARE(room.members.size(), 2);
    QCOMPARE(room.members.value(QStringLiteral("alice")), 2);
    QCOMPARE(room.members.value(QStringLiteral("bob")), 1);
    QCOMPARE(room.connections.size(), 3);
    QVERIFY(room.connections.contains(a2));
    QVERIFY(a1->rooms().contains(QStringLiteral("general")));
    QVERIFY(a2->rooms().contains(QStringLiteral("general")));
}

void RegistryTest::joinTwiceIsANoOp()
{
    Registry registry;
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("e"), 0);
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    QVERIFY(registry.join(room, a1));
    QVERIFY(!registry.join(room, a1));
    QCOMPARE(room.members.value(QStringLiteral("alice")), 1); // not counted twice
    QCOMPARE(room.connections.size(), 1);
    // So one leave is enough to be out.
    QVERIFY(registry.leave(room, a1));
    QVERIFY(!room.members.contains(QStringLiteral("alice")));
}

void RegistryTest::leaveCountsDown()
{
    Registry registry;
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("e"), 0);
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *a2 = connection(QStringLiteral("alice"));
    registry.join(room, a1);
    registry.join(room, a2);

    QVERIFY(!registry.leave(room, a1)); // alice is still there through a2
    QCOMPARE(room.members.value(QStringLiteral("alice")), 1);
    QVERIFY(!a1->rooms().contains(QStringLiteral("general")));
    QVERIFY(a2->rooms().contains(QStringLiteral("general")));
    QVERIFY(registry.leave(room, a2)); // her last session left
    QVERIFY(room.members.isEmpty());
    QVERIFY(room.connections.isEmpty());
    QVERIFY(a2->rooms().isEmpty());
    QVERIFY(!registry.leave(room, a2)); // twice
}

void RegistryTest::leaveWithoutJoinDoesNothing()
{
    Registry registry;
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("e"), 0);
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *a2 = connection(QStringLiteral("alice"));
    registry.join(room, a1);
    QVERIFY(!registry.leave(room, a2)); // never joined: must not take alice's count down
    QCOMPARE(room.members.value(QStringLiteral("alice")), 1);
    QVERIFY(registry.leave(room, a1));
}

void RegistryTest::lastLeaveLeavesTypingToTheCaller()
{
    Registry registry;
    RoomState &room = registry.addRoom(QStringLiteral("general"), QStringLiteral("e"), 0);
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    ClientConnection *a2 = connection(QStringLiteral("alice"));
    ClientConnection *b1 = connection(QStringLiteral("bob"));
    registry.join(room, a1);
    registry.join(room, a2);
    registry.join(room, b1);
    room.typingUntil.insert(QStringLiteral("alice"), 5000);
    room.typingUntil.insert(QStringLiteral("bob"), 5000);

    QVERIFY(!registry.leave(room, a1));
    QVERIFY(room.typingUntil.contains(QStringLiteral("alice"))); // still in the room through a2
    // The last leave reports it, and leaves the typing state for the caller to end
    // (PresenceHandler::stopTyping tells the room `typing active:false`); dropping it here
    // silently would leave "alice is typing…" on the others' screens.
    QVERIFY(registry.leave(room, a2));
    QCOMPARE(room.typingUntil.value(QStringLiteral("alice")), 5000);
    QCOMPARE(room.typingUntil.value(QStringLiteral("bob")), 5000);
}

void RegistryTest::roomsAreIndependent()
{
    Registry registry;
    registry.addRoom(QStringLiteral("general"), QStringLiteral("e1"), 0);
    registry.addRoom(QStringLiteral("random"), QStringLiteral("e2"), 0);
    // Looked up after both were added: adding a room may move the others.
    RoomState &general = *registry.findRoom(QStringLiteral("general"));
    RoomState &random = *registry.findRoom(QStringLiteral("random"));
    ClientConnection *a1 = connection(QStringLiteral("alice"));
    QVERIFY(registry.join(general, a1));
    QVERIFY(registry.join(random, a1));
    QCOMPARE(a1->rooms(), (QSet<QString>{QStringLiteral("general"), QStringLiteral("random")}));
    QVERIFY(registry.leave(general, a1));
    QCOMPARE(a1->rooms(), QSet<QString>{QStringLiteral("random")});
    QCOMPARE(random.members.value(QStringLiteral("alice")), 1);
    QVERIFY(general.members.isEmpty());
}

QTEST_GUILESS_MAIN(RegistryTest)
#include "tst_registry.moc"
