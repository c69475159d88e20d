#include "ui/chat/PersonMenu.h"

#include "models/PresenceModel.h"
#include "ui/chat/PresenceView.h"

#include <QListView>
#include <QMenu>

namespace sb::ui {

PersonMenu::PersonMenu(PresenceView *people)
    : ItemMenu(people->listView())
{
}

void PersonMenu::fill(QMenu &menu, const QModelIndex &index)
{
    const QString user = index.data(models::PresenceModel::UserNameRole).toString();
    if (user.isEmpty() || user == m_ownUser)
        return;
    connect(addAction(menu, QStringLiteral("directMessage"), tr("Send &direct message")),
            &QAction::triggered, this, [this, user] { emit directMessageRequested(user); });
    connect(addAction(menu, QStringLiteral("mention"), tr("&Mention")), &QAction::triggered, this,
            [this, user] { emit mentionRequested(user); });
}

} // namespace sb::ui
