#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QAction;
class QMenu;
class QModelIndex;
class QPoint;

namespace sb::ui {

// The context menu of one item view's rows: right click on a row, or the Menu key / Shift+F10
// on the current row (Qt sends a right click and the Menu key as a context-menu request, which
// CustomContextMenu turns into customContextMenuRequested; Shift+F10 is a shortcut here). Subclasses only say what a row offers (fill()); showing it and
// finding the row are here, once for every list in the window.
class ItemMenu : public QObject
{
    Q_OBJECT

public:
    explicit ItemMenu(QAbstractItemView *view);

    // The menu for `index`, parented to the view and deleted when closed; nullptr when the row
    // offers nothing. The view pops it up; tests trigger its actions.
    QMenu *menuFor(const QModelIndex &index);
    // The row a request at `pos` (the view's viewport coordinates) is about: the one under it,
    // else the current row (a keyboard request has no meaningful position).
    QModelIndex indexAt(const QPoint &pos) const;

protected:
    virtual void fill(QMenu &menu, const QModelIndex &index) = 0;
    QAbstractItemView *view() const { return m_view; }
    // An action with an object name, for tests and accessibility tools to find it by.
    static QAction *addAction(QMenu &menu, const QString &objectName, const QString &text);

private:
    void popup(const QPoint &pos);

    QPointer<QAbstractItemView> m_view;
};

} // namespace sb::ui
