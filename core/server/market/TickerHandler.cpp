#include "TickerHandler.h"

#include "../ClientConnection.h"
#include "../ServerContext.h"
#include "../SharedFrame.h"
#include "TickerFeed.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QJsonArray>

#include <algorithm>

namespace sb::server {

using namespace sb::protocol;

namespace {

QStringList symbolsOf(const Envelope &request)
{
    QStringList symbols;
    for (const QJsonValue &value : request.payload.value(QLatin1String("symbols")).toArray())
        symbols.append(value.toString());
    return symbols;
}

QJsonObject tickJson(const Tick &tick)
{
    return {{QLatin1String("s"), tick.symbol},
            {QLatin1String("p"), tick.price},
            {QLatin1String("v"), tick.volume},
            {QLatin1String("q"), tick.cumulativeVolume},
            {QLatin1String("t"), tick.ts}};
}

} // namespace

TickerHandler::TickerHandler(ServerContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_feed(nullptr)
{
    // Fine enough for 60 Hz clients; each client's own max_hz decides when it is due.
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    m_flushTimer.setInterval(10);
    connect(&m_flushTimer, &QTimer::timeout, this, &TickerHandler::flush);
}

void TickerHandler::setFeed(TickerFeed *feed)
{
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &TickerFeed::ticked, this, &TickerHandler::onTicks);
}

void TickerHandler::subscribe(ClientConnection *connection, const Envelope &request)
{
    if (!m_feed) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("this server runs no market feed (--no-feed)"));
        return;
    }
    const QStringList asked = symbolsOf(request);
    QStringList accepted, unknown;
    const bool all = asked.contains(QLatin1String("*"));
    for (const QString &symbol : asked) {
        if (symbol == QLatin1String("*"))
            continue;
        (m_feed->hasSymbol(symbol) ? accepted : unknown).append(symbol);
    }
    if (!all && accepted.isEmpty()) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("no such symbols: %1").arg(unknown.join(u',')));
        return;
    }

    Subscription &subscription = m_subscriptions[connection];
    subscription.all = subscription.all || all;
    for (const QString &symbol : std::as_const(accepted))
        subscription.symbols.insert(symbol);
    subscription.maxHz = request.payload.value(QLatin1String("max_hz")).toInt(subscription.maxHz);

    // Start the client off with the last price of everything it asked for, at once.
    for (const Tick &tick : m_feed->latest()) {
        if (all || accepted.contains(tick.symbol))
            subscription.pending.insert(tick.symbol, tick);
    }
    subscription.nextDueMs = 0;

    QJsonObject ack{{QLatin1String("symbols"),
                     QJsonArray::fromStringList(all ? QStringList{QStringLiteral("*")} : accepted)},
                    {QLatin1String("max_hz"), subscription.maxHz}};
    if (!unknown.isEmpty())
        ack.insert(QLatin1String("unknown"), QJsonArray::fromStringList(unknown));
    connection->send(Envelope::ack(request.id, ack));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TickerHandler::unsubscribe(ClientConnection *connection, const Envelope &request)
{
    const QStringList symbols = symbolsOf(request);
    const auto it = m_subscriptions.find(connection);
    if (it != m_subscriptions.end()) {
        if (symbols.contains(QLatin1String("*"))) {
            m_subscriptions.erase(it);
        } else {
            Subscription &subscription = *it;
            if (subscription.all && m_feed) {
                // From "everything but these" on, the set is explicit.
                subscription.all = false;
                const QStringList everything = m_feed->symbols();
                subscription.symbols = QSet<QString>(everything.cbegin(), everything.cend());
            }
            for (const QString &symbol : symbols) {
                subscription.symbols.remove(symbol);
                subscription.pending.remove(symbol);
            }
            if (subscription.symbols.isEmpty())
                m_subscriptions.erase(it);
        }
    }
    connection->send(Envelope::ack(request.id, {{QLatin1String("symbols"),
                                                 QJsonArray::fromStringList(symbols)}}));
}

void TickerHandler::forget(ClientConnection *connection)
{
    m_subscriptions.remove(connection);
}

void TickerHandler::onTicks(const QList<Tick> &ticks)
{
    for (Subscription &subscription : m_subscriptions) {
        for (const Tick &tick : ticks) {
            if (subscription.wants(tick.symbol))
                subscription.pending.insert(tick.symbol, tick);
        }
    }
}

void TickerHandler::flush()
{
    if (m_subscriptions.isEmpty()) {
        m_flushTimer.stop();
        return;
    }
    const qint64 now = m_context.steadyNow();
    for (auto it = m_subscriptions.begin(); it != m_subscriptions.end(); ++it) {
        Subscription &subscription = *it;
        if (subscription.pending.isEmpty() || now < subscription.nextDueMs)
            continue;
        ClientConnection *connection = it.key();
        if (connection->isCongested()) {
            // Hold back: the pending map keeps only the latest tick per symbol meanwhile.
            if (!subscription.congested) {
                subscription.congested = true;
                ++m_context.stats.tickerConflations;
            }
            continue;
        }
        subscription.congested = false;
        sendBatch(connection, subscription);
        // Frames due every 1/max_hz on average (a late timer tick is made up by the next one);
        // after an idle or congested spell the schedule starts over instead of bursting.
        const qint64 period = 1000 / qMax(1, subscription.maxHz);
        const qint64 next = subscription.nextDueMs + period;
        subscription.nextDueMs = next >= now ? next : now + period;
    }
}

void TickerHandler::sendBatch(ClientConnection *connection, Subscription &subscription)
{
    QList<Tick> ticks = subscription.pending.values();
    subscription.pending.clear();
    std::sort(ticks.begin(), ticks.end(), [](const Tick &a, const Tick &b) {
        return a.ts != b.ts ? a.ts < b.ts : a.symbol < b.symbol;
    });
    QJsonArray array;
    for (const Tick &tick : std::as_const(ticks))
        array.append(tickJson(tick));
    connection->send(Envelope::make(MessageType::TickerBatch, {{QLatin1String("ticks"), array}}));
    ++m_context.stats.tickerBatches;
}

} // namespace sb::server
