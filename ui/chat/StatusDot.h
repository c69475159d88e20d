#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QRectF>
#include <QString>

class QPainter;

namespace sb::ui {

// The presence dot drawn by the room list (beside a direct conversation) and the people list.
// One place decides the colours so "away" never means amber in one list and grey in the other.
class StatusDot
{
    Q_DECLARE_TR_FUNCTIONS(sb::ui::StatusDot)

public:
    // online green, away amber, busy red, offline/unknown grey.
    static QColor colour(const QString &status);
    // A filled dot for a known status; a hollow ring when the status is unknown (empty), so an
    // unknown peer is not mistaken for an offline one.
    static void paint(QPainter *painter, const QRectF &rect, const QString &status);
    // "online", "away", … for screen readers and tooltips.
    static QString label(const QString &status);

    static constexpr int Size = 8; // one grid unit
};

} // namespace sb::ui
