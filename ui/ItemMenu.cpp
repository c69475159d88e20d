#include "ui/ItemMenu.h"

#include <QAbstractItemView>
#include <QMenu>
#include <QShortcut>

namespace sb::ui {

ItemMenu::ItemMenu(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, &ItemMenu::popup);
    // Qt turns only the Menu key into a context-menu request on Linux (6.4); Shift+F10 is the
    // other key users know for it.
    new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), view, this,
                  [this] { popup(m_view->visualRect(m_view->currentIndex()).center()); },
                  Qt::WidgetWithChildrenShortcut);
}

QModelIndex ItemMenu::indexAt(const QPoint &pos) const
{
    const QModelIndex under = m_view->indexAt(pos);
    return under.isValid() ? under : m_view->currentIndex();
}

QMenu *ItemMenu::menuFor(const QModelIndex &index)
{
    if (!index.isValid())
        return nullptr;
    auto *menu = new QMenu(m_view);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    fill(*menu, index);
    if (menu->isEmpty()) {
        delete menu;
        return nullptr;
    }
    return menu;
}

void ItemMenu::popup(const QPoint &pos)
{
    const QModelIndex index = indexAt(pos);
    QMenu *menu = menuFor(index);
    if (!menu)
        return;
    // From the keyboard, at the row rather than wherever the mouse happens to be.
    const QRect row = m_view->visualRect(index);
    const QPoint at = row.contains(pos) ? pos : row.center();
    menu->popup(m_view->viewport()->mapToGlobal(at));
}

QAction *ItemMenu::addAction(QMenu &menu, const QString &objectName, const QString &text)
{
    QAction *action = menu.addAction(text);
    action->setObjectName(objectName);
    return action;
}

} // namespace sb::ui
