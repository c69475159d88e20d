#pragma once

#include "ui/chart/LinePlotter.h"

#include <QCoreApplication>
#include <optional>

QT_BEGIN_NAMESPACE
class QCandlestickSeries;
class QChart;
class QLineSeries;
QT_END_NAMESPACE

namespace sb::ui {

class CandleWindow;

// What the crosshair points at: the data point nearest to the mouse and its readout
// (CrosshairReadout: time, price or O/H/L/C, change since the window's start). It searches the frame the chart shows (≤ 2 points per pixel column),
// never the raw ticks, so a mouse move costs a binary search per series.
class CrosshairLocator {
    Q_DECLARE_TR_FUNCTIONS(CrosshairLocator)

public:
    struct Hit {
        QPointF chartPos; // the point, in chart coordinates
        QString text;
    };

    // The closest in time of each series, then of those the closest on screen.
    static std::optional<Hit> nearestPoint(QChart *chart, const QList<QLineSeries *> &lines,
        const LineFrame &frame, const QStringList &symbols, const QPointF &chartPos);
    // The candle closest in time; the readout has its open, high, low and close.
    static std::optional<Hit> nearestCandle(QChart *chart, QCandlestickSeries *series,
        const CandleWindow &candles, const QString &symbol, const QPointF &chartPos);
};

} // namespace sb::ui
