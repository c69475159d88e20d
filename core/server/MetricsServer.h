#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServer>
#include <QString>
#include <QUrl>

#include <functional>

class QTcpServer;

namespace sb::server {

// The operators' HTTP port (QtHttpServer): GET /metrics (Prometheus text) and GET /healthz
// (200 "ok", or 503 with the reason). Thin: what to say comes from the two callbacks.
class MetricsServer
{
public:
    using Scrape = std::function<QByteArray()>;
    // Why the server cannot serve right now; empty while it is healthy.
    using HealthProblem = std::function<QString()>;

    MetricsServer(Scrape scrape, HealthProblem healthProblem);
    ~MetricsServer();

    // `port` 0 picks a free one. False with `error` set when the port cannot be bound.
    bool listen(const QHostAddress &host, quint16 port, QString *error);
    quint16 port() const;
    // http://host:port/metrics once listening.
    QUrl url() const;

private:
    Scrape m_scrape;
    HealthProblem m_healthProblem;
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr; // owned by m_http once bound
};

} // namespace sb::server
