#include "RedisConnection.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

#include <hiredis/adapters/qt.h>

#include <vector>

Q_LOGGING_CATEGORY(lcRedis, "switchboard.server.redis")

namespace sb::server {

namespace {
constexpr int FirstRetryMs = 100;
constexpr int LastRetryMs = 5000;

RedisConnection *owner(const redisAsyncContext *context)
{
    return static_cast<RedisConnection *>(context->data);
}
} // namespace

RedisConnection::RedisConnection(RedisUrl url, QString name, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_name(std::move(name))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisConnection::connectNow);
}

RedisConnection::~RedisConnection()
{
    close();
}

void RedisConnection::open()
{
    m_wanted = true;
    if (!m_context && !m_reconnectTimer.isActive())
        connectNow();
}

void RedisConnection::close()
{
    m_wanted = false;
    m_ready = false; // a close we asked for is not a loss worth a warning
    m_reconnectTimer.stop();
    if (m_context) {
        // Runs every pending handler with null, then onDisconnected, then frees the context.
        redisAsyncContext *context = m_context;
        redisAsyncFree(context);
    }
    m_context = nullptr;
    disposeAdapter();
    m_ready = false;
}

void RedisConnection::connectNow()
{
    if (!m_wanted || m_context)
        return;
    redisAsyncContext *context = redisAsyncConnect(m_url.host.toUtf8().constData(), m_url.port);
    if (!context || context->err) {
        qCWarning(lcRedis) << m_name << "cannot connect to" << m_url.display() << ":"
                           << (context ? context->errstr : "out of memory");
        if (context)
            redisAsyncFree(context);
        scheduleReconnect();
        return;
    }
    context->data = this;
    m_context = context;
    m_adapter = new RedisQtAdapter;
    m_adapter->setContext(context);
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnected);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::onDisconnected);
}

void RedisConnection::onConnected(const redisAsyncContext *context, int status)
{
    owner(context)->handleConnected(status == REDIS_OK);
}

void RedisConnection::onDisconnected(const redisAsyncContext *context, int)
{
    owner(context)->handleGone();
}

void RedisConnection::handleConnected(bool ok)
{
    if (!ok) {
        // hiredis frees the context right after this callback, without onDisconnected.
        qCWarning(lcRedis) << m_name << "cannot connect to" << m_url.display() << ":"
                           << m_context->errstr;
        handleGone();
        return;
    }
    // Pipelined ahead of everything else, so every later command runs authenticated and in
    // the right database.
    if (!m_url.password.isEmpty())
        send({QByteArrayLiteral("AUTH"), m_url.password}, nullptr, nullptr);
    send({QByteArrayLiteral("SELECT"), QByteArray::number(m_url.db)}, nullptr, nullptr);
    if (!m_channels.isEmpty()) {
        RedisCommand subscribe{QByteArrayLiteral("SUBSCRIBE")};
        subscribe.append(m_channels);
        send(subscribe, &RedisConnection::onSubscriptionReply, nullptr);
    }
    m_ready = true;
    m_attempt = 0;
    if (m_everReady)
        qCInfo(lcRedis) << m_name << "connected again to" << m_url.display();
    m_everReady = true;
    emit ready();
}

void RedisConnection::handleGone()
{
    const bool wasReady = m_ready;
    m_ready = false;
    m_context = nullptr; // hiredis frees it when this callback returns
    // The adapter is still used by hiredis until then: let it go from the event loop.
    QMetaObject::invokeMethod(this, &RedisConnection::disposeAdapter, Qt::QueuedConnection);
    if (wasReady) {
        qCWarning(lcRedis) << m_name << "lost its connection to" << m_url.display();
        emit lost();
    }
    scheduleReconnect();
}

void RedisConnection::disposeAdapter()
{
    if (!m_adapter || m_context)
        return;
    m_detached = redisAsyncContext{};
    m_adapter->setContext(&m_detached);
    delete m_adapter;
    m_adapter = nullptr;
}

void RedisConnection::scheduleReconnect()
{
    if (!m_wanted)
        return;
    const int ceiling = qMin(LastRetryMs, FirstRetryMs << qMin(m_attempt, 10));
    ++m_attempt;
    // 50–100 % of the ceiling: instances that lost Redis together do not all return at once.
    const int delay = ceiling / 2 + int(QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    m_reconnectTimer.start(delay);
}

bool RedisConnection::send(const RedisCommand &arguments, redisCallbackFn *callback, void *data)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(arguments.size()));
    lengths.reserve(size_t(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(size_t(argument.size()));
    }
    return redisAsyncCommandArgv(m_context, callback, data, int(argv.size()), argv.data(),
                                 lengths.data())
           == REDIS_OK;
}

bool RedisConnection::command(const RedisCommand &arguments, ReplyHandler handler)
{
    if (!m_ready)
        return false;
    auto *data = new ReplyHandler(std::move(handler));
    if (!send(arguments, &RedisConnection::onReply, data)) {
        delete data;
        return false;
    }
    return true;
}

void RedisConnection::onReply(redisAsyncContext *, void *reply, void *handler)
{
    auto *callback = static_cast<ReplyHandler *>(handler);
    (*callback)(static_cast<const redisReply *>(reply));
    delete callback;
}

void RedisConnection::subscribe(const QList<QByteArray> &channels, MessageHandler handler)
{
    m_channels = channels;
    m_messageHandler = std::move(handler);
    if (m_ready) {
        RedisCommand subscribe{QByteArrayLiteral("SUBSCRIBE")};
        subscribe.append(m_channels);
        send(subscribe, &RedisConnection::onSubscriptionReply, nullptr);
    }
}

void RedisConnection::onSubscriptionReply(redisAsyncContext *context, void *reply, void *)
{
    // hiredis calls this for the subscribe confirmations and then for every message.
    const auto *r = static_cast<const redisReply *>(reply);
    if (!r || RedisReply::string(RedisReply::element(r, 0)) != "message")
        return;
    RedisConnection *self = owner(context);
    if (self->m_messageHandler)
        self->m_messageHandler(RedisReply::string(RedisReply::element(r, 1)),
                               RedisReply::string(RedisReply::element(r, 2)));
}

} // namespace sb::server
