#pragma once

#include <QStyledItemDelegate>

namespace sb::ui {

// Draws a watchlist row's recent prices (TickerModel::SparklineRole) as one polyline with a
// 1 px pen, coloured by the session's direction: the cheap way measured in DESIGN.md (a wide
// antialiased pen cost 4× as much), and no chart object per row.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit SparklineDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The polyline for `values` fitted into `area` (oldest on the left), empty with < 2 values.
    static QPolygonF polyline(const QList<double> &values, const QRectF &area);
};

} // namespace sb::ui
