#include "MarketController.h"

#include "client/TickerSubscriptions.h"

#include <algorithm>

namespace sb::models {

MarketController::MarketController(client::TickerSubscriptions &subscriptions, QObject *parent)
    : QObject(parent)
    , m_subscriptions(subscriptions)
{
    connect(&subscriptions, &client::TickerSubscriptions::ticksReceived, this, &MarketController::onTicks);
}

void MarketController::follow(const QStringList &symbols, int maxHz)
{
    m_subscriptions.subscribe(symbols, maxHz);
}

void MarketController::removeFromWatchlist(const QString &symbol)
{
    m_unwatched.insert(symbol);
    m_tickers.removeSymbol(symbol);
}

void MarketController::onTicks(const QList<client::MarketTick> &ticks)
{
    m_series.append(ticks);
    watchNewSymbols(ticks);
    m_tickers.applyTicks(ticks);
    emit pricesChanged();
}

void MarketController::watchNewSymbols(const QList<client::MarketTick> &ticks)
{
    for (const client::MarketTick &tick : ticks) {
        if (m_tickers.rowOf(tick.symbol) >= 0 || m_unwatched.contains(tick.symbol))
            continue;
        // In alphabetical order, not the order the first ticks happened to arrive in: the
        // watchlist reads the same at every start.
        const QStringList symbols = m_tickers.symbols();
        const auto at = std::lower_bound(symbols.cbegin(), symbols.cend(), tick.symbol);
        m_tickers.insertSymbol(tick.symbol, int(at - symbols.cbegin()));
    }
}

} // namespace sb::models
