#include "RedisSuite.h"

#include "client/ChatTypes.h"
#include "server/redis/RedisBlockingClient.h"

#include <QTest>

namespace sb::test {

namespace {
// Every string inside a reply, however deeply nested (hashes, sets, stream entries).
void collectStrings(const redisReply *reply, QList<QByteArray> &into)
{
    if (!reply)
        return;
    if (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS)
        into.append(QByteArray(reply->str, qsizetype(reply->len)));
    for (size_t i = 0; reply->type == REDIS_REPLY_ARRAY && i < reply->elements; ++i)
        collectStrings(reply->element[i], into);
}
} // namespace

QStringList keysHolding(const RedisProcess &redis, const QByteArray &needle)
{
    using sb::server::RedisReply::string;
    sb::server::RedisUrl url;
    QString error;
    if (!sb::server::RedisUrl::parse(redis.url(), &url, &error))
        return {error};
    sb::server::RedisBlockingClient client(url);
    const sb::server::RedisReplyPtr keys = client.command({"KEYS", "*"});
    QList<QByteArray> names;
    collectStrings(keys.get(), names);
    QStringList holding;
    for (const QByteArray &key : names) {
        const QByteArray type = string(client.command({"TYPE", key}).get());
        sb::server::RedisCommand read;
        if (type == "string")
            read = {"GET", key};
        else if (type == "hash")
            read = {"HGETALL", key};
        else if (type == "set")
            read = {"SMEMBERS", key};
        else if (type == "zset")
            read = {"ZRANGE", key, "0", "-1"};
        else if (type == "list")
            read = {"LRANGE", key, "0", "-1"};
        else if (type == "stream")
            read = {"XRANGE", key, "-", "+"};
        else
            continue;
        QList<QByteArray> values;
        collectStrings(client.command(read).get(), values);
        if (std::any_of(values.cbegin(), values.cend(), [&](const QByteArray &v) { return v.contains(needle); }))
            holding.append(QString::fromUtf8(key));
    }
    return holding;
}

void RedisSuite::initTestCase()
{
    qRegisterMetaType<QList<sb::client::ChatMessage>>();
    if (!RedisProcess::isInstalled())
        QFAIL("redis-server is not installed (scripts/debian-packages.txt lists it: run make test)");
}

void RedisSuite::init()
{
    m_redis = std::make_unique<RedisProcess>();
    QVERIFY2(m_redis->start(), m_redis->output().constData());
}

void RedisSuite::cleanup()
{
    m_redis.reset();
}

} // namespace sb::test
