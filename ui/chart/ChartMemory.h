#pragma once

#include "ui/ServerSettings.h"

#include <QObject>
#include <QStringList>

namespace sb::ui {

class ChartPanel;
class WatchlistView;

// What the user charted on one server comes back at the next start against it: the symbols,
// the time window and lines or candles (ServerSettings "chart/…"; another server keeps its own).
// Restores when made; saves each change at once (they are rare and small).
//
// The symbols go on the chart at once; the watchlist selects them as their rows appear with
// their first ticks. Those selections are the memory's own, not the user's: they are not saved
// (the first row alone would overwrite the rest), until the user picks other symbols.
class ChartMemory : public QObject
{
    Q_OBJECT

public:
    ChartMemory(ChartPanel *chart, WatchlistView *watchlist, const QUrl &server, QObject *parent = nullptr);

    // The saved symbols that have not all appeared in the watchlist yet (empty once they have,
    // or once the user chose others).
    QStringList pendingSymbols() const { return m_pending; }

private:
    void restore();
    void selectPendingRows();
    void onSymbolsChanged(const QStringList &symbols);

    ChartPanel *m_chart;
    WatchlistView *m_watchlist;
    ServerSettings m_server;
    QStringList m_pending;
    bool m_selecting = false; // our own watchlist selection is under way
};

} // namespace sb::ui
