#include "PaneBalancer.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QSplitter>

namespace sb::ui {

PaneBalancer::PaneBalancer(QMainWindow *window, QSplitter *splitter, QDockWidget *dock)
    : QObject(window)
    , m_window(window)
    , m_splitter(splitter)
    , m_dock(dock)
{
    m_splitter->widget(0)->setMinimumWidth(SidebarMinimumWidth);
    if (auto *markets = qobject_cast<QSplitter *>(m_dock->widget())) {
        markets->setChildrenCollapsible(false);
        markets->widget(0)->setMinimumHeight(WatchlistMinimumHeight);
        markets->widget(1)->setMinimumHeight(ChartMinimumHeight);
    }
    m_dock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_splitter, &QSplitter::splitterMoved, this,
            [this] { m_sidebarPreferred = m_splitter->sizes().constFirst(); });
    m_window->installEventFilter(this);
    m_dock->installEventFilter(this);
}

int PaneBalancer::dockTarget(int windowWidth) const
{
    const int minimum = m_dock->minimumSizeHint().width();
    return qMax(minimum, qMin(m_dockPreferred, int(windowWidth * DockShare)));
}

void PaneBalancer::rebalance()
{
    const int width = m_window->width();
    const bool firstTime = m_windowWidth < 0;
    m_windowWidth = width;
    if (m_dock->isVisible() && !m_dock->isFloating()
        && m_window->dockWidgetArea(m_dock) != Qt::NoDockWidgetArea) {
        if (m_dockPreferred < 0)
            m_dockPreferred = m_dock->width();
        const int target = dockTarget(width);
        if (target != m_dock->width()) {
            m_dockSet = target;
            m_window->resizeDocks({m_dock}, {target}, Qt::Horizontal);
        }
    }
    QList<int> sizes = m_splitter->sizes();
    if (sizes.size() < 2)
        return;
    if (m_sidebarPreferred < 0 || firstTime)
        m_sidebarPreferred = qMax(m_sidebarPreferred, sizes.at(0));
    const int sidebar = qMax(SidebarMinimumWidth, qMin(m_sidebarPreferred, int(width * SidebarShare)));
    if (sidebar != sizes.at(0)) {
        const int total = sizes.at(0) + sizes.at(1);
        sizes[0] = sidebar;
        sizes[1] = total - sidebar;
        m_splitter->setSizes(sizes);
    }
}

bool PaneBalancer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Resize && m_window->isVisible()) {
        // The window's layout has placed its children by now (layouts see the event first).
        rebalance();
    } else if (watched == m_dock && event->type() == QEvent::Resize && m_windowWidth == m_window->width()
               && m_dock->width() != m_dockSet && m_dock->isVisible() && !m_dock->isFloating()) {
        m_dockPreferred = m_dock->width(); // the user dragged the separator
    } else if (watched == m_dock && event->type() == QEvent::Show) {
        rebalance(); // opened again: as wide as the window allows, not as it was
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sb::ui
