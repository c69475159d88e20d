#pragma once

#include <QSet>
#include <QStringList>

namespace sb::client {

class ConnectionManager;
class RequestTracker;

// The symbols this client wants prices of, and at what rate. A subscription is the client's, not
// the connection's: after every reconnect resubscribe() asks the server for all of them again.
class TickerSubscriptions
{
public:
    static constexpr int DefaultMaxHz = 20;

    TickerSubscriptions(ConnectionManager &connection, RequestTracker &requests);

    void subscribe(const QStringList &symbols, int maxHz = DefaultMaxHz);
    void unsubscribe(const QStringList &symbols);
    // After a welcome: the new connection has no subscriptions yet.
    void resubscribe();
    QStringList symbols() const;
    int maxHz() const { return m_maxHz; }

private:
    ConnectionManager &m_connection;
    RequestTracker &m_requests;
    QSet<QString> m_symbols;
    int m_maxHz = DefaultMaxHz;
};

} // namespace sb::client
