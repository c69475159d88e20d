#include "TokenBucket.h"

#include <algorithm>

namespace sb::server {

TokenBucket::TokenBucket(double ratePerSecond, double burst, Clock clock)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
    , m_clock(std::move(clock))
    , m_tokens(m_burst)
    , m_lastRefill(m_clock())
{
}

void TokenBucket::refill() const
{
    const qint64 now = m_clock();
    if (now > m_lastRefill) {
        m_tokens = std::min(m_burst, m_tokens + double(now - m_lastRefill) * m_rate / 1000.0);
        m_lastRefill = now;
    }
}

bool TokenBucket::tryTake()
{
    if (isUnlimited())
        return true;
    refill();
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

double TokenBucket::available() const
{
    if (isUnlimited())
        return m_burst;
    refill();
    return m_tokens;
}

} // namespace sb::server
