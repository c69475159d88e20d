#pragma once

#include <QByteArray>

namespace sb::server {

struct ServerContext;

// What GET /metrics says: ServerStats and the live registry, under Prometheus names
// (switchboard_*, _total for counters, base units _bytes and _seconds) with a HELP line each.
// docs/operations.md ("Metrics") explains every one to operators; keep the two in step.
class ServerMetrics
{
public:
    // `connections`: sockets open now, identified or not (the server holds that set).
    static QByteArray render(const ServerContext &context, int connections);
};

} // namespace sb::server
