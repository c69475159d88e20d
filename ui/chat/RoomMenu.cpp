#include "ui/chat/RoomMenu.h"

#include "models/RoomListModel.h"
#include "ui/ServerSettings.h"
#include "ui/chat/RoomListView.h"

#include <QListView>
#include <QMenu>

namespace sb::ui {

using models::RoomListModel;

RoomMenu::RoomMenu(RoomListView *rooms, const QUrl &server)
    : ItemMenu(rooms->listView())
    , m_rooms(rooms)
    , m_server(server)
{
    if (RoomListModel *list = model()) {
        const QStringList muted = ServerSettings(m_server).value(QLatin1String(MutedKey)).toStringList();
        for (const QString &name : muted)
            list->setMuted(name, true);
    }
}

RoomListModel *RoomMenu::model() const
{
    return m_rooms->model();
}

void RoomMenu::setMuted(const QString &name, bool muted)
{
    RoomListModel *rooms = model();
    if (!rooms)
        return;
    rooms->setMuted(name, muted);
    ServerSettings(m_server).setValue(QLatin1String(MutedKey), rooms->mutedNames());
}

void RoomMenu::fill(QMenu &menu, const QModelIndex &index)
{
    const QString name = index.data(RoomListModel::NameRole).toString();
    if (name.isEmpty())
        return;
    QAction *read = addAction(menu, QStringLiteral("markRead"), tr("Mark as &read"));
    read->setEnabled(index.data(RoomListModel::UnreadRole).toInt() > 0);
    connect(read, &QAction::triggered, this, [this, name] {
        if (RoomListModel *rooms = model())
            rooms->markRead(name);
    });
    const bool muted = index.data(RoomListModel::MutedRole).toBool();
    QAction *mute = addAction(menu, QStringLiteral("mute"), muted ? tr("Un&mute") : tr("&Mute"));
    connect(mute, &QAction::triggered, this, [this, name, muted] { setMuted(name, !muted); });
    if (index.data(RoomListModel::KindRole).toInt() != RoomListModel::RoomKind)
        return;
    menu.addSeparator();
    connect(addAction(menu, QStringLiteral("leave"), tr("&Leave room")), &QAction::triggered, this,
            [this, name] { emit leaveRequested(name); });
}

} // namespace sb::ui
