#pragma once

#include "Histogram.h"

#include <QtGlobal>

namespace sb::server {

// Why a connection was refused its identity: tells an attack or a broken deployment (tokens
// signed with another secret) from users whose tokens merely ran out.
struct AuthFailures
{
    quint64 invalidToken = 0;   // malformed, wrong signature, or tokens not taken here: close 4001
    quint64 expiredToken = 0;   // a valid token past its exp: the client must fetch a new one
    quint64 guestRefused = 0;   // no token on a --no-guests server
    quint64 unauthenticated = 0; // no hello within the timeout, or another request before it
};

// Counters of what the server did, for logs and GET /metrics (ServerMetrics names and explains
// each one there). Plain fields bumped on the main thread where the event happens; gauges that
// the registry already knows (connections, users, rooms) are read at scrape time, not kept here.
struct ServerStats
{
    quint64 connectionsAccepted = 0; // sockets taken past the per-address cap: churn, reconnect storms

    // WebSocket traffic, payload bytes (frame headers not counted): what clients send and what
    // the server writes, broadcasts counted once per recipient, so fan-out cost shows.
    quint64 framesReceived = 0;
    quint64 bytesReceived = 0;
    quint64 framesSent = 0;
    quint64 bytesSent = 0;

    // chat.send/dm.send from arrival to the ack or error on the same connection, in seconds.
    // The bounds bracket the store's group commit (p50 1–1.5 ms, p99 4–7 ms measured in
    // DESIGN.md) and reach a second, where a stalled disk or backplane shows.
    Histogram ackLatency{{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}};

    quint64 rateLimited = 0;        // `rate_limited` errors: frame flood or chat rate, any scope
    AuthFailures authFailures;
    quint64 tickerBatches = 0;      // ticker.batch frames sent
    quint64 tickerConflations = 0;  // times a congested client's ticker data was held back
    quint64 slowConsumerCloses = 0; // connections closed with 4008

    // Set by the Redis engine: -1 not configured, 0 down, 1 up. /metrics leaves
    // switchboard_redis_up out while -1; /healthz answers 503 while 0.
    int redisState = -1;
};

} // namespace sb::server
