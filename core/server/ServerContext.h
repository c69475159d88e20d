#pragma once

#include "Backplane.h"
#include "Clock.h"
#include "Delivery.h"
#include "MessageStore.h"
#include "Registry.h"
#include "Fanout.h"
#include "ServerConfig.h"
#include "ServerStats.h"

#include <QJsonArray>

#include <algorithm>

namespace sb::server {

class ClientConnection;

// What every request handler shares: the configuration, who is where, delivery, and history.
// `store` and `backplane` are set by Server::start (SQLite alone, or Redis shared by instances).
struct ServerContext
{
    explicit ServerContext(const ServerConfig &serverConfig)
        : config(serverConfig)
    {
    }

    // The room by name, loaded from history (epoch, last seq) the first time this process sees it.
    // Null when it has to be loaded and the store cannot be read.
    RoomState *room(const QString &name);
    // The room a request of `connection` names, when it may read it; otherwise null, and the
    // request got its error: `forbidden` (private, not in the token), `not_found` (no such
    // room) or `internal` (the store cannot be read just now).
    RoomState *readableRoom(ClientConnection *connection, const QString &requestId, const QString &name);
    // Every room `viewer` may enter as {room, members, last_seq}, for `welcome` and `room.list`.
    QJsonArray roomSummaries(const ClientConnection &viewer);
    // Every session of `user` but `except`, on this instance and (through the backplane) every
    // other: what one device did that the user's other devices must agree on (read markers,
    // notification settings).
    void toUserEverywhere(const QString &user, const ClientConnection *except,
                          const protocol::Envelope &envelope);

    const ServerConfig &config;
    Registry registry;
    Fanout fanout{registry};
    MessageStore *store = nullptr;
    Backplane *backplane = nullptr; // null: this server is alone
    Delivery delivery{*this};
    ServerStats stats;
    Clock steadyNow = steadyClock();
    Clock wallNow = wallClock();
    // Times for DMs and for taking hold of a name (MessageStore::holdName), ordered strictly
    // even within one ms: a DM stored before a hold has ts ≤ the hold's time (it was sent to the
    // earlier holder), one stored after has ts > it. Only a hold bumps the clock, so DM
    // timestamps never run ahead of the wall clock under load.
    qint64 stampDirectMessage()
    {
        lastDirectMessageMs = std::max(wallNow(), lastNameHoldMs + 1);
        return lastDirectMessageMs;
    }
    qint64 stampNameHold()
    {
        lastNameHoldMs = std::max(wallNow(), lastDirectMessageMs);
        return lastNameHoldMs;
    }
    qint64 lastDirectMessageMs = 0;
    qint64 lastNameHoldMs = 0;
};

} // namespace sb::server
