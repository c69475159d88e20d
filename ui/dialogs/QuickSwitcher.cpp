#include "QuickSwitcher.h"

#include "client/ConversationId.h"
#include "ui/Theme.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace sb::ui {

QuickSwitcher::QuickSwitcher(const QStringList &conversations, QWidget *parent)
    : QDialog(parent)
    , m_conversations(conversations)
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setWindowTitle(tr("Jump to…"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(Theme::Grid, Theme::Grid, Theme::Grid, Theme::Grid);
    m_filter->setPlaceholderText(tr("Jump to a room or person"));
    m_filter->setAccessibleName(tr("Jump to"));
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    connect(m_filter, &QLineEdit::textChanged, this, &QuickSwitcher::refilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &QuickSwitcher::choose);
    connect(m_list, &QListWidget::itemActivated, this, &QuickSwitcher::choose);
    refilter();
    resize(360, 320);
}

QStringList QuickSwitcher::matches(const QStringList &conversations, const QString &filter)
{
    QString wanted = filter.trimmed().toLower();
    while (wanted.startsWith(u'#') || wanted.startsWith(u'@'))
        wanted.remove(0, 1);
    QStringList starts, contains;
    for (const QString &name : conversations) {
        const QString bare = client::ConversationId::fromKey(name).name().toLower();
        if (bare.startsWith(wanted))
            starts.append(name);
        else if (bare.contains(wanted))
            contains.append(name);
    }
    return starts + contains;
}

bool QuickSwitcher::eventFilter(QObject *watched, QEvent *event)
{
    // Up and Down move through the list while typing goes on in the filter.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            const int row = m_list->currentRow() + (key == Qt::Key_Down ? 1 : -1);
            m_list->setCurrentRow(qBound(0, row, m_list->count() - 1));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void QuickSwitcher::refilter()
{
    m_list->clear();
    for (const QString &name : matches(m_conversations, m_filter->text())) {
        auto *item = new QListWidgetItem(client::ConversationId::fromKey(name).displayName(), m_list);
        item->setData(Qt::UserRole, name);
    }
    m_list->setCurrentRow(0);
}

void QuickSwitcher::choose()
{
    if (QListWidgetItem *item = m_list->currentItem()) {
        m_chosen = item->data(Qt::UserRole).toString();
        accept();
    }
}

} // namespace sb::ui
