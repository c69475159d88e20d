#include "CsvReplay.h"

#include "protocol/Validator.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace sb::server {

CsvReplay::Parsed CsvReplay::parse(QIODevice &device)
{
    Parsed parsed;
    int lineNumber = 0;
    bool headerSeen = false;
    while (!device.atEnd()) {
        const QString line = QString::fromUtf8(device.readLine()).trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList fields = line.split(u',');
        if (!headerSeen) {
            headerSeen = true;
            if (fields.value(0).trimmed().compare(QLatin1String("ts"), Qt::CaseInsensitive) == 0)
                continue;
        }
        const auto problem = [&](const QString &why) {
            parsed.problems.append(QStringLiteral("line %1: %2 — skipped").arg(lineNumber).arg(why));
        };
        if (fields.size() != 3 && fields.size() != 4) {
            problem(QStringLiteral("expected 4 fields (ts,symbol,price,volume) or 3 (no volume), found %1")
                        .arg(fields.size()));
            continue;
        }
        bool tsOk = false, priceOk = false, volumeOk = true;
        const qint64 ts = fields[0].trimmed().toLongLong(&tsOk);
        const QString symbol = fields[1].trimmed();
        const double price = fields[2].trimmed().toDouble(&priceOk);
        // A recording of prices only: its trades have no volume (0 on the wire).
        const qint64 volume = fields.size() == 4 ? fields[3].trimmed().toLongLong(&volumeOk) : 0;
        if (!tsOk || ts < 0)
            problem(QStringLiteral("ts \"%1\" is not a time in ms").arg(fields[0].trimmed()));
        else if (!protocol::Validator::isSymbol(symbol) || symbol == QLatin1String("*"))
            problem(QStringLiteral("\"%1\" is not a symbol").arg(symbol));
        else if (!priceOk || !std::isfinite(price) || price <= 0)
            problem(QStringLiteral("price \"%1\" is not a positive number").arg(fields[2].trimmed()));
        else if (!volumeOk || volume < 0)
            problem(QStringLiteral("volume \"%1\" is not a whole number").arg(fields.value(3).trimmed()));
        else
            parsed.ticks.append(Tick{symbol, price, volume, ts});
    }
    std::stable_sort(parsed.ticks.begin(), parsed.ticks.end(),
                     [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    return parsed;
}

CsvReplay::CsvReplay(QList<Tick> ticks, double speed, qint64 startMs)
    : m_ticks(std::move(ticks))
    , m_speed(speed > 0 ? speed : 1.0)
    , m_startMs(startMs)
    , m_firstTs(m_ticks.isEmpty() ? 0 : m_ticks.constFirst().ts)
    , m_span(m_ticks.isEmpty() ? 1 : qMax<qint64>(1, m_ticks.constLast().ts - m_firstTs + 1))
{
}

QStringList CsvReplay::symbols() const
{
    QStringList names;
    QSet<QString> seen;
    for (const Tick &tick : m_ticks) {
        if (!seen.contains(tick.symbol)) {
            seen.insert(tick.symbol);
            names.append(tick.symbol);
        }
    }
    return names;
}

QList<Tick> CsvReplay::ticksUntil(qint64 nowMs)
{
    QList<Tick> due;
    if (m_ticks.isEmpty())
        return due;
    for (int passes = 0;; ++passes) {
        const qint64 recordedNow = m_firstTs + qint64(double(nowMs - m_startMs) * m_speed);
        while (m_next < m_ticks.size() && m_ticks[m_next].ts <= recordedNow) {
            Tick tick = m_ticks[m_next++];
            tick.ts = nowMs;
            due.append(tick);
        }
        if (m_next < m_ticks.size())
            return due;
        // End of the recording: the next pass starts where this one ended.
        m_next = 0;
        m_startMs += qMax<qint64>(1, qint64(double(m_span) / m_speed));
        if (m_startMs > nowMs)
            return due;
        if (passes >= 1) {
            // After a long stall (a suspended process) skip to now rather than replaying every
            // missed pass at once.
            m_startMs = nowMs;
            return due;
        }
    }
}

} // namespace sb::server
