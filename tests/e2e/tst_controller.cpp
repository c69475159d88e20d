// From envelopes to models: a real server, a real Session, and the ChatController that feeds
// the models the window shows (messages, rooms with unread counts, people, typing; prices:
// tst_marketcontroller).
#include "TestClient.h"
#include "TestServer.h"
#include "models/ChatController.h"
#include "protocol/MessageType.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;
namespace T = sb::protocol::MessageType;

class ControllerTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void messagesOfTheOpenRoomAppearAndOthersCountAsUnread();
    void ownMessageGoesFromPendingToAckedInOneRow();
    void presenceTypingAndMentionsReachTheModels();
    void typingEndsWhenTheConnectionIsLost();
    void dmConversationsSurviveARestartAndMissedDmsCountAsUnread();
    void writingClearsTheNewMessagesLine();

private:
    // alice's app (connection, session, controller) on this test's store dir, as at a start.
    void startApp();
    bool joinBoth();

    QTemporaryDir m_dir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ChatController> m_controller;
    std::unique_ptr<TestClient> m_bob;
};

void ControllerTest::startApp()
{
    m_connection = std::make_unique<ConnectionManager>();
    m_session = std::make_unique<Session>(*m_connection);
    QString error;
    QVERIFY(m_session->start(m_server->url(), {"alice", {}, "alice-install", "test"},
                             m_dir.filePath(QTest::currentTestFunction()), &error));
    m_controller = std::make_unique<ChatController>(*m_session);
}

void ControllerTest::init()
{
    m_server = std::make_unique<TestServer>();
    startApp();
    new QAbstractItemModelTester(m_controller->messages(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_controller.get());
    new QAbstractItemModelTester(m_controller->rooms(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_controller.get());
    new QAbstractItemModelTester(m_controller->presence(), QAbstractItemModelTester::FailureReportingMode::Fatal, m_controller.get());
    QTRY_COMPARE(m_connection->state(), ConnectionState::Open);
    m_bob = std::make_unique<TestClient>();
    QVERIFY(m_bob->open(m_server->url()));
    m_bob->hello("bob");
}

void ControllerTest::cleanup()
{
    m_bob.reset();
    m_controller.reset();
    m_session.reset();
    m_connection.reset();
    m_server.reset();
}

bool ControllerTest::joinBoth()
{
    QSignalSpy joined(m_session.get(), &Session::roomJoined);
    m_controller->joinRoom("general");
    m_controller->joinRoom("random");
    if (!QTest::qWaitFor([&] { return joined.size() == 2; }, 5000))
        return false;
    m_bob->request(T::RoomJoin, {{"room", "general"}});
    m_bob->request(T::RoomJoin, {{"room", "random"}});
    m_controller->openConversation("general");
    return true;
}

void ControllerTest::messagesOfTheOpenRoomAppearAndOthersCountAsUnread()
{
    QVERIFY(joinBoth());
    auto *rooms = m_controller->rooms();
    QCOMPARE(rooms->rowCount(), 2);
    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "hi alice"}});
    m_bob->request(T::ChatSend, {{"room", "random"}, {"text", "elsewhere"}});
    m_bob->request(T::ChatSend, {{"room", "random"}, {"text", "again"}});

    QTRY_COMPARE(m_controller->messages()->rowCount(), 1);
    const QModelIndex first = m_controller->messages()->index(0);
    QCOMPARE(first.data(MessageListModel::TextRole).toString(), QStringLiteral("hi alice"));
    QCOMPARE(first.data(MessageListModel::AuthorRole).toString(), QStringLiteral("bob"));
    QTRY_COMPARE(rooms->unread("random"), 2);
    QCOMPARE(rooms->unread("general"), 0);
    QCOMPARE(rooms->totalUnread(), 2);

    // Opening the other room shows its history from the cache and clears its badge.
    m_controller->openConversation("random");
    QCOMPARE(m_controller->messages()->rowCount(), 2);
    QCOMPARE(rooms->unread("random"), 0);
}

void ControllerTest::ownMessageGoesFromPendingToAckedInOneRow()
{
    QVERIFY(joinBoth());
    m_controller->send("my words");
    QCOMPARE(m_controller->messages()->rowCount(), 1); // shown at once, pending
    QTRY_COMPARE(m_controller->messages()->index(0).data(MessageListModel::DeliveryRole).toInt(),
                 int(DeliveryState::Acked));
    QVERIFY(m_bob->waitForType(T::ChatMessage).isValid());
    QVERIFY(m_bob->sync());
    QCOMPARE(m_controller->messages()->rowCount(), 1); // the echo did not add a second row
    QVERIFY(m_controller->messages()->index(0).data(MessageListModel::IsOwnRole).toBool());
    QVERIFY(m_controller->messages()->index(0).data(MessageListModel::SeqRole).toLongLong() > 0);
}

void ControllerTest::presenceTypingAndMentionsReachTheModels()
{
    QSignalSpy attention(m_controller.get(), &ChatController::attentionNeeded);
    QSignalSpy typingText(m_controller.get(), &ChatController::typingTextChanged);
    QVERIFY(joinBoth());
    auto *people = m_controller->presence();
    QTRY_VERIFY(people->rowOf("bob") >= 0);
    QVERIFY(people->rowOf("alice") >= 0);

    m_bob->send(T::PresenceSet, {{"status", "busy"}});
    QTRY_COMPARE(people->status("bob"), QStringLiteral("busy"));

    m_bob->send(T::Typing, {{"room", "general"}, {"active", true}});
    QTRY_VERIFY(m_controller->presence()->typingText().contains("bob"));
    QVERIFY(typingText.last().at(0).toString().contains("bob"));

    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "@alice look at this"}});
    QTRY_COMPARE(attention.size(), 1);
    QCOMPARE(attention.at(0).at(1).toBool(), false); // a mention, not a DM
    QTRY_VERIFY(m_controller->presence()->typingText().isEmpty()); // speaking ends typing
    m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "psst"}});
    QTRY_COMPARE(attention.size(), 2);
    QCOMPARE(attention.at(1).at(1).toBool(), true);
    QVERIFY(m_controller->rooms()->rowOf("@bob") >= 0);
    QCOMPARE(m_controller->rooms()->unread("@bob"), 1);

    m_bob.reset(); // bob goes away
    QTRY_COMPARE(people->rowOf("bob"), -1);
}

void ControllerTest::dmConversationsSurviveARestartAndMissedDmsCountAsUnread()
{
    QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "first"}}).type, QString(T::Ack));
    QTRY_COMPARE(m_controller->rooms()->unread("@bob"), 1);

    // The app quits; bob writes twice meanwhile.
    m_controller.reset();
    m_session.reset();
    m_connection.reset();
    QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "second"}}).type, QString(T::Ack));
    QCOMPARE(m_bob->request(T::DmSend, {{"to", "alice"}, {"text", "third"}}).type, QString(T::Ack));

    startApp();
    // Listed at once, from the last run, before the server answered.
    QVERIFY(m_controller->rooms()->rowOf("@bob") >= 0);
    // The two missed while away arrive and count as unread; the conversation shows all three.
    QTRY_COMPARE(m_controller->rooms()->unread("@bob"), 2);
    m_controller->openConversation("@bob");
    QCOMPARE(m_controller->messages()->rowCount(), 3);
}

void ControllerTest::writingClearsTheNewMessagesLine()
{
    QVERIFY(joinBoth());
    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "read"}});
    QTRY_COMPARE(m_controller->messages()->rowCount(), 1);
    m_controller->openConversation("random");
    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "new 1"}});
    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "new 2"}});
    QTRY_COMPARE(m_controller->rooms()->unread("general"), 2);
    m_controller->openConversation("general");
    QTRY_COMPARE(m_controller->messages()->rowCount(), 3);
    QCOMPARE(m_controller->messages()->firstUnreadRow(), 1); // above "new 1"

    m_controller->send("seen them");
    QTRY_COMPARE(m_controller->messages()->rowCount(), 4);
    QTRY_COMPARE(m_controller->messages()->index(3).data(MessageListModel::SeqRole).toLongLong(), 4);
    QCOMPARE(m_controller->messages()->firstUnreadRow(), -1);
    // What others write after it is new again.
    m_bob->request(T::ChatSend, {{"room", "general"}, {"text", "reply"}});
    QTRY_COMPARE(m_controller->messages()->rowCount(), 5);
    QCOMPARE(m_controller->messages()->firstUnreadRow(), 4);
}

void ControllerTest::typingEndsWhenTheConnectionIsLost()
{
    QVERIFY(joinBoth());
    QSignalSpy typingText(m_controller.get(), &ChatController::typingTextChanged);
    m_bob->send(T::Typing, {{"room", "general"}, {"active", true}});
    QTRY_VERIFY(m_controller->presence()->typingText().contains("bob"));
    // The server is gone before it could say bob stopped: the line must not stay.
    m_server->stop();
    QTRY_VERIFY(!m_session->isLive());
    QVERIFY(m_controller->presence()->typingUsers().isEmpty());
    QCOMPARE(m_controller->presence()->typingText(), QString());
    QCOMPARE(typingText.last().at(0).toString(), QString());
}

QTEST_GUILESS_MAIN(ControllerTest)
#include "tst_controller.moc"
