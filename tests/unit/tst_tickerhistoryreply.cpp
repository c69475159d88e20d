// TickerHistoryReply: the ticker.history reply written directly (JSON) or the generic way (CBOR)
// decodes, in both formats, to the envelope the Codec would have made from the same bars.
#include "protocol/Codec.h"
#include "protocol/MessageType.h"
#include "server/market/TickerHistoryReply.h"

#include <QJsonArray>
#include <QTest>

using namespace sb::protocol;
using namespace sb::server;

class TickerHistoryReplyTest : public QObject
{
    Q_OBJECT

private slots:
    void decodesAsTheGenericEncoding_data();
    void decodesAsTheGenericEncoding();
};

void TickerHistoryReplyTest::decodesAsTheGenericEncoding_data()
{
    QTest::addColumn<WireFormat>("format");
    QTest::addColumn<QList<Bar>>("bars");
    const QList<Bar> odd{{1'700'000'000'000, 190.05, 190.1, 189.99, 190, 1200},
                         {1'700'000'001'000, 0.1, 0.30000000000000004, 1e-7, 1e21, 0},
                         {1'700'000'002'000, 37250.1, 37251, 37249.9, 37250.7, 9'007'199'254'740'991}};
    for (const auto format : {WireFormat::Json, WireFormat::Cbor}) {
        const char *name = format == WireFormat::Json ? "json" : "cbor";
        QTest::addRow("%s, no bars", name) << format << QList<Bar>();
        QTest::addRow("%s, odd numbers", name) << format << odd;
    }
}

void TickerHistoryReplyTest::decodesAsTheGenericEncoding()
{
    QFETCH(WireFormat, format);
    QFETCH(QList<Bar>, bars);
    // An id with quotes and the very text the writer looks for, to show neither confuses it.
    const QString id = QStringLiteral("h-1 \"bars\":[] \\ é");
    const QJsonObject fields{{"symbol", "AAPL"}, {"interval", "1m"}, {"has_more", true}, {"q", 42}};
    const Envelope withoutBars = Envelope::make(QString(MessageType::TickerHistory), fields, id);

    const DecodeResult written = Codec::decode(TickerHistoryReply::encode(format, withoutBars, bars), format);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage));

    Envelope generic = withoutBars;
    QJsonArray array;
    for (const Bar &bar : bars)
        array.append(TickerHistoryReply::toJson(bar));
    generic.payload.insert("bars", array);
    const DecodeResult expected = Codec::decode(Codec::encode(generic, format), format);
    QVERIFY(expected.ok());
    QCOMPARE(written.envelope, expected.envelope);
    QCOMPARE(written.envelope.id, id);
    QCOMPARE(written.envelope.payload.value("bars").toArray().size(), bars.size());
}

QTEST_GUILESS_MAIN(TickerHistoryReplyTest)
#include "tst_tickerhistoryreply.moc"
