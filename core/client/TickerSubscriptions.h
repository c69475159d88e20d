#pragma once

#include "ChatTypes.h"
#include "protocol/Envelope.h"

#include <QObject>
#include <QSet>
#include <QStringList>

namespace sb::client {

class ConnectionManager;
class RequestTracker;

// The client's market lane: the symbols it wants prices of, at what rate, and the prices that
// come back. A subscription is the client's, not the connection's: after every reconnect
// resubscribe() asks the server for all of them again.
class TickerSubscriptions : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultMaxHz = 20;

    TickerSubscriptions(ConnectionManager &connection, RequestTracker &requests,
                        QObject *parent = nullptr);

    void subscribe(const QStringList &symbols, int maxHz = DefaultMaxHz);
    void unsubscribe(const QStringList &symbols);
    // After a welcome: the new connection has no subscriptions yet.
    void resubscribe();
    QStringList symbols() const;
    int maxHz() const { return m_maxHz; }
    // True when `envelope` was a ticker.batch (and ticksReceived went out).
    bool handle(const protocol::Envelope &envelope);

signals:
    void ticksReceived(const QList<sb::client::MarketTick> &ticks);

private:
    ConnectionManager &m_connection;
    RequestTracker &m_requests;
    QSet<QString> m_symbols;
    int m_maxHz = DefaultMaxHz;
};

} // namespace sb::client
