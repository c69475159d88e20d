#pragma once

#include "Clock.h"
#include "HistoryStore.h"
#include "Registry.h"
#include "Router.h"
#include "ServerConfig.h"
#include "ServerStats.h"

#include <QJsonArray>

namespace sb::server {

class ClientConnection;

// What every request handler shares: the configuration, who is where, delivery, and history.
struct ServerContext
{
    explicit ServerContext(const ServerConfig &serverConfig)
        : config(serverConfig)
    {
    }

    // The room by name, loaded from history (epoch, last seq) the first time this process sees it.
    RoomState &room(const QString &name);
    // Every room `viewer` may enter as {room, members, last_seq}, for `welcome` and `room.list`.
    QJsonArray roomSummaries(const ClientConnection &viewer);

    const ServerConfig &config;
    Registry registry;
    Router router{registry};
    HistoryStore store;
    ServerStats stats;
    Clock steadyNow = steadyClock();
    Clock wallNow = wallClock();
};

} // namespace sb::server
