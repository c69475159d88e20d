#include "ServerMetrics.h"

#include "PrometheusText.h"
#include "ServerContext.h"

#include <algorithm>

namespace sb::server {

QByteArray ServerMetrics::render(const ServerContext &context, int connections)
{
    const ServerStats &stats = context.stats;
    const Registry &registry = context.registry;
    const auto &rooms = registry.rooms();
    // Rooms stay loaded after their last member leaves; only occupied ones cost fan-out.
    const auto occupied = [](const RoomState &room) { return !room.connections.isEmpty(); };
    const auto occupiedRooms = std::count_if(rooms.cbegin(), rooms.cend(), occupied);

    PrometheusText out;
    out.gauge("switchboard_connections", "WebSocket connections open now, identified or not.",
              connections);
    out.counter("switchboard_connections_accepted_total",
                "WebSocket connections accepted (not refused by the per-address cap).",
                double(stats.connectionsAccepted));
    out.gauge("switchboard_sessions", "Connections that completed hello.",
              registry.sessionCount());
    out.gauge("switchboard_users", "Distinct users online, guests included.",
              double(registry.users().size()));
    out.gauge("switchboard_rooms", "Rooms with at least one member.", double(occupiedRooms));

    out.counter("switchboard_received_frames_total", "WebSocket messages received from clients.",
                double(stats.framesReceived));
    out.counter("switchboard_received_bytes_total",
                "Payload bytes of the WebSocket messages received from clients.",
                double(stats.bytesReceived));
    out.counter("switchboard_sent_frames_total",
                "WebSocket messages sent to clients; a broadcast counts once per recipient.",
                double(stats.framesSent));
    out.counter("switchboard_sent_bytes_total",
                "Payload bytes of the WebSocket messages sent to clients.",
                double(stats.bytesSent));

    out.histogram("switchboard_ack_latency_seconds",
                  "Time from receiving a chat.send or dm.send to sending its ack or error.",
                  stats.ackLatency);

    out.counter("switchboard_rate_limited_total",
                "Requests refused with rate_limited (frame flood guard, connection or user "
                "chat rate).",
                double(stats.rateLimited));
    const AuthFailures &auth = stats.authFailures;
    const auto reason = [](const char *name, quint64 count) {
        return PrometheusText::Sample{{{"reason", QString::fromLatin1(name)}}, double(count)};
    };
    out.family("switchboard_auth_failures_total",
               "Connections refused an identity (closed with 4001), by reason.",
               PrometheusText::Type::Counter,
               {reason("invalid_token", auth.invalidToken),
                reason("expired_token", auth.expiredToken),
                reason("guest_refused", auth.guestRefused),
                reason("unauthenticated", auth.unauthenticated)});
    out.counter("switchboard_slow_consumer_closes_total",
                "Connections closed with 4008 for staying over the unsent-bytes limit.",
                double(stats.slowConsumerCloses));

    out.counter("switchboard_ticker_batches_total", "ticker.batch frames sent.",
                double(stats.tickerBatches));
    out.counter("switchboard_ticker_conflations_total",
                "Times a congested client's ticker data was held back and conflated.",
                double(stats.tickerConflations));

    // Absent, not 0, without --redis: an alert on redis_up == 0 must not fire for a
    // single-process server.
    if (stats.redisState >= 0)
        out.gauge("switchboard_redis_up", "1 while the Redis backplane is reachable, else 0.",
                  stats.redisState);
    return out.text();
}

} // namespace sb::server
