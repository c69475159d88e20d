#pragma once

#include <QtGlobal>

namespace sb::client {

// Finds a dead server from the client's side: anything received proves the link alive; a ping
// goes out each interval; silence for `missesAllowed + 1` intervals means the link is dead (a
// "ghost": TCP still thinks it is connected, Linux keepalive would wait two hours). With the
// default 15 s interval a ghost is abandoned within 45 s. Also keeps the smoothed round-trip time.
// Pure: times come in as arguments.
class HeartbeatMonitor
{
public:
    enum class Action { None, SendPing, GiveUp };

    explicit HeartbeatMonitor(int intervalMs = 15000, int missesAllowed = 2);

    void setInterval(int intervalMs) { m_intervalMs = qMax(100, intervalMs); }
    int intervalMs() const { return m_intervalMs; }
    int deadAfterMs() const { return m_intervalMs * (m_missesAllowed + 1); }

    void start(qint64 nowMs);
    // Any frame from the server.
    void received(qint64 nowMs)
    {
        m_lastReceivedMs = nowMs;
        ++m_receivedCount;
    }
    // What to do now; call it often (a fraction of the interval).
    Action tick(qint64 nowMs);
    // Checks sooner than the schedule (after sleep or a network change): the caller pings now,
    // and tick() gives up if nothing arrives within `withinMs`.
    void probe(qint64 nowMs, int withinMs);

    // A pong to a ping sent at `sentAtMs`: one RTT sample.
    void pong(qint64 sentAtMs, qint64 nowMs);
    // Smoothed round-trip time (ms), -1 before the first sample.
    int rttMs() const { return m_rttMs < 0 ? -1 : int(m_rttMs + 0.5); }

private:
    int m_intervalMs;
    int m_missesAllowed;
    qint64 m_lastReceivedMs = 0;
    qint64 m_lastPingMs = 0;
    qint64 m_probeDeadlineMs = -1;
    quint64 m_receivedCount = 0;
    quint64 m_receivedAtProbe = 0;
    double m_rttMs = -1;
};

} // namespace sb::client
