#pragma once

#include <QList>
#include <QPointF>
#include <QStringList>

namespace sb::models {
class SeriesStore;
}

namespace sb::ui {

// One frame of line data, ready for any renderer: per symbol the points to draw and the X range
// they live in. Nothing here knows Qt Charts (deprecated from Qt 6.10, DESIGN.md), so the same
// frames can feed a QPainter or Qt Graphs renderer later.
struct LineFrame {
    qint64 fromMs = 0; // inclusive start of the X range, on the pixel-column grid
    qint64 toMs = 0; // exclusive end of the X range
    QList<QList<QPointF>> series; // one list per symbol, same order as requested
    double minY = 0;
    double maxY = 0;
    bool hasPoints = false;
};

// Turns the store's ticks into per-series point lists for a window and a pixel width. The X range
// is snapped to a grid of whole pixel columns, so a column's min/max never jumps between two
// columns as time moves on (no shimmer), and every series has at most two points per column.
class LinePlotter {
public:
    explicit LinePlotter(const models::SeriesStore &store);

    LineFrame plot(const QStringList &symbols, qint64 windowMs, qint64 nowMs, int pixelWidth) const;

    // The newest tick time of any of the symbols: the chart's "now", taken from the data rather
    // than the wall clock, so replayed or imported ticks draw as well as live ones. 0 without data.
    qint64 newestMs(const QStringList &symbols) const;

    // How many ms one pixel column covers (at least 1), and the snapped [from, to) range.
    static qint64 columnMs(qint64 windowMs, int pixelWidth);
    static std::pair<qint64, qint64> snappedRange(qint64 nowMs, qint64 windowMs, int pixelWidth);

    // The index of the point whose x is closest to `x` (points sorted by x), -1 when empty.
    static int nearestIndex(const QList<QPointF> &points, double x);

private:
    const models::SeriesStore &m_store;
};

} // namespace sb::ui
