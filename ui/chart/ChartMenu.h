#pragma once

#include <QObject>

class QMenu;

namespace sb::ui {

class ChartPanel;

// The chart's context menu (right click, or the Menu key / Shift+F10 on the plot): Export PNG…,
// Export CSV…, Auto-scale, Pause / Resume — the toolbar's own actions, so the menu and the
// buttons can never disagree.
class ChartMenu : public QObject
{
    Q_OBJECT

public:
    explicit ChartMenu(ChartPanel *chart);

    // Parented to the chart view, deleted when closed.
    QMenu *menu();

private:
    ChartPanel *m_chart;
};

} // namespace sb::ui
