#include "RedisBlockingClient.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace sb::server {

namespace {
constexpr timeval ConnectTimeout{0, 500 * 1000};
constexpr timeval CommandTimeout{1, 0};
constexpr qint64 FirstRetryMs = 1000;
constexpr int MaxRetryShift = 2; // 4 s

qint64 nowMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

void appendCommand(redisContext *context, const RedisCommand &arguments)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    redisAppendCommandArgv(context, int(argv.size()), argv.data(), lengths.data());
}
} // namespace

RedisBlockingClient::RedisBlockingClient(RedisUrl url)
    : m_url(std::move(url))
{
}

RedisBlockingClient::~RedisBlockingClient()
{
    if (m_context)
        redisFree(m_context);
}

bool RedisBlockingClient::ensureConnected()
{
    if (m_context)
        return true;
    if (nowMs() < m_nextAttemptMs || (m_gate && !m_gate()))
        return false;
    m_context = redisConnectWithTimeout(m_url.host.toUtf8().constData(), m_url.port, ConnectTimeout);
    if (!m_context || m_context->err) {
        drop("connect");
        return false;
    }
    redisSetTimeout(m_context, CommandTimeout);
    QList<RedisCommand> setup;
    if (!m_url.password.isEmpty())
        setup.append({QByteArrayLiteral("AUTH"), m_url.password});
    setup.append({QByteArrayLiteral("SELECT"), QByteArray::number(m_url.db)});
    for (const RedisCommand &command : setup)
        appendCommand(m_context, command);
    for (qsizetype i = 0; i < setup.size(); ++i) {
        void *reply = nullptr;
        if (redisGetReply(m_context, &reply) != REDIS_OK) {
            drop("setup");
            return false;
        }
        RedisReplyPtr owned(static_cast<redisReply *>(reply));
        if (RedisReply::isError(owned.get())) {
            m_lastError = QString::fromUtf8(RedisReply::string(owned.get()));
            qCWarning(lcRedis) << "Redis refused AUTH/SELECT:" << m_lastError;
            redisFree(m_context);
            m_context = nullptr;
            noteFailure();
            return false;
        }
    }
    m_failures = 0;
    return true;
}

void RedisBlockingClient::noteFailure()
{
    m_nextAttemptMs = nowMs() + (FirstRetryMs << qMin(m_failures, MaxRetryShift));
    ++m_failures;
}

void RedisBlockingClient::reconnectNow()
{
    if (m_context)
        redisFree(m_context);
    m_context = nullptr;
    m_failures = 0;
    m_nextAttemptMs = 0;
}

void RedisBlockingClient::drop(const char *why)
{
    m_lastError = m_context ? QString::fromUtf8(m_context->errstr) : QStringLiteral("out of memory");
    qCDebug(lcRedis) << "blocking reads:" << why << "failed:" << m_lastError;
    if (m_context)
        redisFree(m_context);
    m_context = nullptr;
    noteFailure();
}

RedisReplyPtr RedisBlockingClient::command(const RedisCommand &arguments)
{
    std::vector<RedisReplyPtr> replies = pipeline({arguments});
    return replies.empty() ? nullptr : std::move(replies.front());
}

std::vector<RedisReplyPtr> RedisBlockingClient::pipeline(const QList<RedisCommand> &commands)
{
    std::vector<RedisReplyPtr> replies;
    if (commands.isEmpty() || !ensureConnected())
        return replies;
    for (const RedisCommand &command : commands)
        appendCommand(m_context, command);
    for (qsizetype i = 0; i < commands.size(); ++i) {
        void *reply = nullptr;
        if (redisGetReply(m_context, &reply) != REDIS_OK) {
            drop("read");
            return {};
        }
        replies.emplace_back(static_cast<redisReply *>(reply));
    }
    return replies;
}

} // namespace sb::server
