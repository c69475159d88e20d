#include "ui/chart/LiveState.h"

#include <QDateTime>

namespace sb::ui {

QString LiveState::text() const
{
    if (!isStale())
        return {};
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(lastLiveMs);
    const bool today = at.date() == QDate::currentDate();
    const QString time = at.toString(today ? QStringLiteral("HH:mm") : QStringLiteral("d MMM HH:mm"));
    return tr("Not live — last update %1").arg(time);
}

} // namespace sb::ui
