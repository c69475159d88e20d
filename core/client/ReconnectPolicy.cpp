#include "ReconnectPolicy.h"

#include "protocol/CloseCode.h"

#include <cmath>

namespace sb::client {

ReconnectPolicy::ReconnectPolicy(Random random)
    : ReconnectPolicy(Settings{}, std::move(random))
{
}

ReconnectPolicy::ReconnectPolicy(Settings settings, Random random)
    : m_settings(settings)
    , m_random(std::move(random))
{
}

int ReconnectPolicy::currentStepMs() const
{
    // Compute in floating point: factor^attempt overflows an int long before the cap applies.
    const double step = m_settings.initialMs * std::pow(m_settings.factor, m_attempt);
    return int(std::min<double>(step, m_settings.maxMs));
}

int ReconnectPolicy::nextDelayMs()
{
    const int step = currentStepMs();
    const double fraction = m_settings.jitterLow
        + (m_settings.jitterHigh - m_settings.jitterLow) * qBound(0.0, m_random(), 1.0);
    if (currentStepMs() < m_settings.maxMs)
        ++m_attempt;
    return qMax(1, int(step * fraction));
}

void ReconnectPolicy::connectionLost(qint64 openedAtMs, qint64 lostAtMs)
{
    if (openedAtMs >= 0 && lostAtMs - openedAtMs >= m_settings.healthyAfterMs)
        reset();
}

bool ReconnectPolicy::shouldReconnect(int closeCode)
{
    return !protocol::CloseCode::isFinal(quint16(closeCode));
}

} // namespace sb::client
