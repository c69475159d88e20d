#include "ReachabilityProbe.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcProbe, "switchboard.client.probe")

namespace sb::client {

ReachabilityProbe::ReachabilityProbe(QObject *parent)
    : ReachabilityProbe(Settings{}, parent)
{
}

ReachabilityProbe::ReachabilityProbe(Settings settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    connect(&m_timer, &QTimer::timeout, this, &ReachabilityProbe::tick);
}

ReachabilityProbe::~ReachabilityProbe()
{
    abandonKnock();
}

bool ReachabilityProbe::worthKnocking(int remainingMs, const Settings &settings)
{
    return remainingMs > settings.worthItAboveMs;
}

void ReachabilityProbe::start(const QString &host, quint16 port, Remaining remaining)
{
    stop();
    m_host = host;
    m_port = port;
    m_remaining = std::move(remaining);
    m_knocks = 0;
    m_timer.start(m_settings.everyMs);
}

void ReachabilityProbe::stop()
{
    m_timer.stop();
    abandonKnock();
}

void ReachabilityProbe::tick()
{
    abandonKnock();
    if (!m_remaining || !worthKnocking(m_remaining(), m_settings))
        return;
    ++m_knocks;
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        if (socket != m_socket)
            return;
        qCInfo(lcProbe) << "the server answers again on" << m_host << m_port;
        stop();
        emit reachable();
    });
    // A refusal or an unknown host: nothing to do but wait for the next knock.
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket] {
        if (socket == m_socket)
            abandonKnock();
    });
    emit knocked();
    socket->connectToHost(m_host, m_port);
}

void ReachabilityProbe::abandonKnock()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

} // namespace sb::client
