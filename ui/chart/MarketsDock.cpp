#include "MarketsDock.h"

#include "ChartMemory.h"
#include "ChartMenu.h"
#include "ChartPanel.h"
#include "WatchlistMenu.h"
#include "WatchlistView.h"
#include "models/MarketController.h"

#include <QSplitter>
#include <QTimer>

namespace sb::ui {

MarketsDock::MarketsDock(models::MarketController &market, const QUrl &server, QWidget *parent)
    : QDockWidget(tr("Markets"), parent)
    , m_market(market)
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_watchlist(new WatchlistView(m_splitter))
    , m_chart(new ChartPanel(market.series(), m_splitter))
{
    setObjectName(QStringLiteral("MarketsDock"));
    m_splitter->setObjectName(QStringLiteral("MarketsSplitter"));
    m_watchlist->setTickerModel(market.tickers());
    m_splitter->addWidget(m_watchlist);
    m_splitter->addWidget(m_chart);
    m_splitter->setSizes({260, 420});
    setWidget(m_splitter);

    connect(m_watchlist, &WatchlistView::symbolsSelected, m_chart, &ChartPanel::setSymbols);
    connect(m_chart, &ChartPanel::message, this, &MarketsDock::message);
    connect(&market, &models::MarketController::pricesChanged, m_chart, &ChartPanel::ticksArrived);
    auto *watchlistMenu = new WatchlistMenu(m_watchlist);
    connect(watchlistMenu, &WatchlistMenu::removeRequested, &market,
            &models::MarketController::removeFromWatchlist);
    new ChartMenu(m_chart);

    // A live chart reads best over the last minute; longer windows are a click away.
    m_chart->setWindowMs(60 * 1000);
    chartTopSymbolSoon();
    // What was charted on this server last time, over the defaults above.
    new ChartMemory(m_chart, m_watchlist, server, this);
}

void MarketsDock::setLive(bool live, qint64 lastLiveMs)
{
    m_watchlist->setLive(live, lastLiveMs);
    m_chart->setLive(live, lastLiveMs);
}

void MarketsDock::chartTopSymbolSoon()
{
    // The chart is alive before anyone clicks: a moment after the first ticks, once the feed's
    // first batches have filled the (alphabetical) list, so it is the same symbol at every start
    // and not whichever ticked first.
    connect(m_market.tickers(), &QAbstractItemModel::rowsInserted, this, [this] {
        QTimer::singleShot(DefaultChartDelayMs, this, [this] {
            if (m_chart->symbols().isEmpty() && m_market.tickers()->rowCount() > 0)
                m_watchlist->selectSymbols({m_market.tickers()->index(0, 0).data().toString()});
        });
    }, Qt::SingleShotConnection);
}

} // namespace sb::ui
