// The parts Session is made of, each on its own against the real server: OutboxSender (a
// message waits for its room, fails when the user is not in it or the server refuses it, and is
// acked with its seq), TypingSender (notices only to rooms joined on this connection) and
// TickerSubscriptions (the subscription is the client's: asked again after a reconnect).
#include "ClientApp.h"
#include "FaultProxy.h"
#include "TestClient.h"
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "client/LocalStore.h"
#include "client/OutboxSender.h"
#include "client/RequestTracker.h"
#include "client/TickerSubscriptions.h"
#include "client/TypingSender.h"
#include "protocol/MessageType.h"

#include <QHash>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using sb::protocol::Envelope;
namespace T = sb::protocol::MessageType;

namespace {

// One client connection with the parts wired as Session wires them: replies go to whoever
// asked, through the RequestTracker.
struct Wire
{
    explicit Wire(const QString &user, const QString &storePath)
        : connection(makeClientConnection(user))
        , sender(*connection, store, requests, [this](const QString &room) { return gates.value(room, OutboxSender::RoomGate::NotAMember); })
    {
        QString error;
        opened = store.open(storePath, &error);
        QObject::connect(connection.get(), &ConnectionManager::envelopeReceived, connection.get(),
                         [this](const Envelope &e) { dispatch(e); });
        QObject::connect(&requests, &RequestTracker::timedOut, connection.get(),
                         [this](const QString &id, const RequestTracker::Request &request) {
                             if (request.purpose == RequestTracker::Purpose::Send)
                                 sender.refused(id, RequestTracker::TimedOut, "no answer in time");
                         });
    }
    void dispatch(const Envelope &e)
    {
        const RequestTracker::Request request = requests.take(e.id);
        if (request.purpose == RequestTracker::Purpose::Join && e.type == T::Ack)
            joined.append(request.room);
        if (request.purpose != RequestTracker::Purpose::Send)
            return;
        if (e.type == T::Ack)
            sender.acked(e);
        else if (e.type == T::Error)
            sender.refused(e.id, e.payload.value("code").toString(), e.payload.value("message").toString());
    }
    bool open(const QUrl &url)
    {
        QSignalSpy welcomed(connection.get(), &ConnectionManager::opened);
        connection->open(url);
        return welcomed.wait();
    }
    bool join(const QString &room)
    {
        requests.send(*connection, T::RoomJoin, {{"room", room}}, {RequestTracker::Purpose::Join, room});
        return QTest::qWaitFor([&] { return joined.contains(room); }, 5000);
    }

    LocalStore store;
    bool opened = false;
    std::unique_ptr<ConnectionManager> connection;
    RequestTracker requests;
    QHash<QString, OutboxSender::RoomGate> gates; // absent: NotAMember
    OutboxSender sender;
    QStringList joined;
};

ChatMessage lastUpdateOf(const QSignalSpy &updates, const QString &id)
{
    for (qsizetype i = updates.size() - 1; i >= 0; --i) {
        const auto m = updates.at(i).at(0).value<ChatMessage>();
        if (m.clientId == id)
            return m;
    }
    return {};
}

} // namespace

class SessionWireTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aMessageWaitsForItsRoomThenIsAckedWithItsSeq();
    void aMessageForARoomTheUserLeftFailsWithAReason();
    void aMessageTheServerRefusesFailsWithTheServersReason();
    void typingGoesOnlyToRoomsJoinedOnThisConnection();
    void tickerSubscriptionsAreAskedAgainAfterAReconnect();
    void aSendLeftUnansweredIsAskedAgainAfterItsDeadlineAndStoredOnce();

private:
    QString storePath() const
    {
        return m_dir.filePath(QStringLiteral("%1.db").arg(QTest::currentTestFunction()));
    }
    QTemporaryDir m_dir;
};

void SessionWireTest::initTestCase()
{
    qRegisterMetaType<ChatMessage>();
    QVERIFY(m_dir.isValid());
}

void SessionWireTest::aMessageWaitsForItsRoomThenIsAckedWithItsSeq()
{
    TestServer server;
    auto observer = TestClient::connectAs(server.url(), "observer");
    QVERIFY(observer);
    QCOMPARE(observer->request(T::RoomJoin, {{"room", "general"}}).type, T::Ack);

    Wire app("alice", storePath());
    QVERIFY(app.opened);
    QSignalSpy updates(&app.sender, &OutboxSender::ownMessageUpdated);
    app.gates.insert("general", OutboxSender::RoomGate::Resuming);
    QVERIFY(app.open(server.url()));
    const QString id = app.sender.add("chat", "general", "held until the room is joined");
    QCOMPARE(lastUpdateOf(updates, id).delivery, DeliveryState::Pending);
    app.sender.pump();
    QVERIFY(observer->sync());
    QCOMPARE(observer->count(T::ChatMessage), 0);
    QCOMPARE(app.sender.unackedMessages("general").size(), 1);

    QVERIFY(app.join("general"));
    app.gates.insert("general", OutboxSender::RoomGate::Open);
    app.sender.pump();
    QVERIFY(QTest::qWaitFor([&] { return lastUpdateOf(updates, id).delivery == DeliveryState::Acked; }, 5000));
    const Envelope seen = observer->waitForType(T::ChatMessage);
    QCOMPARE(seen.payload.value("text").toString(), QStringLiteral("held until the room is joined"));
    QCOMPARE(lastUpdateOf(updates, id).seq, qint64(seen.payload.value("seq").toDouble()));
    QVERIFY(app.sender.unackedMessages("general").isEmpty());
}

void SessionWireTest::aMessageForARoomTheUserLeftFailsWithAReason()
{
    TestServer server;
    Wire app("alice", storePath());
    QSignalSpy updates(&app.sender, &OutboxSender::ownMessageUpdated);
    QVERIFY(app.open(server.url()));
    const QString id = app.sender.add("chat", "gone", "nobody reads this");
    const ChatMessage failed = lastUpdateOf(updates, id);
    QCOMPARE(failed.delivery, DeliveryState::Failed);
    QCOMPARE(failed.error, QStringLiteral("You are not in #gone any more."));
    QCOMPARE(failed.room, QStringLiteral("gone"));
}

void SessionWireTest::aMessageTheServerRefusesFailsWithTheServersReason()
{
    TestServer server;
    Wire app("alice", storePath());
    QSignalSpy updates(&app.sender, &OutboxSender::ownMessageUpdated);
    QVERIFY(app.open(server.url()));
    app.gates.insert("random", OutboxSender::RoomGate::Open); // wrongly: never joined
    const QString id = app.sender.add("chat", "random", "refused");
    QVERIFY(QTest::qWaitFor([&] { return lastUpdateOf(updates, id).delivery == DeliveryState::Failed; }, 5000));
    QVERIFY2(lastUpdateOf(updates, id).error.contains("join #random"), qPrintable(lastUpdateOf(updates, id).error));
    // A failed message holds nothing back: the next one (a DM) goes out and is acked.
    auto bob = TestClient::connectAs(server.url(), "bob");
    QVERIFY(bob);
    const QString dm = app.sender.add("dm", "bob", "still here");
    QVERIFY(QTest::qWaitFor([&] { return lastUpdateOf(updates, dm).delivery == DeliveryState::Acked; }, 5000));
    QCOMPARE(lastUpdateOf(updates, dm).room, QStringLiteral("@bob"));
    QCOMPARE(bob->waitForType(T::DmMessage).payload.value("text").toString(), QStringLiteral("still here"));
}

void SessionWireTest::typingGoesOnlyToRoomsJoinedOnThisConnection()
{
    TestServer server;
    auto observer = TestClient::connectAs(server.url(), "observer");
    QVERIFY(observer);
    for (const char *room : {"general", "random"})
        QCOMPARE(observer->request(T::RoomJoin, {{"room", room}}).type, T::Ack);
    Wire app("alice", storePath());
    QVERIFY(app.open(server.url()));
    QVERIFY(app.join("general"));
    QVERIFY(app.join("random"));
    QStringList open{"general"};
    TypingSender typing(*app.connection, [&open](const QString &room) { return open.contains(room); });

    typing.setTyping("random", true); // joined on the server, but not open for this app yet
    typing.setTyping("general", true);
    const Envelope started = observer->waitForType(T::Typing);
    QCOMPARE(started.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(started.payload.value("active").toBool(), true);
    typing.setTyping("general", false);
    const Envelope stopped = observer->waitForType(T::Typing);
    QCOMPARE(stopped.payload.value("room").toString(), QStringLiteral("general"));
    QCOMPARE(stopped.payload.value("active").toBool(), false);
    QVERIFY(observer->sync());
    QCOMPARE(observer->count(T::Typing), 0);
}

void SessionWireTest::tickerSubscriptionsAreAskedAgainAfterAReconnect()
{
    auto config = TestServer::defaultConfig();
    config.tickHz = 200;
    config.tickers = 20;
    TestServer server(config);
    Wire app("trader", storePath());
    TickerSubscriptions tickers(*app.connection, app.requests);
    QObject::connect(app.connection.get(), &ConnectionManager::opened, app.connection.get(),
                     [&tickers] { tickers.resubscribe(); });
    QStringList symbolsSeen;
    QObject::connect(app.connection.get(), &ConnectionManager::envelopeReceived, app.connection.get(),
                     [&symbolsSeen](const Envelope &e) {
                         if (e.type != T::TickerBatch)
                             return;
                         for (const QJsonValue &tick : e.payload.value("ticks").toArray())
                             symbolsSeen.append(tick.toObject().value("s").toString());
                     });
    QVERIFY(app.open(server.url()));
    tickers.subscribe({"MSFT", "AAPL"}, 10);
    QCOMPARE(tickers.symbols(), (QStringList{"AAPL", "MSFT"}));
    QVERIFY(QTest::qWaitFor([&] { return symbolsSeen.contains("AAPL"); }, 5000));
    tickers.unsubscribe({"MSFT"});
    QCOMPARE(tickers.symbols(), QStringList{"AAPL"});

    QSignalSpy reopened(app.connection.get(), &ConnectionManager::opened);
    QVERIFY(server.restart());
    QVERIFY(reopened.wait(10000));
    symbolsSeen.clear();
    QVERIFY(QTest::qWaitFor([&] { return symbolsSeen.count("AAPL") >= 3; }, 5000));
    QVERIFY2(!symbolsSeen.contains("MSFT"), "an unsubscribed symbol came back after the reconnect");
    QCOMPARE(tickers.maxHz(), 10);
}

// The server takes the send but its ack never comes back, on a link that stays up: after the
// request's deadline the message is pending again with a reason and is sent again under the same
// id; once replies flow, it is acked, and the server stored it once.
void SessionWireTest::aSendLeftUnansweredIsAskedAgainAfterItsDeadlineAndStoredOnce()
{
    TestServer server;
    FaultProxy proxy(server.server().port());
    QVERIFY(proxy.listen());
    Wire app("alice", storePath());
    QVERIFY(app.opened);
    app.requests.setTimeout(300);
    QSignalSpy updates(&app.sender, &OutboxSender::ownMessageUpdated);
    QSignalSpy timedOut(&app.requests, &RequestTracker::timedOut);
    QVERIFY(app.open(proxy.url()));
    QVERIFY(app.join("general"));
    app.gates.insert("general", OutboxSender::RoomGate::Open);

    proxy.setMode(FaultProxy::Mode::OneWay); // the server gets the send; replies are held
    const QString id = app.sender.add("chat", "general", "answered late");
    QVERIFY(QTest::qWaitFor([&] { return !timedOut.isEmpty(); }, 5000));
    QCOMPARE(timedOut.first().at(0).toString(), id);
    const ChatMessage waiting = lastUpdateOf(updates, id);
    QCOMPARE(waiting.delivery, DeliveryState::Pending);
    QCOMPARE(waiting.error, QStringLiteral("no answer in time"));

    proxy.setMode(FaultProxy::Mode::Pass);
    QVERIFY(QTest::qWaitFor([&] { return lastUpdateOf(updates, id).delivery == DeliveryState::Acked; }, 10000));
    QVERIFY(app.sender.unackedMessages("general").isEmpty());
    auto reader = TestClient::connectAs(server.url(), "reader");
    QVERIFY(reader);
    const Envelope history = reader->request(T::HistoryGet, {{"room", "general"}, {"limit", 10}});
    QCOMPARE(history.payload.value("messages").toArray().size(), 1);
}

QTEST_GUILESS_MAIN(SessionWireTest)
#include "tst_sessionwire.moc"
