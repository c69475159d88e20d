#include "ui/chat/StatusDot.h"

#include "ui/Theme.h"

#include <QPainter>

namespace sb::ui {

QColor StatusDot::colour(const QString &status)
{
    if (status == QLatin1String("online"))
        return Theme::up();
    if (status == QLatin1String("busy"))
        return Theme::down();
    if (status == QLatin1String("away"))
        return Theme::isDark() ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x77, 0x06);
    return Theme::muted();
}

void StatusDot::paint(QPainter *painter, const QRectF &rect, const QString &status)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor c = colour(status);
    if (status.isEmpty()) {
        painter->setPen(QPen(c, 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(rect.adjusted(1, 1, -1, -1));
    } else {
        painter->setPen(Qt::NoPen);
        painter->setBrush(c);
        painter->drawEllipse(rect);
    }
    painter->restore();
}

QString StatusDot::label(const QString &status)
{
    if (status == QLatin1String("online"))
        return tr("online");
    if (status == QLatin1String("busy"))
        return tr("busy");
    if (status == QLatin1String("away"))
        return tr("away");
    if (status == QLatin1String("offline"))
        return tr("offline");
    return status.isEmpty() ? tr("status unknown")
                            : status;
}

} // namespace sb::ui
