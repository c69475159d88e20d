#pragma once

#include <QtGlobal>

namespace sb::server {

// Counters of what the server did, for logs now and the metrics endpoint later.
struct ServerStats
{
    quint64 tickerBatches = 0;      // ticker.batch frames sent
    quint64 tickerConflations = 0;  // times a congested client's ticker data was held back
    quint64 slowConsumerCloses = 0; // connections closed with 4008
    int redisState = -1;            // -1 not configured, 0 down, 1 up (RedisEngine sets it)
};

} // namespace sb::server
