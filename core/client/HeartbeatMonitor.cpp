#include "HeartbeatMonitor.h"

namespace sb::client {

HeartbeatMonitor::HeartbeatMonitor(int intervalMs, int missesAllowed)
    : m_intervalMs(qMax(100, intervalMs))
    , m_missesAllowed(qMax(0, missesAllowed))
{
}

void HeartbeatMonitor::start(qint64 nowMs)
{
    m_lastReceivedMs = nowMs;
    m_lastPingMs = nowMs;
    m_probeDeadlineMs = -1;
}

HeartbeatMonitor::Action HeartbeatMonitor::tick(qint64 nowMs)
{
    if (m_probeDeadlineMs >= 0) {
        if (m_receivedCount > m_receivedAtProbe)
            m_probeDeadlineMs = -1; // the probe was answered
        else if (nowMs >= m_probeDeadlineMs)
            return Action::GiveUp;
    }
    if (nowMs - m_lastReceivedMs >= deadAfterMs())
        return Action::GiveUp;
    if (nowMs - m_lastPingMs >= m_intervalMs) {
        m_lastPingMs = nowMs;
        return Action::SendPing;
    }
    return Action::None;
}

void HeartbeatMonitor::probe(qint64 nowMs, int withinMs)
{
    m_lastPingMs = nowMs;
    m_receivedAtProbe = m_receivedCount;
    m_probeDeadlineMs = nowMs + withinMs;
}

void HeartbeatMonitor::pong(qint64 sentAtMs, qint64 nowMs)
{
    const double sample = double(qMax<qint64>(0, nowMs - sentAtMs));
    // Exponential smoothing as TCP does (RFC 6298's alpha = 1/8).
    m_rttMs = m_rttMs < 0 ? sample : m_rttMs + (sample - m_rttMs) / 8.0;
}

} // namespace sb::client
