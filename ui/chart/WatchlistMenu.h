#pragma once

#include "ui/ItemMenu.h"

namespace sb::ui {

class WatchlistView;

// A watchlist row's context menu: Chart this symbol (alone), Add to chart (beside the charted
// ones, to compare), Remove from watchlist (removeRequested()). Charting goes through the selection, as a click does.
class WatchlistMenu : public ItemMenu
{
    Q_OBJECT

public:
    explicit WatchlistMenu(WatchlistView *watchlist);

signals:
    // The owner removes it, so that its next tick does not list it again.
    void removeRequested(const QString &symbol);

protected:
    void fill(QMenu &menu, const QModelIndex &index) override;

private:
    WatchlistView *m_watchlist;
};

} // namespace sb::ui
