#pragma once

#include <QDateTime>
#include <QElapsedTimer>

#include <functional>

namespace sb::server {

// Milliseconds from some fixed start. Pure logic takes one of these so tests can drive time.
using Clock = std::function<qint64()>;

// Monotonic milliseconds: for rates, timeouts and expiries (never jumps with the wall clock).
inline Clock steadyClock()
{
    return [] {
        static QElapsedTimer timer = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return timer.elapsed();
    };
}

// Wall-clock milliseconds since the Unix epoch: for `ts` fields users see.
inline Clock wallClock()
{
    return [] { return QDateTime::currentMSecsSinceEpoch(); };
}

} // namespace sb::server
