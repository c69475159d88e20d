#pragma once

#include "RedisBackplane.h"
#include "RedisBlockingClient.h"
#include "RedisConnection.h"
#include "RedisStore.h"
#include "RedisUrl.h"

#include <QObject>

#include <memory>

namespace sb::server {

struct ServerConfig;
struct ServerStats;

// The Redis engine (--redis): history and seqs (RedisStore) and the link between instances
// (RedisBackplane) over three connections: commands, pub/sub, and blocking reads.
// It is "up" while both asynchronous connections are; the state goes to ServerStats::redisState.
class RedisEngine : public QObject
{
    Q_OBJECT

public:
    RedisEngine(const ServerConfig &config, ServerStats &stats, QObject *parent = nullptr);
    ~RedisEngine() override;

    // Connects; false with `error` when the URL is wrong or Redis cannot be reached at all now
    // (later outages are survived: the engine reconnects by itself).
    bool start(QString *error);
    void stop();
    bool isUp() const { return m_commands && m_commands->isReady() && m_subscriber->isReady(); }

    MessageStore &store() { return *m_store; }
    RedisBackplane &backplane() { return *m_backplane; }

signals:
    // The pub/sub link is back after a loss (and the command link is up): what was published
    // meanwhile must be read back.
    // `lostAtMs`: the wall-clock time the link was lost.
    void resubscribed(qint64 lostAtMs);

private:
    void updateState();
    void reportResubscribed();
    void dispatch(const QByteArray &payload);

    const ServerConfig &m_config;
    ServerStats &m_stats;
    RedisUrl m_url;
    std::unique_ptr<RedisConnection> m_commands;
    std::unique_ptr<RedisConnection> m_subscriber;
    std::unique_ptr<RedisBlockingClient> m_reader;
    std::unique_ptr<RedisStore> m_store;
    std::unique_ptr<RedisBackplane> m_backplane;
    bool m_subscriberLost = false;
    qint64 m_subscriberLostAtMs = 0;
};

} // namespace sb::server
