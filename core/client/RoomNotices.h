#pragma once

#include "ChatTypes.h"
#include "protocol/Envelope.h"

#include <QJsonArray>
#include <QObject>

namespace sb::client {

// The server's pushes that carry no history: presence, typing, membership, the room list and
// announcements. Parses each into a signal; keeps no state. (Prices: TickerSubscriptions.)
class RoomNotices : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // True when `envelope` was one of these pushes (and its signal went out).
    bool handle(const protocol::Envelope &envelope);
    // The room list the welcome carries.
    void listRooms(const QJsonArray &rooms) { emit roomsListed(rooms); }

signals:
    void roomsListed(const QJsonArray &rooms);
    void presenceSnapshot(const QString &room, const QList<sb::client::PresenceEntry> &users);
    void presenceChanged(const QString &room, const QString &user, const QString &status);
    void memberChanged(const QString &room, const QString &user, bool joined);
    void typingChanged(const QString &room, const QString &user, bool active);
    void announced(const QString &text, const QString &level);
};

} // namespace sb::client
