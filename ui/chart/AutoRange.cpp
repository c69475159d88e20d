#include "ui/chart/AutoRange.h"

#include <QtGlobal>
#include <cmath>

namespace sb::ui {

double AutoRange::paddedSpan(double dataMin, double dataMax)
{
    // A flat price still needs some height, or the axis would collapse to a line: take a tenth
    // of a percent of the price (at least one cent).
    const double floorSpan = qMax(0.01, std::abs(dataMax) * 0.001);
    const double span = qMax(dataMax - dataMin, floorSpan);
    return span * (1 + 2 * Margin);
}

bool AutoRange::fit(double dataMin, double dataMax)
{
    if (!std::isfinite(dataMin) || !std::isfinite(dataMax) || dataMax < dataMin)
        return false;
    const double needed = paddedSpan(dataMin, dataMax);
    const bool inside = m_valid && dataMin >= m_min && dataMax <= m_max;
    if (inside && m_max - m_min <= MaxSlack * needed)
        return false;
    const double centre = (dataMin + dataMax) / 2;
    m_min = centre - needed / 2;
    m_max = centre + needed / 2;
    m_valid = true;
    return true;
}

double AutoRange::niceStep(double span, int targetTicks)
{
    if (!(span > 0) || targetTicks < 1)
        return 1;
    const double raw = span / targetTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double fraction = raw / magnitude;
    const double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
}

} // namespace sb::ui
