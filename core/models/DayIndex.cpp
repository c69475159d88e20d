#include "models/DayIndex.h"

#include <QDateTime>

namespace sb::models {

DayIndex::DayIndex(const QTimeZone &zone)
{
    setTimeZone(zone);
}

void DayIndex::setTimeZone(const QTimeZone &zone)
{
    // Without tzdata the system zone can be invalid; UTC is then the only honest answer.
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    m_cachedStart = 1;
    m_cachedEnd = 0;
}

qint64 DayIndex::dayOf(qint64 msecsSinceEpoch) const
{
    if (msecsSinceEpoch >= m_cachedStart && msecsSinceEpoch < m_cachedEnd)
        return m_cachedDay;
    const QDate date = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, m_zone).date();
    m_cachedDay = date.toJulianDay();
    m_cachedStart = date.startOfDay(m_zone).toMSecsSinceEpoch();
    m_cachedEnd = date.addDays(1).startOfDay(m_zone).toMSecsSinceEpoch();
    return m_cachedDay;
}

} // namespace sb::models
