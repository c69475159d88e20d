#include "ui/chart/ChartMenu.h"

#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartView.h"

#include <QMenu>

namespace sb::ui {

ChartMenu::ChartMenu(ChartPanel *chart)
    : QObject(chart)
    , m_chart(chart)
{
    ChartView *view = chart->chartView();
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, view](const QPoint &pos) { menu()->popup(view->mapToGlobal(pos)); });
}

QMenu *ChartMenu::menu()
{
    auto *menu = new QMenu(m_chart->chartView());
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (QAction *action : m_chart->menuActions()) {
        if (action)
            menu->addAction(action);
        else
            menu->addSeparator();
    }
    return menu;
}

} // namespace sb::ui
