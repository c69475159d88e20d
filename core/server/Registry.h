#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include "TokenBucket.h"

#include <functional>
#include <optional>

namespace sb::server {

class ClientConnection;

// A room as this process knows it: who is in it and how far its history has been delivered.
struct RoomState
{
    QString name;
    QString epoch;
    qint64 lastSeq = 0;                     // the last seq broadcast (≤ the last seq stored)
    QHash<QString, int> members;            // user → how many of their sessions are in the room
    QSet<ClientConnection *> connections;   // every session in the room
    QHash<QString, qint64> typingUntil;     // user → steady-clock deadline of their typing
    // Members connected to other instances (with --redis): user → instance → status.
    QHash<QString, QHash<QString, QString>> remoteMembers;

    bool hasMember(const QString &user) const
    {
        return members.contains(user) || remoteMembers.contains(user);
    }
    int memberCount() const;
};

// A user with at least one live session.
struct UserState
{
    QString name;
    QList<ClientConnection *> sessions;
    QString status = QStringLiteral("online");
    QString instance; // the client install that claimed the name (guests), see claimGuestName
    // All of the user's sessions share one send budget, so opening more connections does not
    // multiply what one user may send. Made on first use (it needs the server's clock).
    std::optional<TokenBucket> sendBudget;
};

// Who is connected and who is in which room. Pure bookkeeping: it sends nothing (see Fanout).
class Registry
{
public:
    RoomState *findRoom(const QString &name);
    RoomState &addRoom(const QString &name, const QString &epoch, qint64 lastSeq);
    const QHash<QString, RoomState> &rooms() const { return m_rooms; }

    // True when the connection's user was not in the room before (others should hear of it).
    bool join(RoomState &room, ClientConnection *connection);
    // True when the user's last session left the room. Their typing state is left for the caller
    // to end with PresenceHandler::stopTyping, which tells the room.
    bool leave(RoomState &room, ClientConnection *connection);

    UserState *findUser(const QString &name);
    void addSession(ClientConnection *connection, const QString &instance);
    // True when it was the user's last session (the user is now offline).
    bool removeSession(ClientConnection *connection);
    const QHash<QString, UserState> &users() const { return m_users; }
    int sessionCount() const;

    // A free name for a guest asking for `wanted`: the name itself when nobody online holds it,
    // or when the same client install (`instance`) holds it; otherwise wanted-2, wanted-3, …
    // With several instances, `claimElsewhere` takes a name free here for good across all of
    // them, or says another instance's user holds it.
    QString claimGuestName(const QString &wanted, const QString &instance,
                           const std::function<bool(const QString &)> &claimElsewhere = {}) const;

private:
    QHash<QString, RoomState> m_rooms;
    QHash<QString, UserState> m_users;
};

} // namespace sb::server
