#include "ui/chart/LinePlotter.h"

#include "models/SeriesStore.h"

#include <algorithm>

namespace sb::ui {

LinePlotter::LinePlotter(const models::SeriesStore &store)
    : m_store(store)
{
}

qint64 LinePlotter::columnMs(qint64 windowMs, int pixelWidth)
{
    if (pixelWidth <= 0)
        return qMax<qint64>(1, windowMs);
    // Rounded up, so the snapped range covers at least the whole window the user asked for.
    return qMax<qint64>(1, (windowMs + pixelWidth - 1) / pixelWidth);
}

std::pair<qint64, qint64> LinePlotter::snappedRange(qint64 nowMs, qint64 windowMs, int pixelWidth)
{
    const qint64 column = columnMs(windowMs, pixelWidth);
    const qint64 to = models::SeriesStore::bucketStart(nowMs, column) + column;
    return { to - column * qMax(1, pixelWidth), to };
}

qint64 LinePlotter::newestMs(const QStringList &symbols) const
{
    qint64 newest = 0;
    for (const QString &symbol : symbols) {
        const models::OhlcBar session = m_store.session(symbol);
        if (!session.isEmpty())
            newest = newest == 0 ? session.closeTs : qMax(newest, session.closeTs);
    }
    return newest;
}

LineFrame LinePlotter::plot(
    const QStringList &symbols, qint64 windowMs, qint64 nowMs, int pixelWidth) const
{
    LineFrame frame;
    const auto [from, to] = snappedRange(nowMs, windowMs, pixelWidth);
    frame.fromMs = from;
    frame.toMs = to;
    frame.series.reserve(symbols.size());
    for (const QString &symbol : symbols) {
        // The range is [from, to): decimate() takes both ends inclusive, and with a span of
        // exactly columnMs × pixelWidth each of its columns is one grid column.
        QList<QPointF> points = m_store.decimate(symbol, from, to - 1, pixelWidth);
        for (const QPointF &p : std::as_const(points)) {
            if (!frame.hasPoints) {
                frame.minY = frame.maxY = p.y();
                frame.hasPoints = true;
            } else {
                frame.minY = qMin(frame.minY, p.y());
                frame.maxY = qMax(frame.maxY, p.y());
            }
        }
        frame.series.append(std::move(points));
    }
    return frame;
}

int LinePlotter::nearestIndex(const QList<QPointF> &points, double x)
{
    if (points.isEmpty())
        return -1;
    const auto it = std::lower_bound(points.cbegin(), points.cend(), x,
        [](const QPointF &p, double value) { return p.x() < value; });
    int index = int(it - points.cbegin());
    if (index >= points.size())
        return int(points.size()) - 1;
    if (index > 0 && x - points.at(index - 1).x() <= points.at(index).x() - x)
        --index;
    return index;
}

} // namespace sb::ui
