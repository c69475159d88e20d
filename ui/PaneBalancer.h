#pragma once

#include "Theme.h"

#include <QObject>

class QDockWidget;
class QMainWindow;
class QSplitter;

namespace sb::ui {

// Shares the main window's width between the sidebar, the conversation and the markets dock so
// each stays usable down to 1024×640. Left alone, QMainWindow takes every pixel a shrinking
// window loses from the central widget, so the conversation was squeezed to its minimum while
// the dock kept its ~500 px.
//
// After every resize of the window the dock is held to at most DockShare of the width and the
// sidebar to SidebarShare (never below their own minimums). A width the user drags either to is
// kept as its preferred one, and it grows back to that when the window grows. The markets
// splitter keeps the watchlist and the chart above their minimum heights, and the dock can be
// closed (View ▸ Markets, Ctrl+Shift+M) to give the conversation everything.
class PaneBalancer : public QObject
{
    Q_OBJECT

public:
    static constexpr double DockShare = 0.35;
    static constexpr double SidebarShare = 0.2;
    static constexpr int SidebarMinimumWidth = 24 * Theme::Grid;
    static constexpr int WatchlistMinimumHeight = 12 * Theme::Grid;
    static constexpr int ChartMinimumHeight = 25 * Theme::Grid;

    // `splitter` holds the sidebar (first) and the conversation; the dock's widget is the
    // vertical markets splitter (watchlist over chart).
    PaneBalancer(QMainWindow *window, QSplitter *splitter, QDockWidget *dock);

    void rebalance();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int dockTarget(int windowWidth) const;

    QMainWindow *m_window;
    QSplitter *m_splitter;
    QDockWidget *m_dock;
    int m_dockPreferred = -1;    // what the user last had (first: the dock's own width)
    int m_sidebarPreferred = -1;
    int m_windowWidth = -1;      // at the last rebalance: a dock resize without a window
                                 // resize is the user's drag
    int m_dockSet = -1;          // the width we last asked for, not a drag
};

} // namespace sb::ui
