#pragma once

#include "RedisReply.h"
#include "RedisUrl.h"

#include <vector>

namespace sb::server {

// A blocking connection for reads the request handlers need at once (room state, history,
// resume, membership). On loopback a read takes ~50–100 µs, far less than making every handler
// asynchronous would cost in code; the timeouts bound the stall when Redis hangs, and while
// Redis is unreachable calls fail at once (one reconnect attempt a second at most).
class RedisBlockingClient
{
public:
    explicit RedisBlockingClient(RedisUrl url);
    ~RedisBlockingClient();
    RedisBlockingClient(const RedisBlockingClient &) = delete;
    RedisBlockingClient &operator=(const RedisBlockingClient &) = delete;

    // Null when Redis could not be reached or the connection broke.
    RedisReplyPtr command(const RedisCommand &arguments);
    // Several commands in one round trip; empty when any reply is missing.
    std::vector<RedisReplyPtr> pipeline(const QList<RedisCommand> &commands);
    QString lastError() const { return m_lastError; }

private:
    bool ensureConnected();
    void drop(const char *why);

    RedisUrl m_url;
    redisContext *m_context = nullptr;
    qint64 m_nextAttemptMs = 0;
    QString m_lastError;
};

} // namespace sb::server
