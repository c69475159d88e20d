#include "ui/LiveState.h"

#include <QDateTime>

namespace sb::ui {

QString LiveState::sinceText() const
{
    if (!isStale())
        return {};
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(lastLiveMs);
    const bool today = at.date() == QDate::currentDate();
    return at.toString(today ? QStringLiteral("HH:mm") : QStringLiteral("d MMM HH:mm"));
}

QString LiveState::text() const
{
    return isStale() ? tr("Not live — last update %1").arg(sinceText()) : QString();
}

} // namespace sb::ui
