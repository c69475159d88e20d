#pragma once

#include <QtGlobal>

#include <functional>

namespace sb::client {

// When to try again after a connection was lost: exponential backoff from 1 s, doubling, capped
// at 30 s, each delay drawn within 50–100 % of its step. The jitter spreads a thundering herd
// after a server restart, and its floor keeps a client from ever retrying in a tight loop.
// Pure: the random source is injected, so the schedule is exact in tests.
class ReconnectPolicy
{
public:
    struct Settings
    {
        int initialMs = 1000;
        double factor = 2.0;
        int maxMs = 30000;
        double jitterLow = 0.5;     // fraction of the step, inclusive
        double jitterHigh = 1.0;    // fraction of the step, exclusive
        // A connection open this long (after welcome) resets the schedule. One second tells a
        // server that lets clients in and drops them at once (keep backing off) from one that
        // was restarted: with 10 s, clients of a server restarted every 10–20 s kept climbing
        // the schedule and took up to 28 s to come back (docs/reliability.md).
        int healthyAfterMs = 1000;
    };
    // Uniform in [0, 1).
    using Random = std::function<double()>;

    explicit ReconnectPolicy(Random random);
    ReconnectPolicy(Settings settings, Random random);

    // The wait before the next attempt; each call moves one step along the schedule.
    int nextDelayMs();
    // The step (before jitter) the next call will use.
    int currentStepMs() const;
    int attempts() const { return m_attempt; }
    // Back to the first step: the user asked, or the network came back.
    void reset() { m_attempt = 0; }

    // A connection opened at `openedAtMs` was lost at `lostAtMs`: if it had stayed up long
    // enough to count as healthy, the next outage starts the schedule from the beginning.
    void connectionLost(qint64 openedAtMs, qint64 lostAtMs);

    // Whether a close with this code should be retried at all (not after the user's own
    // disconnect, or when the server refused who we are).
    static bool shouldReconnect(int closeCode);

    const Settings &settings() const { return m_settings; }

private:
    Settings m_settings;
    Random m_random;
    int m_attempt = 0;
};

} // namespace sb::client
