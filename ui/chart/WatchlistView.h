#pragma once

#include <QTableView>

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

    // Shown centred while the watchlist has no rows.
    QString emptyText() const;
    bool isShowingEmptyState() const;

signals:
    void symbolsSelected(const QStringList &symbols);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyColumnWidths();
    void fitColumns(); // hides High / Low when the view is too narrow for every column
    void onSelectionChanged();

    models::TickerModel *m_source = nullptr;
    // Every column at the width applyColumnWidths() gave it: a hidden section reports 0 and the
    // stretched trend more, so neither can say whether all columns fit.
    int m_fullWidth = 0;
    WatchlistProxyModel *m_proxy;
    SparklineDelegate *m_sparklines;
    QStringList m_lastEmitted;
};

} // namespace sb::ui
