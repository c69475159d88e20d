#include "ui/chart/SparklineDelegate.h"

#include "models/TickerModel.h"
#include "ui/Theme.h"
#include "ui/chart/WatchlistProxyModel.h"

#include <QApplication>
#include <QPainter>
#include <algorithm>

namespace sb::ui {

namespace {
constexpr int G = Theme::Grid;
}

SparklineDelegate::SparklineDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QPolygonF SparklineDelegate::polyline(const QList<double> &values, const QRectF &area)
{
    QPolygonF points;
    if (values.size() < 2 || area.isEmpty())
        return points;
    const auto [lowIt, highIt] = std::minmax_element(values.cbegin(), values.cend());
    const double low = *lowIt;
    const double span = *highIt - low;
    const double dx = area.width() / double(values.size() - 1);
    points.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        // A flat series is drawn through the middle rather than along an edge.
        const double t = span > 0 ? (values.at(i) - low) / span : 0.5;
        points.append(QPointF(area.left() + dx * double(i), area.bottom() - t * area.height()));
    }
    return points;
}

void SparklineDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Background, selection and focus as any cell; then only the line on top.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QList<double> values =
        index.data(models::TickerModel::SparklineRole).value<QList<double>>();
    const QPolygonF points = polyline(values, QRectF(option.rect).adjusted(G, G / 2, -G, -G / 2));
    if (points.isEmpty())
        return;
    const int direction = index.data(models::TickerModel::DirectionRole).toInt();
    const bool stale = index.data(WatchlistProxyModel::StaleRole).toBool();
    QColor colour = stale ? Theme::muted()
        : direction > 0   ? Theme::up()
        : direction < 0   ? Theme::down()
                          : Theme::muted();
    if (option.state & QStyle::State_Selected) // green on the accent blue would not read
        colour = option.palette.color(QPalette::HighlightedText);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(colour, 1));
    painter->drawPolyline(points);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    return QSize(10 * G, qMax(3 * G, option.fontMetrics.height() + G));
}

} // namespace sb::ui
