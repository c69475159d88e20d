#include "ui/chat/PresenceView.h"

#include "models/PresenceModel.h"
#include "ui/Theme.h"
#include "ui/chat/PresenceDelegate.h"

#include <QEvent>
#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

} // namespace

PresenceView::PresenceView(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("People"));

    m_title = new QLabel(this);
    m_title->setAccessibleName(tr("People in this room"));
    QFont font = Theme::scaledFont(m_title->font(), 0.8, true);
    font.setLetterSpacing(QFont::PercentageSpacing, 108); // same look as the room list's headers
    m_title->setFont(font);
    Theme::follow(m_title, [label = m_title] {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, Theme::muted());
        label->setPalette(palette);
    });
    m_title->setContentsMargins(2 * G, G, 2 * G, G / 2);

    m_list = new QListView(this);
    m_list->setAccessibleName(tr("People"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(true); // every row is the same height: cheap with big rooms
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMouseTracking(true);
    m_list->viewport()->setAttribute(Qt::WA_Hover);
    m_list->viewport()->installEventFilter(this);
    m_list->viewport()->setBackgroundRole(QPalette::Window);
    m_delegate = new PresenceDelegate(this);
    m_list->setItemDelegate(m_delegate);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    updateTitle();
}

void PresenceView::setModel(models::PresenceModel *model)
{
    if (m_model) {
        m_model->disconnect(this);
        m_model->setOrderHeld(false);
    }
    m_model = model;
    m_list->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &PresenceView::updateTitle);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &PresenceView::updateTitle);
        connect(model, &QAbstractItemModel::modelReset, this, &PresenceView::updateTitle);
    }
    updateTitle();
}

models::PresenceModel *PresenceView::model() const
{
    return m_model;
}

void PresenceView::setOwnUser(const QString &user)
{
    m_delegate->setOwnUser(user);
    m_list->viewport()->update();
}

QString PresenceView::title() const
{
    return m_title->text();
}

void PresenceView::updateTitle()
{
    const int count = m_model ? m_model->rowCount() : 0;
    if (m_live.isStale())
        m_title->setText(tr("PEOPLE · %1 · AS OF %2").arg(count).arg(m_live.sinceText()));
    else
        m_title->setText(tr("PEOPLE · %1").arg(count));
    m_title->setToolTip(m_live.isStale() ? tr("Presence is not updating while the connection is down")
                                         : QString());
}

void PresenceView::setLive(bool live, qint64 lastLiveMs)
{
    m_live = LiveState { live, lastLiveMs };
    m_delegate->setLive(m_live);
    updateTitle();
    m_list->viewport()->update();
}

bool PresenceView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && m_model) {
        if (event->type() == QEvent::Enter)
            m_model->setOrderHeld(true);
        else if (event->type() == QEvent::Leave)
            m_model->setOrderHeld(false);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sb::ui
