// protocol/Utf8: truncateUtf8 cuts on a character boundary (close reasons, 123 bytes).
#include "protocol/Utf8.h"

#include <QStringDecoder>
#include <QTest>

using sb::protocol::truncateUtf8;

namespace {

// True when `bytes` is well-formed UTF-8: it decodes without error and re-encodes to itself.
bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    return !decoder.hasError() && decoded.toUtf8() == bytes;
}

// Byte length of the UTF-8 sequence starting with `lead`.
int sequenceLength(uchar lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    return 4;
}

} // namespace

class Utf8Test : public QObject
{
    Q_OBJECT

private slots:
    void truncates_data();
    void truncates();
    void shortStringsAreUnchanged_data();
    void shortStringsAreUnchanged();
    void zeroAndNegativeLimitsGiveNothing();
    void everyCutIsValidMaximalAndAPrefix_data();
    void everyCutIsValidMaximalAndAPrefix();
    void closeReasonLimit();
};

void Utf8Test::truncates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QByteArray>("expected");

    // é = C3 A9 (2 bytes), € = E2 82 AC (3 bytes), 😀 = F0 9F 98 80 (4 bytes, a surrogate pair)
    const QString e2 = QStringLiteral("aé");
    QTest::newRow("2-byte: cut before the lead byte") << e2 << 1 << QByteArray("a");
    QTest::newRow("2-byte: cut after the lead byte") << e2 << 2 << QByteArray("a");
    QTest::newRow("2-byte: fits exactly") << e2 << 3 << QByteArray("a\xC3\xA9");

    const QString e3 = QStringLiteral("a€");
    QTest::newRow("3-byte: after 1 of 3 bytes") << e3 << 2 << QByteArray("a");
    QTest::newRow("3-byte: after 2 of 3 bytes") << e3 << 3 << QByteArray("a");
    QTest::newRow("3-byte: fits exactly") << e3 << 4 << QByteArray("a\xE2\x82\xAC");

    const QString e4 = QStringLiteral("a😀");
    QTest::newRow("4-byte: after 1 of 4 bytes") << e4 << 2 << QByteArray("a");
    QTest::newRow("4-byte: after 2 of 4 bytes") << e4 << 3 << QByteArray("a");
    QTest::newRow("4-byte: after 3 of 4 bytes") << e4 << 4 << QByteArray("a");
    QTest::newRow("4-byte: fits exactly") << e4 << 5 << QByteArray("a\xF0\x9F\x98\x80");

    QTest::newRow("first character does not fit") << QStringLiteral("😀x") << 3 << QByteArray();
    QTest::newRow("ascii cut") << QStringLiteral("hello world") << 5 << QByteArray("hello");
    QTest::newRow("run of 2-byte chars, odd limit")
        << QStringLiteral("ééééé") << 7 << QByteArray("\xC3\xA9\xC3\xA9\xC3\xA9");
    QTest::newRow("run of 3-byte chars, limit 8")
        << QStringLiteral("€€€€") << 8 << QByteArray("\xE2\x82\xAC\xE2\x82\xAC");
    QTest::newRow("run of 4-byte chars, limit 11")
        << QStringLiteral("😀😀😀😀") << 11 << QByteArray("\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
    // A combining accent is its own code point: a cut between it and its base is well-formed.
    QTest::newRow("combining mark dropped whole")
        << QStringLiteral("e\u0301") << 2 << QByteArray("e");
}

void Utf8Test::truncates()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    QFETCH(QByteArray, expected);

    const QByteArray cut = truncateUtf8(text, maxBytes);
    QCOMPARE(cut, expected);
    QVERIFY(cut.size() <= maxBytes);
    QVERIFY(isValidUtf8(cut));
}

void Utf8Test::shortStringsAreUnchanged_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxBytes");

    QTest::newRow("empty, limit 0") << QString() << 0;
    QTest::newRow("empty, limit 10") << QString() << 10;
    QTest::newRow("ascii, room to spare") << QStringLiteral("bye") << 123;
    QTest::newRow("ascii, exact") << QStringLiteral("bye") << 3;
    QTest::newRow("mixed, exact") << QStringLiteral("é€😀") << 9;
    QTest::newRow("mixed, room to spare") << QStringLiteral("é€😀") << 10;
}

void Utf8Test::shortStringsAreUnchanged()
{
    QFETCH(QString, text);
    QFETCH(int, maxBytes);
    QCOMPARE(truncateUtf8(text, maxBytes), text.toUtf8());
}

void Utf8Test::zeroAndNegativeLimitsGiveNothing()
{
    QCOMPARE(truncateUtf8(QStringLiteral("abc"), 0), QByteArray());
    QCOMPARE(truncateUtf8(QStringLiteral("éabc"), 0), QByteArray());
    QCOMPARE(truncateUtf8(QStringLiteral("abc"), -1), QByteArray());
    QCOMPARE(truncateUtf8(QStringLiteral("😀"), -100), QByteArray());
}

void Utf8Test::everyCutIsValidMaximalAndAPrefix_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("mixed widths") << QStringLiteral("aé€😀b😀€éa");
    QTest::newRow("only 4-byte") << QStringLiteral("😀🎉🚀👍");
    QTest::newRow("cjk and rtl") << QStringLiteral("日本語 עברית العربية");
    QTest::newRow("ascii") << QStringLiteral("plain ascii text");
}

void Utf8Test::everyCutIsValidMaximalAndAPrefix()
{
    QFETCH(QString, text);
    const QByteArray full = text.toUtf8();
    for (int maxBytes = 0; maxBytes <= full.size() + 2; ++maxBytes) {
        const QByteArray cut = truncateUtf8(text, maxBytes);
        const QByteArray where = "maxBytes=" + QByteArray::number(maxBytes);
        QVERIFY2(cut.size() <= maxBytes, where.constData());
        QVERIFY2(full.startsWith(cut), where.constData());
        QVERIFY2(isValidUtf8(cut), where.constData());
        // Maximal: either everything fit, or the next whole character would not have.
        if (cut.size() < full.size()) {
            const int next = sequenceLength(uchar(full.at(cut.size())));
            QVERIFY2(cut.size() + next > maxBytes, where.constData());
        } else {
            QCOMPARE(cut, full);
        }
    }
}

void Utf8Test::closeReasonLimit()
{
    // A WebSocket close reason holds 123 bytes: 41 × "€" is 123 bytes and fits, 42 does not.
    const QString fits = QString(41, QChar(0x20AC));
    QCOMPARE(truncateUtf8(fits, 123).size(), 123);
    const QString tooLong = QString(42, QChar(0x20AC));
    const QByteArray cut = truncateUtf8(tooLong, 123);
    QCOMPARE(cut.size(), 123);
    QCOMPARE(QString::fromUtf8(cut), fits);

    // 61 × "é" (122 bytes) + "😀": the emoji would end at byte 126, so it is dropped whole.
    const QString emojiAtEnd = QString(61, QChar(0xE9)) + QStringLiteral("😀");
    const QByteArray cut2 = truncateUtf8(emojiAtEnd, 123);
    QCOMPARE(cut2.size(), 122);
    QVERIFY(isValidUtf8(cut2));
}

QTEST_GUILESS_MAIN(Utf8Test)
#include "tst_utf8.moc"
