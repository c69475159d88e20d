#pragma once

#include "Tick.h"

#include <QIODevice>
#include <QStringList>

namespace sb::server {

// Replays recorded trades from CSV (`ts,symbol,price,volume`, the volume column optional, a
// header line, rows of any symbols in time order or not) at `speed` times real time, starting over at the end. Every tick is
// re-stamped with the wall-clock time it is played at, so live charts see it as current.
class CsvReplay : public TickSource
{
public:
    struct Parsed
    {
        QList<Tick> ticks;     // sorted by their recorded ts
        QStringList problems;  // "line N: why", one per skipped line
    };

    // Reads the whole file. A malformed line is reported with its line number and skipped.
    static Parsed parse(QIODevice &device);

    CsvReplay(QList<Tick> ticks, double speed, qint64 startMs);

    QList<Tick> ticksUntil(qint64 nowMs) override;
    QStringList symbols() const override;
    bool isEmpty() const { return m_ticks.isEmpty(); }

private:
    QList<Tick> m_ticks;
    double m_speed;
    qint64 m_startMs;   // wall time at which the current pass began
    qint64 m_firstTs;   // recorded ts of the first tick
    qint64 m_span;      // recorded duration of one pass (ms), at least 1
    int m_next = 0;
};

} // namespace sb::server
