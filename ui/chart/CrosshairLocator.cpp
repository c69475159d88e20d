#include "ui/chart/CrosshairLocator.h"

#include "ui/chart/CandleWindow.h"
#include "ui/chart/CrosshairReadout.h"

#include <QCandlestickSeries>
#include <QChart>
#include <QLineSeries>

namespace sb::ui {

std::optional<CrosshairLocator::Hit> CrosshairLocator::nearestPoint(QChart *chart,
    const QList<QLineSeries *> &lines, const LineFrame &frame, const QStringList &symbols,
    const QPointF &chartPos)
{
    if (lines.isEmpty())
        return std::nullopt;
    const double x = chart->mapToValue(chartPos, lines.first()).x();
    std::optional<Hit> best;
    double bestDistance = 0;
    for (int i = 0; i < frame.series.size() && i < lines.size() && i < symbols.size(); ++i) {
        const QList<QPointF> &points = frame.series.at(i);
        const int index = LinePlotter::nearestIndex(points, x);
        if (index < 0)
            continue;
        const QPointF pos = chart->mapToPosition(points.at(index), lines.at(i));
        const QPointF delta = pos - chartPos;
        const double distance = QPointF::dotProduct(delta, delta);
        if (!best || distance < bestDistance) {
            const QPointF &p = points.at(index);
            // The frame's first point is the window's first price (decimation keeps the first
            // of every pixel column).
            const CrosshairReadout::Start start { points.first().y(), qint64(points.first().x()) };
            best = Hit { pos, CrosshairReadout::forPoint(symbols.at(i), p.y(), qint64(p.x()), start) };
            bestDistance = distance;
        }
    }
    return best;
}

std::optional<CrosshairLocator::Hit> CrosshairLocator::nearestCandle(QChart *chart,
    QCandlestickSeries *series, const CandleWindow &candles, const QString &symbol,
    const QPointF &chartPos)
{
    const int index = candles.nearestIndex(chart->mapToValue(chartPos, series).x());
    if (index < 0)
        return std::nullopt;
    const models::OhlcBar &bar = candles.bars().at(index);
    const double centre = CandleWindow::centreMs(bar, candles.barMs());
    const models::OhlcBar &first = candles.bars().first();
    const QString text =
        CrosshairReadout::forBar(symbol, bar, CrosshairReadout::Start { first.open, first.startMs });
    return Hit { chart->mapToPosition(QPointF(centre, bar.close), series), text };
}

} // namespace sb::ui
