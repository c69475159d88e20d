#pragma once

#include <QFrame>
#include <QPersistentModelIndex>

class QToolButton;

namespace sb::ui {

// The small bar of actions that appears over the top-right corner of the message under the
// pointer: reply, react, edit, delete, more (the context menu). Edit and delete are there only
// when the user may do them. ChatView places it and acts on its signals; the buttons' positions
// are given in global coordinates for the popups they open.
class MessageToolbar : public QFrame
{
    Q_OBJECT

public:
    struct Allowed
    {
        bool reply = false;
        bool react = false;
        bool edit = false;
        bool remove = false;
    };

    explicit MessageToolbar(QWidget *parent);

    // Over `body` (the row's body rect in the parent's coordinates), for `index`.
    void showFor(const QModelIndex &index, const QRect &body, const Allowed &allowed);
    QModelIndex index() const { return m_index; }

    QToolButton *button(const QString &name) const; // "reply", "react", "edit", "delete", "more"

signals:
    void replyClicked(const QModelIndex &index);
    void reactClicked(const QModelIndex &index, const QPoint &globalPos);
    void editClicked(const QModelIndex &index);
    void deleteClicked(const QModelIndex &index);
    void moreClicked(const QModelIndex &index, const QPoint &globalPos);

private:
    QToolButton *addButton(const QString &name, const QString &glyph, const QString &tip);
    QPoint below(const QToolButton *button) const;

    QPersistentModelIndex m_index;
};

} // namespace sb::ui
