// The --redis URL: what is accepted, with which defaults, and the clear error for the rest.
#include "server/redis/RedisUrl.h"

#include <QTest>

using sb::server::RedisUrl;

class RedisUrlTest : public QObject
{
    Q_OBJECT

private slots:
    void fullUrl()
    {
        RedisUrl url;
        QString error;
        QVERIFY(RedisUrl::parse("redis://:s3cret@10.0.0.5:6380/2", &url, &error));
        QCOMPARE(url.host, QString("10.0.0.5"));
        QCOMPARE(url.port, 6380);
        QCOMPARE(url.db, 2);
        QCOMPARE(url.password, QByteArray("s3cret"));
        QCOMPARE(url.display(), QString("10.0.0.5:6380/2")); // never the password
    }
    void defaults()
    {
        RedisUrl url;
        QString error;
        QVERIFY(RedisUrl::parse("redis://localhost", &url, &error));
        QCOMPARE(url.port, 6379);
        QCOMPARE(url.db, 0);
        QVERIFY(url.password.isEmpty());
    }
    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("other scheme") << "http://localhost:6379";
        QTest::newRow("no host") << "redis:///0";
        QTest::newRow("db not a number") << "redis://localhost/cache";
        QTest::newRow("plain host") << "localhost:6379";
    }
    void refused()
    {
        QFETCH(QString, text);
        RedisUrl url;
        QString error;
        QVERIFY(!RedisUrl::parse(text, &url, &error));
        QVERIFY2(error.contains("redis://"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(RedisUrlTest)
#include "tst_redisurl.moc"
