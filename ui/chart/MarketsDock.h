#pragma once

#include <QDockWidget>

class QSplitter;

namespace sb::models {
class MarketController;
}

namespace sb::ui {

class ChartPanel;
class WatchlistView;

// The markets: the watchlist over the live chart, in a dock of their own. Talks only to the
// MarketController. Charts the watchlist's top symbol once the feed has filled it, and what was
// charted on this server last time over that (ChartMemory); each pane has its context menu.
class MarketsDock : public QDockWidget
{
    Q_OBJECT

public:
    // The feed sends every symbol within its first second: the top symbol is known by then.
    static constexpr int DefaultChartDelayMs = 800;

    MarketsDock(models::MarketController &market, const QUrl &server, QWidget *parent);

    WatchlistView *watchlist() const { return m_watchlist; }
    ChartPanel *chart() const { return m_chart; }
    QSplitter *splitter() const { return m_splitter; }
    // While not live, prices are as of `lastLiveMs` and say so.
    void setLive(bool live, qint64 lastLiveMs);

signals:
    // A line for the status bar ("Saved …", a symbol left off the chart).
    void message(const QString &text);

private:
    void chartTopSymbolSoon();

    models::MarketController &m_market;
    QSplitter *m_splitter;
    WatchlistView *m_watchlist;
    ChartPanel *m_chart;
};

} // namespace sb::ui
