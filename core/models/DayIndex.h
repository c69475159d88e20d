#pragma once

#include <QTimeZone>

namespace sb::models {

// Which calendar day an instant falls on in a time zone (the user's, by default), as a Julian
// day number so neighbours compare with one integer test. The chat view asks once per message;
// messages come in runs of the same day, so the day's bounds are cached and most lookups skip
// the time-zone arithmetic. DST-safe: the bounds are the zone's real midnights.
class DayIndex {
public:
    explicit DayIndex(const QTimeZone &zone = QTimeZone::systemTimeZone());

    void setTimeZone(const QTimeZone &zone);
    const QTimeZone &timeZone() const { return m_zone; }

    qint64 dayOf(qint64 msecsSinceEpoch) const;

private:
    QTimeZone m_zone;
    // The last day looked up: [m_cachedStart, m_cachedEnd) in ms; empty when start > end.
    mutable qint64 m_cachedStart = 1;
    mutable qint64 m_cachedEnd = 0;
    mutable qint64 m_cachedDay = 0;
};

} // namespace sb::models
