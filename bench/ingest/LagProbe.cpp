#include "LagProbe.h"

#include <algorithm>

namespace bench {

LagProbe::LagProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    // Re-armed after each timeout, so each sample is one wait's own lateness (a repeating
    // timer would catch up on its schedule and hide part of a stall).
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LagProbe::onTimeout);
}

void LagProbe::start()
{
    m_lateNs.clear();
    m_stopped = false;
    m_clock.start();
    m_last = m_clock.nsecsElapsed();
    m_timer.start();
}

void LagProbe::stop()
{
    m_stopped = true;
    m_timer.stop();
}

void LagProbe::onTimeout()
{
    if (m_stopped)
        return;
    const qint64 now = m_clock.nsecsElapsed();
    m_lateNs.push_back(std::max<qint64>(0, now - m_last - qint64(m_intervalMs) * 1000000));
    m_last = now;
    m_timer.start();
}

double LagProbe::percentileMs(double p)
{
    if (m_lateNs.empty())
        return -1;
    const size_t k = std::min(m_lateNs.size() - 1, size_t(p * double(m_lateNs.size())));
    std::nth_element(m_lateNs.begin(), m_lateNs.begin() + long(k), m_lateNs.end());
    return double(m_lateNs[k]) / 1e6;
}

} // namespace bench
