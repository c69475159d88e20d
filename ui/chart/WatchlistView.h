#pragma once

#include "ui/LiveState.h"

#include <QTableView>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace sb::models {
class TickerModel;
}

namespace sb::ui {

class SparklineDelegate;
class WatchlistProxyModel;

// The watchlist table: symbol, last, change (▲/▼ and the up/down colour), session high / low
// and a sparkline. Selecting rows charts them: symbolsSelected() carries the selected symbols in
// row order. Column widths are fixed from the font rather than fitted to contents, because
// fitting re-measures every row on every tick. In a narrow dock High / Low is hidden.
class WatchlistView : public QTableView {
    Q_OBJECT

public:
    explicit WatchlistView(QWidget *parent = nullptr);

    void setTickerModel(models::TickerModel *model);
    models::TickerModel *tickerModel() const { return m_source; }
    WatchlistProxyModel *proxyModel() const { return m_proxy; }

    QStringList selectedSymbols() const;
    void selectSymbols(const QStringList &symbols);

    // Not live (the session is disconnected): rows greyed and "Not live — last update 14:02"
    // along the bottom, until live again.
    void setLive(bool live, qint64 lastLiveMs);
    bool isStale() const { return m_live.isStale(); }
    QString staleText() const { return m_live.text(); }

    // Shown centred while the watchlist has no rows.
    QString emptyText() const;
    bool isShowingEmptyState() const;

signals:
    void symbolsSelected(const QStringList &symbols);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void updateGeometries() override; // the headers' margins, and the stale label's

private:
    void applyColumnWidths();
    void fitColumns(); // hides High / Low when the view is too narrow for every column
    void onSelectionChanged();
    void placeStaleLabel();

    models::TickerModel *m_source = nullptr;
    // Every column at the width applyColumnWidths() gave it: a hidden section reports 0 and the
    // stretched trend more, so neither can say whether all columns fit.
    int m_fullWidth = 0;
    WatchlistProxyModel *m_proxy;
    SparklineDelegate *m_sparklines;
    QStringList m_lastEmitted;
    LiveState m_live;
    QLabel *m_staleLabel; // under the rows, in a viewport margin of its own
};

} // namespace sb::ui
