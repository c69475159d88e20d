#include "SearchDialog.h"

#include "client/Session.h"
#include "client/ConversationId.h"
#include "ui/Theme.h"

#include <QDateTime>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace sb::ui {

SearchDialog::SearchDialog(client::Session &session, const QString &room, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_room(room)
    , m_query(new QLineEdit(this))
    , m_results(new QListWidget(this))
{
    setWindowTitle(tr("Search %1").arg(client::ConversationId::fromKey(room).displayName()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(Theme::Grid, Theme::Grid, Theme::Grid, Theme::Grid);
    m_query->setPlaceholderText(tr("Search messages in %1").arg(client::ConversationId::fromKey(room).displayName()));
    m_query->setAccessibleName(tr("Search text"));
    m_query->setClearButtonEnabled(true);
    layout->addWidget(m_query);
    layout->addWidget(m_results);
    connect(m_query, &QLineEdit::textChanged, this, &SearchDialog::search);
    connect(m_results, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        emit messageChosen(item->data(Qt::UserRole).toLongLong());
        accept();
    });
    resize(520, 420);
}

int SearchDialog::resultCount() const
{
    return m_results->count();
}

void SearchDialog::search()
{
    m_results->clear();
    const QString text = m_query->text().trimmed();
    if (text.size() < 2)
        return;
    const auto found = m_session.searchCache(m_room, text, 200);
    for (auto it = found.crbegin(); it != found.crend(); ++it) {
        const QString when = QDateTime::fromMSecsSinceEpoch(it->ts).toString(QStringLiteral("d MMM hh:mm"));
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2: %3").arg(when, it->from, it->text.left(120)),
                                         m_results);
        item->setData(Qt::UserRole, it->seq);
    }
    if (found.isEmpty())
        new QListWidgetItem(tr("Nothing found in the messages this computer has."), m_results);
}

} // namespace sb::ui
