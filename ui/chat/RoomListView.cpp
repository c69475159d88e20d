#include "ui/chat/RoomListView.h"

#include "models/PresenceModel.h"
#include "models/RoomListModel.h"
#include "ui/Theme.h"
#include "ui/chat/RoomDelegate.h"

#include <QEvent>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMouseEvent>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

} // namespace

RoomListView::RoomListView(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Conversations"));

    m_list = new QListView(this);
    m_list->setAccessibleName(tr("Rooms and direct messages"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(false); // the first row of a section is taller
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMouseTracking(true);
    m_list->viewport()->setAttribute(Qt::WA_Hover);
    // The sidebar is part of the window's chrome: window-coloured, not a white text field.
    m_list->viewport()->setBackgroundRole(QPalette::Window);
    m_list->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);
    m_delegate = new RoomDelegate(this);
    m_list->setItemDelegate(m_delegate);

    m_empty = new QLabel(tr("No rooms yet — join #general"), m_list->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    Theme::follow(m_empty, [label = m_empty] {
        QPalette mutedPalette = label->palette();
        mutedPalette.setColor(QPalette::WindowText, Theme::muted());
        label->setPalette(mutedPalette);
    });

    m_join = new QPushButton(tr("+ Join or create room"), this);
    m_join->setAccessibleName(tr("Join or create room"));
    m_join->setToolTip(tr("Join a room by name, or create it if nobody has yet"));
    m_join->setFlat(true);
    m_join->setCursor(Qt::PointingHandCursor);
    m_join->setStyleSheet(QStringLiteral("text-align: left; padding: 4px 16px;"));
    connect(m_join, &QPushButton::clicked, this, &RoomListView::askToJoin);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, G);
    layout->setSpacing(G / 2);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_join);

    m_prompt = [this](const QString &label, const QString &text, bool *ok) {
        return QInputDialog::getText(this, tr("Join or create room"), label, QLineEdit::Normal,
            text, ok);
    };
    updateEmptyState();
}

void RoomListView::setModel(models::RoomListModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_list->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &RoomListView::updateEmptyState);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RoomListView::updateEmptyState);
        connect(model, &QAbstractItemModel::modelReset, this, &RoomListView::updateEmptyState);
    }
    updateEmptyState();
}

models::RoomListModel *RoomListView::model() const
{
    return m_model;
}

void RoomListView::setPresenceModel(models::PresenceModel *presence)
{
    m_delegate->setPresenceModel(presence);
    if (presence) {
        // A peer going away changes a dot: repaint, the rows keep their size.
        const auto repaint = [this] { m_list->viewport()->update(); };
        connect(presence, &QAbstractItemModel::dataChanged, this, repaint);
        connect(presence, &QAbstractItemModel::rowsInserted, this, repaint);
        connect(presence, &QAbstractItemModel::rowsRemoved, this, repaint);
        connect(presence, &QAbstractItemModel::rowsMoved, this, repaint);
        connect(presence, &QAbstractItemModel::modelReset, this, repaint);
    }
    m_list->viewport()->update();
}

void RoomListView::setNamePrompt(NamePrompt prompt)
{
    m_prompt = std::move(prompt);
}

bool RoomListView::isValidRoomName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

QString RoomListView::normalizedRoomName(const QString &input)
{
    QString name = input.trimmed();
    if (name.startsWith(u'#'))
        name.remove(0, 1);
    return name.toLower();
}

QString RoomListView::roomNameRule()
{
    return tr("Use 1 to 64 characters: lowercase letters, digits, '-' and '_', "
              "starting with a letter or a digit.");
}

void RoomListView::askToJoin()
{
    QString label = tr("Room name (you join it, or create it when it does not exist yet):");
    QString text;
    for (;;) {
        bool ok = false;
        text = m_prompt(label, text, &ok);
        if (!ok)
            return;
        const QString name = normalizedRoomName(text);
        if (isValidRoomName(name)) {
            emit joinRequested(name);
            return;
        }
        label = tr("“%1” is not a valid room name.").arg(text.trimmed()) + u'\n' + roomNameRule();
    }
}

bool RoomListView::isEmptyStateVisible() const
{
    return !m_empty->isHidden();
}

void RoomListView::updateEmptyState()
{
    m_empty->setVisible(!m_model || m_model->rowCount() == 0);
}

void RoomListView::activate(const QModelIndex &index)
{
    if (index.isValid())
        emit conversationActivated(index.data(models::RoomListModel::NameRole).toString());
}

bool RoomListView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport()) {
        if (event->type() == QEvent::Resize) {
            m_empty->setGeometry(m_list->viewport()->rect().adjusted(2 * G, 0, -2 * G, 0));
        } else if (event->type() == QEvent::MouseButtonRelease) {
            // A click on a section header is not a click on the conversation under it.
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QPoint pos = mouse->position().toPoint();
            const QModelIndex index = m_list->indexAt(pos);
            if (mouse->button() == Qt::LeftButton && index.isValid()
                && RoomDelegate::itemRect(m_list->visualRect(index), index).contains(pos))
                activate(index);
        }
    } else if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            activate(m_list->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sb::ui
