#pragma once

#include "SeriesStore.h"
#include "TickerModel.h"
#include "client/ChatTypes.h"

#include <QObject>
#include <QSet>

namespace sb::client {
class TickerSubscriptions;
}

namespace sb::models {

// The market's own lane, beside the chat: the prices the client subscribed to feed the price
// series and the watchlist, and the user's watchlist edits go back the other way. Owns the
// models the markets dock shows; no widgets, so the tick path is tested without a window.
class MarketController : public QObject
{
    Q_OBJECT

public:
    explicit MarketController(client::TickerSubscriptions &subscriptions, QObject *parent = nullptr);

    TickerModel *tickers() { return &m_tickers; }
    SeriesStore &series() { return m_series; }

    // Prices of `symbols` ("*" for every symbol of the feed), at most `maxHz` batches a second;
    // kept across reconnects.
    void follow(const QStringList &symbols, int maxHz);
    // Off the watchlist for this run: its ticks no longer add it back (they still reach the
    // series store, so a chart of it goes on).
    void removeFromWatchlist(const QString &symbol);

signals:
    // A batch of ticks reached the series and the watchlist.
    void pricesChanged();

private:
    void onTicks(const QList<client::MarketTick> &ticks);
    void watchNewSymbols(const QList<client::MarketTick> &ticks);

    client::TickerSubscriptions &m_subscriptions;
    TickerModel m_tickers;
    SeriesStore m_series;
    QSet<QString> m_unwatched; // symbols the user removed from the watchlist
};

} // namespace sb::models
