#pragma once

#include "RedisReply.h"
#include "RedisUrl.h"

#include <functional>
#include <vector>

namespace sb::server {

// A blocking connection for reads the request handlers need at once (room state, history,
// resume, membership). On loopback a read takes ~50–100 µs, far less than making every handler
// asynchronous would cost in code. The timeouts bound the stall when Redis hangs; after a
// failure, reconnect attempts back off (1 s doubling to 4 s) so a hung or unreachable Redis
// cannot stall the event loop again and again; and while the gate says Redis is down (the
// asynchronous link lost it), calls fail at once without trying.
class RedisBlockingClient
{
public:
    explicit RedisBlockingClient(RedisUrl url);
    // Checked before every (re)connect: false means "known to be down, do not even try".
    void setGate(std::function<bool()> gate) { m_gate = std::move(gate); }
    // Redis is back (the asynchronous link reconnected): connect afresh at the next call, at
    // once. The connection this client had went down with the other link's (a server restart, a
    // network cut): used again, it would fail the first read after the outage for nothing.
    void reconnectNow();
    ~RedisBlockingClient();
    RedisBlockingClient(const RedisBlockingClient &) = delete;
    RedisBlockingClient &operator=(const RedisBlockingClient &) = delete;

    // Null when Redis could not be reached or the connection broke.
    RedisReplyPtr command(const RedisCommand &arguments);
    // Several commands in one round trip; empty when any reply is missing.
    std::vector<RedisReplyPtr> pipeline(const QList<RedisCommand> &commands);
    QString lastError() const { return m_lastError; }
    // False after a failed read, until a later call reconnects.
    bool isConnected() const { return m_context != nullptr; }

private:
    bool ensureConnected();
    void drop(const char *why);
    void noteFailure();

    RedisUrl m_url;
    redisContext *m_context = nullptr;
    qint64 m_nextAttemptMs = 0;
    int m_failures = 0; // in a row: the next attempt waits 1 s << failures (at most 4 s)
    std::function<bool()> m_gate;
    QString m_lastError;
};

} // namespace sb::server
