#include "ui/chart/CrosshairReadout.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QLocale>

namespace sb::ui {

QString CrosshairReadout::time(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QString CrosshairReadout::price(double value)
{
    return QLocale().toString(value, 'f', 2);
}

QString CrosshairReadout::change(double price, double startPrice)
{
    const double delta = price - startPrice;
    // A sign on both, "+0.00" included: the reader looks for the direction first.
    const QString sign = delta < 0 ? QStringLiteral("−") : QStringLiteral("+");
    const QString absolute = sign + QLocale().toString(qAbs(delta), 'f', 2);
    if (startPrice == 0)
        return absolute;
    const QString percent = sign + QLocale().toString(qAbs(delta) / startPrice * 100, 'f', 2);
    return tr("%1 (%2%)", "change, then change in percent").arg(absolute, percent);
}

QString CrosshairReadout::forPoint(
    const QString &symbol, double value, qint64 ms, const Start &start)
{
    return tr("%1 · %2\n%3\n%4 since %5", "symbol, time; price; change since the window's start")
        .arg(symbol, time(ms), price(value), change(value, start.price), time(start.ms));
}

QString CrosshairReadout::forBar(
    const QString &symbol, const models::OhlcBar &bar, const Start &start)
{
    const QString ohlc = tr("O %1  H %2  L %3  C %4", "open, high, low, close")
                             .arg(price(bar.open), price(bar.high), price(bar.low), price(bar.close));
    return tr("%1 · %2\n%3\n%4 since %5", "symbol, time; prices; change since the window's start")
        .arg(symbol, time(bar.startMs), ohlc, change(bar.close, start.price), time(start.ms));
}

QSizeF CrosshairReadout::boxSize(const QFontMetrics &metrics, const QString &text, qreal padding)
{
    const QSize textSize = metrics.size(0, text); // one line per '\n'
    return QSizeF(textSize.width() + 2 * padding, textSize.height() + padding);
}

QRectF CrosshairReadout::place(
    const QPointF &point, const QSizeF &size, const QRectF &plot, qreal gap)
{
    QRectF box(QPointF(point.x() + gap, point.y() - gap - size.height()), size);
    if (box.right() > plot.right()) // no room on the right: the left of the point
        box.moveRight(point.x() - gap);
    if (box.top() < plot.top()) // no room above: below the point
        box.moveTop(point.y() + gap);
    // Near a corner, or in a plot narrower than two boxes, a side can still overhang: push the
    // box back in. Left and top last, so a box too big for the plot starts at its corner.
    if (box.right() > plot.right())
        box.moveRight(plot.right());
    if (box.bottom() > plot.bottom())
        box.moveBottom(plot.bottom());
    if (box.left() < plot.left())
        box.moveLeft(plot.left());
    if (box.top() < plot.top())
        box.moveTop(plot.top());
    return box;
}

} // namespace sb::ui
