#pragma once

#include "models/OhlcBar.h"
#include "models/SeriesStore.h"

#include <QColor>
#include <QList>

QT_BEGIN_NAMESPACE
class QCandlestickSeries;
class QCandlestickSet;
QT_END_NAMESPACE

namespace sb::ui {

// Keeps a QCandlestickSeries showing a list of bars with as little churn as possible. Every
// QCandlestickSet is a QObject and a rebuild re-lays out all of them, so: when only values
// changed (the live last candle, or a late tick in an older one) the sets are updated in place;
// the series is rebuilt only when the list of bar start times changes (a new bar began, or the
// window, timeframe or symbol changed). Candle colours follow the direction, per set.
class CandleWindow {
public:
    enum class Change { None, Updated, Rebuilt };

    explicit CandleWindow(QCandlestickSeries *series);

    // The timeframe for a window, chosen so at most 300 candles are visible (DESIGN.md: 300
    // candles cost 0.25 core, 1000 up to 0.9): 1 s bars up to a 5 min window (60–300 candles),
    // 1 min bars above (15 candles for 15 min, 60 for 1 h). Five-minute bars would leave a 1 h
    // window with only 12 candles.
    static models::SeriesStore::Timeframe timeframeFor(qint64 windowMs);
    static constexpr int MaxCandles = 300;

    Change show(const QList<models::OhlcBar> &bars, qint64 barMs);
    void clear();

    const QList<models::OhlcBar> &bars() const { return m_bars; }
    qint64 barMs() const { return m_barMs; }
    int rebuildCount() const { return m_rebuilds; }
    // The bar whose centre is closest to `ms`, -1 when there is none.
    int nearestIndex(double ms) const;
    // Where a bar's candle is centred on the time axis: the middle of its bucket.
    static double centreMs(const models::OhlcBar &bar, qint64 barMs);

    void setColours(const QColor &up, const QColor &down);

private:
    bool sameBuckets(const QList<models::OhlcBar> &bars, qint64 barMs) const;
    QCandlestickSet *makeSet(const models::OhlcBar &bar) const;
    void paint(QCandlestickSet *set, const models::OhlcBar &bar) const;

    QCandlestickSeries *m_series;
    QList<models::OhlcBar> m_bars; // what the sets show, index for index
    qint64 m_barMs = 0;
    int m_rebuilds = 0;
    QColor m_up;
    QColor m_down;
};

} // namespace sb::ui
