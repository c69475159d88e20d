#include "TickerSubscriptions.h"

#include "Parse.h"
#include "RequestTracker.h"
#include "protocol/MessageType.h"

#include <QJsonArray>

namespace sb::client {

namespace T = sb::protocol::MessageType;

TickerSubscriptions::TickerSubscriptions(ConnectionManager &connection, RequestTracker &requests,
                                         QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_requests(requests)
{
}

void TickerSubscriptions::subscribe(const QStringList &symbols, int maxHz)
{
    m_symbols.unite(QSet<QString>(symbols.cbegin(), symbols.cend()));
    m_maxHz = maxHz;
    m_requests.send(m_connection, T::TickerSubscribe,
                    {{QLatin1String("symbols"), QJsonArray::fromStringList(symbols)},
                     {QLatin1String("max_hz"), maxHz}},
                    {});
}

void TickerSubscriptions::unsubscribe(const QStringList &symbols)
{
    for (const QString &symbol : symbols)
        m_symbols.remove(symbol);
    m_requests.send(m_connection, T::TickerUnsubscribe,
                    {{QLatin1String("symbols"), QJsonArray::fromStringList(symbols)}}, {});
}

void TickerSubscriptions::resubscribe()
{
    if (!m_symbols.isEmpty())
        subscribe(symbols(), m_maxHz);
}

bool TickerSubscriptions::handle(const protocol::Envelope &envelope)
{
    if (envelope.type != T::TickerBatch)
        return false;
    emit ticksReceived(Parse::ticks(envelope.payload));
    return true;
}

QStringList TickerSubscriptions::symbols() const
{
    QStringList names(m_symbols.cbegin(), m_symbols.cend());
    names.sort();
    return names;
}

} // namespace sb::client
