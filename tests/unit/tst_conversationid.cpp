// ConversationId: the one place that knows how a conversation's key is spelled.
#include "client/ConversationId.h"

#include <QTest>

using sb::client::ConversationId;

class ConversationIdTest : public QObject
{
    Q_OBJECT

private slots:
    void aRoomIsItsNameAndReadsWithAHash();
    void aDirectConversationIsThePeerAndReadsWithAnAt();
    void keysRoundTrip_data();
    void keysRoundTrip();
    void nothingIsNeitherRoomNorDirect();
    void roomsAndDirectsOfTheSameNameDiffer();
};

void ConversationIdTest::aRoomIsItsNameAndReadsWithAHash()
{
    const ConversationId id = ConversationId::room("general");
    QVERIFY(id.isRoom());
    QVERIFY(!id.isDirect());
    QCOMPARE(id.name(), QStringLiteral("general"));
    QCOMPARE(id.peer(), QString());
    QCOMPARE(id.key(), QStringLiteral("general"));
    QCOMPARE(id.displayName(), QStringLiteral("#general"));
    QCOMPARE(id.title(), QStringLiteral("#general"));
}

void ConversationIdTest::aDirectConversationIsThePeerAndReadsWithAnAt()
{
    const ConversationId id = ConversationId::direct("bob");
    QVERIFY(id.isDirect());
    QVERIFY(!id.isRoom());
    QCOMPARE(id.name(), QStringLiteral("bob"));
    QCOMPARE(id.peer(), QStringLiteral("bob"));
    QCOMPARE(id.key(), QStringLiteral("@bob"));
    QCOMPARE(id.displayName(), QStringLiteral("@bob"));
    QCOMPARE(id.title(), QStringLiteral("bob")); // the header says "Direct messages" beside it
}

void ConversationIdTest::keysRoundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("direct");
    QTest::newRow("room") << "general" << false;
    QTest::newRow("room with digits and dashes") << "eu-desk-2" << false;
    QTest::newRow("direct") << "@bob" << true;
    QTest::newRow("direct with a guest suffix") << "@sam-2" << true;
}

void ConversationIdTest::keysRoundTrip()
{
    QFETCH(QString, key);
    QFETCH(bool, direct);
    const ConversationId id = ConversationId::fromKey(key);
    QCOMPARE(id.isDirect(), direct);
    QCOMPARE(ConversationId::isDirectKey(key), direct);
    QCOMPARE(id.key(), key);
    QCOMPARE(ConversationId::fromKey(id.key()), id);
}

void ConversationIdTest::nothingIsNeitherRoomNorDirect()
{
    for (const ConversationId &id : {ConversationId(), ConversationId::fromKey(""), ConversationId::direct(""),
                                     ConversationId::fromKey("@")}) {
        QVERIFY(id.isEmpty());
        QVERIFY(!id.isRoom());
        QVERIFY(!id.isDirect());
        QCOMPARE(id.key(), QString());
        QCOMPARE(id.displayName(), QString());
        QCOMPARE(id.title(), QString());
    }
}

void ConversationIdTest::roomsAndDirectsOfTheSameNameDiffer()
{
    QVERIFY(ConversationId::room("bob") != ConversationId::direct("bob"));
    QCOMPARE(ConversationId::room("bob"), ConversationId::fromKey("bob"));
    QCOMPARE(ConversationId::direct("bob"), ConversationId::fromKey("@bob"));
}

QTEST_APPLESS_MAIN(ConversationIdTest)
#include "tst_conversationid.moc"
