#include "ui/chart/ChartMenu.h"

#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartView.h"

#include <QMenu>
#include <QShortcut>

namespace sb::ui {

ChartMenu::ChartMenu(ChartPanel *chart)
    : QObject(chart)
    , m_chart(chart)
{
    ChartView *view = chart->chartView();
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, view](const QPoint &pos) { menu()->popup(view->mapToGlobal(pos)); });
    new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), view, this,
                  [this, view] { menu()->popup(view->mapToGlobal(view->rect().center())); },
                  Qt::WidgetWithChildrenShortcut);
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
