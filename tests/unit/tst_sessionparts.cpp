// The parts Session is made of that need no server: the pushes turned into signals
// (RoomNotices), the conversations kept in sync and their resume points in the local store
// (Conversations), and the bookkeeping of requests (RequestTracker). Their traffic with a real
// server is in tests/e2e/tst_sessionwire.cpp.
#include "client/ChatTypes.h"
#include "client/ConnectionManager.h"
#include "client/Conversations.h"
#include "client/LocalStore.h"
#include "client/RequestTracker.h"
#include "client/RoomNotices.h"
#include "client/TickerSubscriptions.h"
#include "protocol/Envelope.h"
#include "protocol/MessageType.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using sb::protocol::Envelope;
namespace T = sb::protocol::MessageType;

class SessionPartsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyNoticeBecomesItsSignal();
    void repliesAndMessagesAreNotNotices();
    void tickerBatchesBecomeTicksAndNothingElseDoes();
    void conversationsComeBackFromTheStore();
    void aLeftRoomStaysLeftAfterARestart();
    void aNewDirectConversationGoesOnFromItsNewestCachedMessage();
    void onlyRateLimitsAndServerFaultsAreWorthRetrying();
    void aRequestThatCouldNotGoOutIsNotAwaited();

private:
    bool openStore(LocalStore &store);
    QTemporaryDir m_dir;
};

void SessionPartsTest::initTestCase()
{
    qRegisterMetaType<QList<MarketTick>>();
    qRegisterMetaType<QList<PresenceEntry>>();
    QVERIFY(m_dir.isValid());
}

bool SessionPartsTest::openStore(LocalStore &store)
{
    QString error;
    const bool opened = store.open(m_dir.filePath(QStringLiteral("%1.db").arg(QTest::currentTestFunction())), &error);
    if (!opened)
        qWarning() << error;
    return opened;
}

void SessionPartsTest::everyNoticeBecomesItsSignal()
{
    RoomNotices notices;
    QSignalSpy typing(&notices, &RoomNotices::typingChanged);
    QSignalSpy presence(&notices, &RoomNotices::presenceChanged);
    QSignalSpy snapshot(&notices, &RoomNotices::presenceSnapshot);
    QSignalSpy member(&notices, &RoomNotices::memberChanged);
    QSignalSpy listed(&notices, &RoomNotices::roomsListed);
    QSignalSpy announced(&notices, &RoomNotices::announced);

    QVERIFY(notices.handle(Envelope::make(T::Typing, {{"room", "general"}, {"user", "bob"}, {"active", true}})));
    QVERIFY(notices.handle(Envelope::make(T::Presence, {{"room", "general"}, {"user", "bob"}, {"status", "away"}})));
    QVERIFY(notices.handle(Envelope::make(
        T::PresenceSnapshot,
        {{"room", "general"}, {"users", QJsonArray{QJsonObject{{"user", "ann"}, {"status", "online"}}}}})));
    QVERIFY(notices.handle(Envelope::make(T::RoomEvent, {{"room", "general"}, {"user", "cy"}, {"event", "leave"}})));
    QVERIFY(notices.handle(Envelope::make(T::RoomList, {{"rooms", QJsonArray{QJsonObject{{"name", "general"}}}}})));
    QVERIFY(notices.handle(Envelope::make(T::Announce, {{"text", "Maintenance at 10"}, {"level", "warning"}})));

    QCOMPARE(typing.size(), 1);
    QCOMPARE(typing.at(0), (QList<QVariant>{"general", "bob", true}));
    QCOMPARE(presence.at(0), (QList<QVariant>{"general", "bob", "away"}));
    const auto users = snapshot.at(0).at(1).value<QList<PresenceEntry>>();
    QCOMPARE(users.size(), 1);
    QCOMPARE(users.at(0).user, QStringLiteral("ann"));
    QCOMPARE(users.at(0).status, QStringLiteral("online"));
    QCOMPARE(member.at(0), (QList<QVariant>{"general", "cy", false}));
    QCOMPARE(listed.at(0).at(0).toJsonArray().size(), 1);
    QCOMPARE(announced.at(0), (QList<QVariant>{"Maintenance at 10", "warning"}));
}

void SessionPartsTest::repliesAndMessagesAreNotNotices()
{
    RoomNotices notices;
    QSignalSpy any(&notices, &RoomNotices::typingChanged);
    for (const QString &type : {QString(T::Ack), QString(T::Error), QString(T::History),
                                QString(T::ChatMessage), QString(T::DmMessage), QString(T::TickerBatch)})
        QVERIFY2(!notices.handle(Envelope::make(type, {{"room", "general"}})), qPrintable(type));
    QCOMPARE(any.size(), 0);
}

void SessionPartsTest::tickerBatchesBecomeTicksAndNothingElseDoes()
{
    ConnectionManager connection;
    RequestTracker requests;
    TickerSubscriptions tickers(connection, requests);
    QSignalSpy ticks(&tickers, &TickerSubscriptions::ticksReceived);

    QVERIFY(tickers.handle(Envelope::make(
        T::TickerBatch, {{"ticks", QJsonArray{QJsonObject{{"s", "NVDA"}, {"p", 912.5}, {"v", 300}, {"t", 1700}}}}})));
    for (const QString &type : {QString(T::Ack), QString(T::Typing), QString(T::ChatMessage)})
        QVERIFY2(!tickers.handle(Envelope::make(type, {{"room", "general"}})), qPrintable(type));

    QCOMPARE(ticks.size(), 1);
    const auto batch = ticks.at(0).at(0).value<QList<MarketTick>>();
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.at(0).symbol, QStringLiteral("NVDA"));
    QCOMPARE(batch.at(0).price, 912.5);
}

void SessionPartsTest::conversationsComeBackFromTheStore()
{
    {
        LocalStore store;
        QVERIFY(openStore(store));
        Conversations conversations(store);
        conversations.joinRoom(QStringLiteral("general"));
        conversations.joinRoom(QStringLiteral("markets"));
        ConversationSync &dm = conversations.direct(QStringLiteral("@bob"));
        ChatMessage hello;
        hello.room = QStringLiteral("@bob");
        hello.seq = 1;
        hello.from = QStringLiteral("bob");
        hello.text = QStringLiteral("hi");
        QVERIFY(dm.accept(hello));
        QCOMPARE(dm.takeReady().size(), 1);
        conversations.save(dm);
        QCOMPARE(conversations.rooms(), (QStringList{"general", "markets"}));
        QCOMPARE(conversations.directs(), QStringList{"@bob"});
    }
    LocalStore store;
    QVERIFY(openStore(store));
    Conversations conversations(store);
    conversations.load();
    QCOMPARE(conversations.rooms(), (QStringList{"general", "markets"}));
    QCOMPARE(conversations.directs(), QStringList{"@bob"});
    QCOMPARE(conversations.watermark(QStringLiteral("@bob")), 1);
    QVERIFY(conversations.find(QStringLiteral("general")));
    QVERIFY(!conversations.find(QStringLiteral("random")));
    QVERIFY(!conversations.find(QStringLiteral("@carol")));
}

void SessionPartsTest::aLeftRoomStaysLeftAfterARestart()
{
    {
        LocalStore store;
        QVERIFY(openStore(store));
        Conversations conversations(store);
        conversations.joinRoom(QStringLiteral("general"));
        conversations.joinRoom(QStringLiteral("random"));
        conversations.leaveRoom(QStringLiteral("random"));
        QVERIFY(!conversations.hasRoom(QStringLiteral("random")));
    }
    LocalStore store;
    QVERIFY(openStore(store));
    Conversations conversations(store);
    conversations.load();
    QCOMPARE(conversations.rooms(), QStringList{"general"});
}

void SessionPartsTest::aNewDirectConversationGoesOnFromItsNewestCachedMessage()
{
    // A cache written by a version that kept no resume point for DMs: the conversation goes on
    // from the newest message it holds instead of delivering the cache again as new.
    LocalStore store;
    QVERIFY(openStore(store));
    QList<ChatMessage> cached;
    for (int seq = 1; seq <= 3; ++seq) {
        ChatMessage m;
        m.room = QStringLiteral("@ann");
        m.seq = seq;
        m.from = QStringLiteral("ann");
        m.text = QStringLiteral("m%1").arg(seq);
        cached.append(m);
    }
    store.saveMessages(cached);
    Conversations conversations(store);
    QCOMPARE(conversations.direct(QStringLiteral("@ann")).watermark(), 3);
    QCOMPARE(conversations.direct(QStringLiteral("@zed")).watermark(), 0);
}

void SessionPartsTest::onlyRateLimitsAndServerFaultsAreWorthRetrying()
{
    QVERIFY(!RequestTracker::isFinal(QStringLiteral("rate_limited")));
    QVERIFY(!RequestTracker::isFinal(QStringLiteral("internal")));
    QVERIFY(!RequestTracker::isFinal(RequestTracker::TimedOut)); // no answer in time: ask again
    for (const char *code : {"invalid_argument", "forbidden", "not_found", "too_large", "unauthorized"})
        QVERIFY2(RequestTracker::isFinal(QString::fromLatin1(code)), code);
}

void SessionPartsTest::aRequestThatCouldNotGoOutIsNotAwaited()
{
    ConnectionManager closed; // never opened: every send is refused
    RequestTracker requests;
    const QString first = requests.send(closed, T::RoomJoin, {{"room", "general"}},
                                        {RequestTracker::Purpose::Join, QStringLiteral("general")});
    const QString second = requests.send(closed, T::RoomList, {}, {});
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
    QCOMPARE(requests.pendingCount(), 0);
    QCOMPARE(requests.take(first).purpose, RequestTracker::Purpose::Other);
    const QString given = requests.send(closed, T::ChatSend, {}, {}, QStringLiteral("client-id-1"));
    QCOMPARE(given, QStringLiteral("client-id-1"));
}

QTEST_GUILESS_MAIN(SessionPartsTest)
#include "tst_sessionparts.moc"
