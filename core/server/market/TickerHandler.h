#pragma once

#include "Tick.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class ClientConnection;
class TickerFeed;
struct ServerContext;

// `ticker.subscribe` / `ticker.unsubscribe`, and the `ticker.batch` frames: per client, ticks
// wait in a latest-per-symbol map and go out at most `max_hz` times a second. A client whose
// socket is congested gets nothing until it drains, then one frame with the latest prices, so
// its memory stays bounded by the number of symbols whatever the feed's rate.
class TickerHandler : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultMaxHz = 20;

    explicit TickerHandler(ServerContext &context, QObject *parent = nullptr);

    // The feed to serve; without one, subscriptions are refused with not_found.
    void setFeed(TickerFeed *feed);

    void subscribe(ClientConnection *connection, const protocol::Envelope &request);
    void unsubscribe(ClientConnection *connection, const protocol::Envelope &request);
    void forget(ClientConnection *connection);
    int subscriberCount() const { return int(m_subscriptions.size()); }

private:
    struct Subscription
    {
        bool all = false;
        QSet<QString> symbols;
        int maxHz = DefaultMaxHz;
        qint64 nextDueMs = 0;
        bool congested = false;
        QHash<QString, Tick> pending;

        bool wants(const QString &symbol) const { return all || symbols.contains(symbol); }
    };

    void onTicks(const QList<Tick> &ticks);
    void flush();
    void sendBatch(ClientConnection *connection, Subscription &subscription);

    ServerContext &m_context;
    TickerFeed *m_feed;
    QHash<ClientConnection *, Subscription> m_subscriptions;
    QTimer m_flushTimer;
};

} // namespace sb::server
