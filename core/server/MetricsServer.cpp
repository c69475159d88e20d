#include "MetricsServer.h"

#include "PrometheusText.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QUrl>

Q_LOGGING_CATEGORY(lcMetrics, "switchboard.server.metrics")

namespace sb::server {

MetricsServer::MetricsServer(Scrape scrape, HealthProblem healthProblem)
    : m_scrape(std::move(scrape))
    , m_healthProblem(std::move(healthProblem))
{
    m_http.route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this] {
        return QHttpServerResponse(PrometheusText::contentType(), m_scrape());
    });
    m_http.route(QStringLiteral("/healthz"), QHttpServerRequest::Method::Get, [this] {
        const QString problem = m_healthProblem();
        if (problem.isEmpty())
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok\n"));
        // Load balancers and orchestrators act on the status; people read the reason.
        return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"),
                                   problem.toUtf8() + '\n',
                                   QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
}

MetricsServer::~MetricsServer() = default;

bool MetricsServer::listen(const QHostAddress &host, quint16 port, QString *error)
{
    // Our own QTcpServer rather than QHttpServer::listen(), which only returns 0 on failure:
    // the operator needs the reason (port in use, no permission).
    auto tcp = std::make_unique<QTcpServer>();
    if (!tcp->listen(host, port)) {
        *error = QStringLiteral("cannot serve metrics on %1:%2: %3")
                     .arg(host.toString())
                     .arg(port)
                     .arg(tcp->errorString());
        return false;
    }
    m_tcp = tcp.release();
    m_http.bind(m_tcp); // reparents it to m_http
    qCInfo(lcMetrics).noquote() << "metrics on" << url().toString();
    return true;
}

quint16 MetricsServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QUrl MetricsServer::url() const
{
    if (!m_tcp)
        return {};
    QUrl url; // QUrl puts an IPv6 address in brackets
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_tcp->serverAddress().toString());
    url.setPort(m_tcp->serverPort());
    url.setPath(QStringLiteral("/metrics"));
    return url;
}

} // namespace sb::server
