#include "ui/chart/ChartImage.h"

#include "ui/Theme.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

QFont titleFont()
{
    QFont font = QApplication::font();
    font.setBold(true);
    return font;
}

} // namespace

int ChartImage::titleHeight()
{
    return QFontMetrics(titleFont()).height() + 2 * G;
}

QImage ChartImage::compose(const QPixmap &plot, const QString &title, const QPalette &palette)
{
    const qreal ratio = plot.devicePixelRatio();
    const QSize logical = (QSizeF(plot.size()) / ratio).toSize();
    const int strip = titleHeight();
    QImage image(QSize(logical.width(), logical.height() + strip) * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(palette.color(QPalette::Base)); // the chart's own background: one picture, not two
    QPainter painter(&image);
    painter.setFont(titleFont());
    painter.setPen(palette.color(QPalette::Text));
    const QRect titleRect(2 * G, 0, logical.width() - 4 * G, strip);
    const QString shown = QFontMetrics(painter.font()).elidedText(title, Qt::ElideRight, titleRect.width());
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, shown);
    painter.drawPixmap(QPoint(0, strip), plot);
    return image;
}

} // namespace sb::ui
