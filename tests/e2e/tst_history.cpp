// history.get end to end: the default and explicit limits, paging back with `before` to the
// start, ascending seq inside each page, entries shaped exactly like chat.message, and the
// errors for an unknown room and a bad limit. The rooms are filled once; every test only reads.
#include "TestClient.h"
#include "TestHelpers.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QTest>

using namespace sb::protocol;
using namespace sb::test;
namespace T = sb::protocol::MessageType;

namespace {

const QString Big = QStringLiteral("big");     // BigCount messages
const QString Small = QStringLiteral("small"); // the messages of m_smallLive
const QString Empty = QStringLiteral("empty"); // joined, never written to
constexpr qint64 BigCount = 205;

struct Page
{
    Envelope reply;
    QList<qint64> seqs;
    bool hasMore() const { return reply.payload.value("has_more").toBool(); }
    QJsonArray messages() const { return reply.payload.value("messages").toArray(); }
};

Page historyPage(TestClient &client, const QString &room, const QJsonObject &extra = {})
{
    QJsonObject payload = extra;
    payload.insert("room", room);
    Page page;
    page.reply = client.request(T::HistoryGet, payload);
    for (const QJsonValue &message : page.messages())
        page.seqs.append(message.toObject().value("seq").toInteger());
    return page;
}

} // namespace

class HistoryTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void defaultLimitIsTheNewest50_data();
    void defaultLimitIsTheNewest50();
    void limitFrom1To200_data();
    void limitFrom1To200();
    void beforePagesBackToTheStart_data();
    void beforePagesBackToTheStart();
    void entriesAreShapedLikeChatMessages_data();
    void entriesAreShapedLikeChatMessages();
    void roomWithoutMessagesHasAnEmptyHistory();
    void unknownRoomIsNotFound();
    void invalidLimitIsInvalidArgument_data();
    void invalidLimitIsInvalidArgument();

private:
    std::unique_ptr<TestClient> reader(WireFormat format);

    std::unique_ptr<TestServer> m_server;
    QList<Envelope> m_smallLive; // the chat.messages of Small as they were delivered
};

void HistoryTest::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
    TestClient writer;
    QVERIFY(writer.open(m_server->url()));
    QCOMPARE(writer.hello("writer").type, T::Welcome);
    for (const QString &room : {Big, Small, Empty})
        QCOMPARE(writer.request(T::RoomJoin, inRoom(room)).type, T::Ack);

    QString last;
    for (qint64 i = 1; i <= BigCount; ++i)
        last = writer.send(T::ChatSend, {{"room", Big}, {"text", QStringLiteral("big %1").arg(i)}});
    QCOMPARE(writer.waitForReply(last).payload.value("seq").toInteger(), BigCount);

    for (const char *text : {"plain", "ünïcødé ✓ 🎉", "line\nbreak"})
        writer.request(T::ChatSend, {{"room", Small}, {"text", text}});
    QVERIFY(writer.sync());
    for (const Envelope &message : writer.takeAll(T::ChatMessage)) {
        if (message.payload.value("room").toString() == Small)
            m_smallLive.append(message);
    }
    QCOMPARE(m_smallLive.size(), 3);
}

void HistoryTest::cleanupTestCase()
{
    m_server.reset();
}

std::unique_ptr<TestClient> HistoryTest::reader(WireFormat format)
{
    auto client = std::make_unique<TestClient>(format);
    if (!client->open(m_server->url()) || client->hello("reader").type != T::Welcome)
        return nullptr;
    return client;
}

void HistoryTest::defaultLimitIsTheNewest50_data()
{
    addFormatRows();
}

void HistoryTest::defaultLimitIsTheNewest50()
{
    QFETCH(WireFormat, format);
    auto client = reader(format);
    QVERIFY(client);
    const Page page = historyPage(*client, Big);
    QCOMPARE(page.reply.type, T::History);
    QCOMPARE(page.reply.payload.value("room").toString(), Big);
    QCOMPARE(page.seqs, seqRange(BigCount - 49, BigCount));
    QVERIFY(page.hasMore());
}

void HistoryTest::limitFrom1To200_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<int>("limit");
    QTest::newRow("1") << WireFormat::Json << 1;
    QTest::newRow("7") << WireFormat::Json << 7;
    QTest::newRow("200") << WireFormat::Json << 200;
    QTest::newRow("200 cbor") << WireFormat::Cbor << 200;
}

void HistoryTest::limitFrom1To200()
{
    QFETCH(WireFormat, format);
    QFETCH(int, limit);
    auto client = reader(format);
    QVERIFY(client);
    const Page page = historyPage(*client, Big, {{"limit", limit}});
    QCOMPARE(page.seqs, seqRange(BigCount - limit + 1, BigCount));
    QVERIFY(page.hasMore());

    // A limit above what is there gives everything, and nothing more to fetch.
    const Page all = historyPage(*client, Small, {{"limit", limit}});
    QCOMPARE(all.seqs, seqRange(qMax<qint64>(1, 3 - limit + 1), 3));
    QCOMPARE(all.hasMore(), limit < 3);
}

void HistoryTest::beforePagesBackToTheStart_data()
{
    addFormatRows();
}

void HistoryTest::beforePagesBackToTheStart()
{
    QFETCH(WireFormat, format);
    auto client = reader(format);
    QVERIFY(client);
    QList<qint64> everything;
    QJsonObject request{{"limit", 60}};
    for (int pages = 1;; ++pages) {
        QVERIFY2(pages <= 4, "more pages than 205 messages need at 60 a page");
        const Page page = historyPage(*client, Big, request);
        QCOMPARE(page.reply.type, T::History);
        QVERIFY(!page.seqs.isEmpty());
        // Each page is ascending and contiguous, and ends right below the previous one.
        QCOMPARE(page.seqs, seqRange(page.seqs.first(), page.seqs.first() + page.seqs.size() - 1));
        if (request.contains("before"))
            QCOMPARE(page.seqs.last(), request.value("before").toInteger() - 1);
        everything = page.seqs + everything;
        if (!page.hasMore())
            break;
        request.insert("before", page.seqs.first());
    }
    QCOMPARE(everything, seqRange(1, BigCount));

    // Before the first message there is nothing.
    const Page none = historyPage(*client, Big, {{"before", 1}});
    QCOMPARE(none.seqs, QList<qint64>());
    QVERIFY(!none.hasMore());
    // `before` past the end is the same as no `before`.
    QCOMPARE(historyPage(*client, Big, {{"before", BigCount + 100}, {"limit", 5}}).seqs,
             seqRange(BigCount - 4, BigCount));
}

void HistoryTest::entriesAreShapedLikeChatMessages_data()
{
    addFormatRows();
}

void HistoryTest::entriesAreShapedLikeChatMessages()
{
    QFETCH(WireFormat, format);
    auto client = reader(format);
    QVERIFY(client);
    const QJsonArray messages = historyPage(*client, Small).messages();
    QCOMPARE(messages.size(), m_smallLive.size());
    const QStringList fields{"client_id", "from", "room", "seq", "text", "ts"};
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject entry = messages.at(i).toObject();
        QStringList keys = entry.keys();
        keys.sort();
        QCOMPARE(keys, fields);
        QCOMPARE(entry, m_smallLive.at(i).payload);
    }
}

void HistoryTest::roomWithoutMessagesHasAnEmptyHistory()
{
    auto client = reader(WireFormat::Json);
    QVERIFY(client);
    const Page page = historyPage(*client, Empty);
    QCOMPARE(page.reply.type, T::History);
    QCOMPARE(page.seqs, QList<qint64>());
    QVERIFY(!page.hasMore());
}

void HistoryTest::unknownRoomIsNotFound()
{
    auto client = reader(WireFormat::Cbor);
    QVERIFY(client);
    const Page page = historyPage(*client, "never-created");
    QCOMPARE(page.reply.type, T::Error);
    QCOMPARE(page.reply.payload.value("code").toString(), QStringLiteral("not_found"));
    // Asking did not create it.
    const QJsonArray rooms = client->request(T::RoomList).payload.value("rooms").toArray();
    for (const QJsonValue &room : rooms)
        QVERIFY(room.toObject().value("room").toString() != QStringLiteral("never-created"));
}

void HistoryTest::invalidLimitIsInvalidArgument_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<QJsonValue>("limit");
    QTest::newRow("0") << WireFormat::Json << QJsonValue(0);
    QTest::newRow("201") << WireFormat::Json << QJsonValue(201);
    QTest::newRow("\"x\"") << WireFormat::Json << QJsonValue("x");
    QTest::newRow("1.5") << WireFormat::Json << QJsonValue(1.5);
    QTest::newRow("201 cbor") << WireFormat::Cbor << QJsonValue(201);
}

void HistoryTest::invalidLimitIsInvalidArgument()
{
    QFETCH(WireFormat, format);
    QFETCH(QJsonValue, limit);
    auto client = reader(format);
    QVERIFY(client);
    const Page page = historyPage(*client, Big, {{"limit", limit}});
    QCOMPARE(page.reply.type, T::Error);
    QCOMPARE(page.reply.payload.value("code").toString(), QStringLiteral("invalid_argument"));
    QVERIFY(client->isOpen());
}

QTEST_GUILESS_MAIN(HistoryTest)
#include "tst_history.moc"
