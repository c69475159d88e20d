#pragma once

#include "RedisReply.h"
#include "RedisUrl.h"

#include <QObject>
#include <QTimer>

#include <hiredis/async.h>

#include <functional>

class RedisQtAdapter;

namespace sb::server {

// One asynchronous connection to Redis on this thread's event loop, through hiredis and its Qt
// adapter. It connects, authenticates and selects the database, and after any loss reconnects by
// itself with exponential backoff (100 ms doubling to 5 s, 50–100 % jitter) until close().
// Either a command connection or, after subscribe(), a pub/sub one (Redis allows nothing else on
// a subscribed connection).
class RedisConnection : public QObject
{
    Q_OBJECT

public:
    // Called once with the reply, or with null when the connection was lost before it came.
    using ReplyHandler = std::function<void(const redisReply *)>;
    using MessageHandler = std::function<void(const QByteArray &channel, const QByteArray &message)>;

    RedisConnection(RedisUrl url, QString name, QObject *parent = nullptr);
    ~RedisConnection() override;

    void open();
    void close();
    bool isReady() const { return m_ready; }

    // Sends the command; false (and the handler is never called) while not connected.
    bool command(const RedisCommand &arguments, ReplyHandler handler);
    // Makes this a pub/sub connection: subscribes now and after every reconnect.
    void subscribe(const QList<QByteArray> &channels, MessageHandler handler);

signals:
    void ready();
    void lost();

private:
    static void onConnected(const redisAsyncContext *context, int status);
    static void onDisconnected(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *handler);
    static void onSubscriptionReply(redisAsyncContext *context, void *reply, void *);

    void connectNow();
    void handleConnected(bool ok);
    void handleGone();
    void scheduleReconnect();
    void disposeAdapter();
    bool send(const RedisCommand &arguments, redisCallbackFn *callback, void *data);

    RedisUrl m_url;
    QString m_name;
    redisAsyncContext *m_context = nullptr;
    RedisQtAdapter *m_adapter = nullptr;
    // The adapter's destructor writes into its context, which hiredis has freed by the time the
    // adapter can go: it is pointed at this harmless stand-in first (see disposeAdapter).
    redisAsyncContext m_detached{};
    bool m_ready = false;
    bool m_wanted = false; // open() until close(): reconnect after a loss
    bool m_everReady = false;
    int m_attempt = 0;
    QTimer m_reconnectTimer;
    QList<QByteArray> m_channels;
    MessageHandler m_messageHandler;
};

} // namespace sb::server
