#include "RedisSuite.h"

#include "client/ChatTypes.h"

#include <QTest>

namespace sb::test {

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
