#include "ui/chart/WatchlistMenu.h"

#include "models/TickerModel.h"
#include "ui/chart/WatchlistView.h"

#include <QMenu>

namespace sb::ui {

WatchlistMenu::WatchlistMenu(WatchlistView *watchlist)
    : ItemMenu(watchlist)
    , m_watchlist(watchlist)
{
}

void WatchlistMenu::fill(QMenu &menu, const QModelIndex &index)
{
    const QString symbol = index.data(models::TickerModel::SymbolRole).toString();
    if (symbol.isEmpty())
        return;
    const QStringList charted = m_watchlist->selectedSymbols();
    connect(addAction(menu, QStringLiteral("chart"), tr("&Chart %1").arg(symbol)), &QAction::triggered,
            this, [this, symbol] { m_watchlist->selectSymbols({symbol}); });
    QAction *add = addAction(menu, QStringLiteral("addToChart"), tr("&Add to chart (compare)"));
    add->setEnabled(!charted.contains(symbol));
    connect(add, &QAction::triggered, this,
            [this, symbol] { m_watchlist->selectSymbols(m_watchlist->selectedSymbols() << symbol); });
    menu.addSeparator();
    connect(addAction(menu, QStringLiteral("remove"), tr("&Remove from watchlist")),
            &QAction::triggered, this, [this, symbol] { emit removeRequested(symbol); });
}

} // namespace sb::ui
