#pragma once

#include "models/OhlcBar.h"

#include <QCoreApplication>
#include <QRectF>
#include <QString>

QT_BEGIN_NAMESPACE
class QFontMetrics;
QT_END_NAMESPACE

namespace sb::ui {

// What the crosshair's readout says and where its box goes; no painting here, so both can be
// tested as plain values. The text has three lines:
//   NVDA · 10:41:07
//   481.20                      (line)   or   O 480.10  H 481.50  L 479.90  C 481.20  (candles)
//   +1.25 (+0.26%) since 10:40:07
// the last one measured from the first price of the visible window.
class CrosshairReadout {
    Q_DECLARE_TR_FUNCTIONS(CrosshairReadout)

public:
    struct Start { // the window's first price and its time
        double price = 0;
        qint64 ms = 0;
    };

    static QString forPoint(const QString &symbol, double price, qint64 ms, const Start &start);
    static QString forBar(const QString &symbol, const models::OhlcBar &bar, const Start &start);
    // "+1.25 (+0.26%)"; no percentage when the start price is 0.
    static QString change(double price, double startPrice);

    // The box that holds `text` with its padding.
    static QSizeF boxSize(const QFontMetrics &metrics, const QString &text, qreal padding);
    // Where the box goes for a crosshair at `point`: above and right of it, on the other side
    // of the point where that side has no room, and always inside `plot` (pushed in from the
    // edges it would cross; a box larger than the plot keeps its top-left corner in view).
    static QRectF place(const QPointF &point, const QSizeF &size, const QRectF &plot, qreal gap);

private:
    static QString time(qint64 ms);
    static QString price(double value);
};

} // namespace sb::ui
