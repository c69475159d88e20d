#pragma once

#include "models/MessageListModel.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/MessageDelegate.h"

#include <QCoreApplication>
#include <QHelpEvent>
#include <QListView>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTimeZone>
#include <QToolTip>

namespace sb::test {

// A ChatView shown on a model of #general, the own user "me", days in UTC: what the chat view
// suites start from. `Model` is MessageListModel or a subclass (MessageStateModel). Header
// only: UI suites only.
template <class Model = models::MessageListModel>
struct ChatViewFixture
{
    Model model;
    ui::ChatView view;

    explicit ChatViewFixture(const QSize &size = {480, 400})
    {
        model.setTimeZone(QTimeZone::utc());
        model.setOwnUser("me");
        model.setConversation("general");
        view.setModel(&model);
        view.resize(size);
        view.show();
    }
    QListView *list() const { return view.listView(); }
    QWidget *viewport() const { return view.listView()->viewport(); }
    QScrollBar *bar() const { return view.listView()->verticalScrollBar(); }
    int rowHeight(int row) const { return list()->visualRect(model.index(row)).height(); }
    QModelIndex row(qint64 seq) const { return model.index(model.rowForSeq(seq)); }
    ui::MessageDelegate *delegate() const { return view.delegate(); }
    int height(qint64 seq) const { return list()->visualRect(row(seq)).height(); }
    bool laidOut(qint64 seq) const { return height(seq) > 0; }
    // Where the `n`th character of `word` in the row's shown text is drawn (viewport coordinates).
    QPoint pointIn(qint64 seq, const QString &word, int n = 1) const
    {
        const int at = int(delegate()->shownText(list(), row(seq)).indexOf(word));
        return at < 0 ? QPoint() : delegate()->textPoint(list(), row(seq), at + n);
    }
    QRect linkRect(qint64 seq, ui::MessageRowLayout::Link link) const
    {
        return delegate()->linkRect(list(), row(seq), link);
    }
    // The tooltip a pause at `pos` shows, "" for none.
    QString toolTipAt(const QPoint &pos) const
    {
        QHelpEvent help(QEvent::ToolTip, pos, viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(viewport(), &help);
        return QToolTip::isVisible() ? QToolTip::text() : QString();
    }
    // Waits for the delayed item layout of a long list and the scroll that follows it.
    bool settledAtBottom() const { return bar()->maximum() > 0 && bar()->value() == bar()->maximum(); }
    // The pointer moved to `pos` with no button held, as the window system reports it
    // (QTest::mouseMove does not reach a viewport offscreen).
    void hover(const QPoint &pos) const
    {
        QMouseEvent move(QEvent::MouseMove, pos, viewport()->mapToGlobal(pos), Qt::NoButton,
            Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport(), &move);
    }
};

} // namespace sb::test
