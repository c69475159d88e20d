#include "ui/chat/PresenceView.h"

#include "models/PresenceModel.h"
#include "ui/Theme.h"
#include "ui/chat/PresenceDelegate.h"

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
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    font.setBold(true);
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
    if (m_model)
        m_model->disconnect(this);
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
    m_title->setText(tr("PEOPLE · %1").arg(count));
}

} // namespace sb::ui
