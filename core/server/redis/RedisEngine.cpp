#include "RedisEngine.h"

#include "RedisKeys.h"
#include "../ServerConfig.h"
#include "../ServerStats.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace sb::server {

namespace {
constexpr int StartTimeoutMs = 3000;
}

RedisEngine::RedisEngine(const ServerConfig &config, ServerStats &stats, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_stats(stats)
{
}

RedisEngine::~RedisEngine()
{
    stop();
}

bool RedisEngine::start(QString *error)
{
    if (!RedisUrl::parse(m_config.redisUrl, &m_url, error))
        return false;
    m_reader = std::make_unique<RedisBlockingClient>(m_url);
    const RedisReplyPtr pong = m_reader->command({QByteArrayLiteral("PING")});
    if (!pong || RedisReply::isError(pong.get())) {
        *error = QStringLiteral("cannot reach Redis at %1: %2")
                     .arg(m_url.display(),
                          pong ? QString::fromUtf8(RedisReply::string(pong.get())) : m_reader->lastError());
        return false;
    }
    m_commands = std::make_unique<RedisConnection>(m_url, QStringLiteral("redis commands"));
    // While the command link has lost Redis, blocking reads do not even try (no stalls).
    m_reader->setGate([this] { return m_commands->isReady(); });
    m_subscriber = std::make_unique<RedisConnection>(m_url, QStringLiteral("redis pub/sub"));
    m_store = std::make_unique<RedisStore>(m_config, *m_commands, *m_reader);
    m_backplane = std::make_unique<RedisBackplane>(m_config.instanceTtlMs, *m_commands, *m_reader);

    m_subscriber->subscribe({RedisKeys::eventsChannel()},
                            [this](const QByteArray &, const QByteArray &payload) { dispatch(payload); });
    connect(m_commands.get(), &RedisConnection::ready, this, [this] {
        m_reader->reconnectNow();
        updateState();
        m_backplane->reconnected();
        reportResubscribed();
    });
    connect(m_subscriber.get(), &RedisConnection::ready, this, [this] {
        updateState();
        reportResubscribed();
    });
    connect(m_commands.get(), &RedisConnection::lost, this, &RedisEngine::updateState);
    connect(m_subscriber.get(), &RedisConnection::lost, this, [this] {
        if (!m_subscriberLost)
            m_subscriberLostAtMs = QDateTime::currentMSecsSinceEpoch();
        m_subscriberLost = true;
        updateState();
    });

    // Serve only once both links are up, so the first requests do not fail for nothing.
    QEventLoop wait;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &wait, &QEventLoop::quit);
    const auto quitWhenUp = [this, &wait] {
        if (isUp())
            wait.quit();
    };
    connect(m_commands.get(), &RedisConnection::ready, &wait, quitWhenUp);
    connect(m_subscriber.get(), &RedisConnection::ready, &wait, quitWhenUp);
    m_commands->open();
    m_subscriber->open();
    deadline.start(StartTimeoutMs);
    if (!isUp())
        wait.exec();
    if (!isUp()) {
        *error = QStringLiteral("cannot open the Redis connections to %1").arg(m_url.display());
        return false;
    }
    m_backplane->start();
    QString searchError;
    if (m_store->openSearch(&searchError))
        m_store->catchUpSearch();
    else
        qCWarning(lcRedis).noquote() << "search is not available on this instance:" << searchError;
    qCInfo(lcRedis) << "using Redis at" << m_url.display() << "as instance" << m_backplane->instanceId();
    return true;
}

void RedisEngine::stop()
{
    if (!m_commands)
        return;
    m_store->flush();
    m_backplane->stop();
    m_subscriber->close();
    m_commands->close();
    updateState();
}

void RedisEngine::reportResubscribed()
{
    // Catching up reads the store: wait for the command link too, whichever comes back last.
    if (!m_subscriberLost || !isUp())
        return;
    m_subscriberLost = false;
    m_store->catchUpSearch(); // what was published meanwhile never reached the index
    emit resubscribed(m_subscriberLostAtMs);
}

void RedisEngine::updateState()
{
    m_stats.redisState = isUp() ? 1 : 0;
}

void RedisEngine::dispatch(const QByteArray &payload)
{
    const QJsonObject message = QJsonDocument::fromJson(payload).object();
    const QString kind = message.value(QLatin1String("k")).toString();
    if (kind == QLatin1String("m"))
        m_store->published(message);
    else if (kind == QLatin1String("e"))
        m_backplane->received(message);
    else
        qCWarning(lcRedis) << "ignored an unreadable message on" << RedisKeys::eventsChannel();
}

} // namespace sb::server
