#pragma once

#include <QImage>
#include <QString>

QT_BEGIN_NAMESPACE
class QPalette;
class QPixmap;
QT_END_NAMESPACE

namespace sb::ui {

// The exported chart picture: the plot as on screen under a title strip that says what it shows
// ("NVDA · AAPL — lines, last 5m — 7 Dec 2026 14:02:30"), so the image still explains itself
// once it is pasted into a report, far from the toolbar that named the symbols.
class ChartImage {
public:
    // The strip's height for the application font, in device-independent pixels.
    static int titleHeight();
    // `plot` (at its device pixel ratio) below `title`, in the chart's colours (Base, Text).
    static QImage compose(const QPixmap &plot, const QString &title, const QPalette &palette);
};

} // namespace sb::ui
