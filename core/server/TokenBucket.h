#pragma once

#include "Clock.h"

namespace sb::server {

// A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each action takes one.
// A rate of 0 means unlimited. Pure logic over an injected clock, so its tests are exact.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, double burst, Clock clock);

    // Takes a token if one is there; false means the action is over the limit.
    bool tryTake();
    double available() const;
    bool isUnlimited() const { return m_rate <= 0; }

private:
    void refill() const;

    double m_rate;
    double m_burst;
    Clock m_clock;
    mutable double m_tokens;
    mutable qint64 m_lastRefill;
};

} // namespace sb::server
