#include "ui/chart/CrosshairLocator.h"

#include "ui/chart/CandleWindow.h"

#include <QCandlestickSeries>
#include <QChart>
#include <QDateTime>
#include <QLineSeries>
#include <QLocale>

namespace sb::ui {

QString CrosshairLocator::readout(const QString &symbol, double price, qint64 ms)
{
    const QString time = QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
    return tr("%1 %2 · %3", "symbol, price, time")
        .arg(symbol, QLocale().toString(price, 'f', 2), time);
}

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
            best = Hit { pos, readout(symbols.at(i), p.y(), qint64(p.x())) };
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
    const QLocale locale;
    const QString text =
        tr("%1 · O %2 H %3 L %4", "readout, then open, high, low")
            .arg(readout(symbol, bar.close, bar.startMs), locale.toString(bar.open, 'f', 2),
                locale.toString(bar.high, 'f', 2), locale.toString(bar.low, 'f', 2));
    return Hit { chart->mapToPosition(QPointF(centre, bar.close), series), text };
}

} // namespace sb::ui
