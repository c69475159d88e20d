#pragma once

#include "ui/ItemMenu.h"

#include <QUrl>

namespace sb::models {
class RoomListModel;
}

namespace sb::ui {

class RoomListView;

// A conversation's context menu in the sidebar: Mark as read, Mute / Unmute, and for rooms
// Leave (room.leave; a direct conversation cannot be left). Muted conversations are kept per
// server (ServerSettings "mutedRooms") and put back into the model when the menu is made.
class RoomMenu : public ItemMenu
{
    Q_OBJECT

public:
    static constexpr auto MutedKey = "mutedRooms";

    RoomMenu(RoomListView *rooms, const QUrl &server);

    void setMuted(const QString &name, bool muted); // and saves it

signals:
    void leaveRequested(const QString &room);

protected:
    void fill(QMenu &menu, const QModelIndex &index) override;

private:
    models::RoomListModel *model() const;

    RoomListView *m_rooms;
    QUrl m_server;
};

} // namespace sb::ui
