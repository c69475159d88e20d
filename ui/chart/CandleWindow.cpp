#include "ui/chart/CandleWindow.h"

#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QPen>
#include <cmath>

namespace sb::ui {

namespace {

bool sameValues(const models::OhlcBar &a, const models::OhlcBar &b)
{
    return a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close;
}

} // namespace

CandleWindow::CandleWindow(QCandlestickSeries *series)
    : m_series(series)
    , m_up(Qt::darkGreen)
    , m_down(Qt::red)
{
}

models::SeriesStore::Timeframe CandleWindow::timeframeFor(qint64 windowMs)
{
    using Timeframe = models::SeriesStore::Timeframe;
    return windowMs <= MaxCandles * models::SeriesStore::timeframeMs(Timeframe::OneSecond)
        ? Timeframe::OneSecond
        : Timeframe::OneMinute;
}

double CandleWindow::centreMs(const models::OhlcBar &bar, qint64 barMs)
{
    return double(bar.startMs + barMs / 2);
}

void CandleWindow::setColours(const QColor &up, const QColor &down)
{
    m_up = up;
    m_down = down;
    const QList<QCandlestickSet *> sets = m_series->sets();
    for (int i = 0; i < sets.size() && i < m_bars.size(); ++i)
        paint(sets.at(i), m_bars.at(i));
}

void CandleWindow::paint(QCandlestickSet *set, const models::OhlcBar &bar) const
{
    // Per set, so the wick has the body's colour (the series pen would draw every wick alike).
    const QColor colour = bar.close >= bar.open ? m_up : m_down;
    if (set->brush().color() == colour)
        return;
    set->setBrush(colour);
    set->setPen(QPen(colour, 1));
}

QCandlestickSet *CandleWindow::makeSet(const models::OhlcBar &bar) const
{
    auto *set = new QCandlestickSet(bar.open, bar.high, bar.low, bar.close, centreMs(bar, m_barMs));
    paint(set, bar);
    return set;
}

bool CandleWindow::sameBuckets(const QList<models::OhlcBar> &bars, qint64 barMs) const
{
    if (barMs != m_barMs || bars.size() != m_bars.size())
        return false;
    for (qsizetype i = 0; i < bars.size(); ++i) {
        if (bars.at(i).startMs != m_bars.at(i).startMs)
            return false;
    }
    return true;
}

CandleWindow::Change CandleWindow::show(const QList<models::OhlcBar> &bars, qint64 barMs)
{
    if (!sameBuckets(bars, barMs)) {
        m_barMs = barMs;
        m_bars = bars;
        m_series->clear(); // deletes the old sets
        QList<QCandlestickSet *> sets;
        sets.reserve(bars.size());
        for (const models::OhlcBar &bar : bars)
            sets.append(makeSet(bar));
        m_series->append(sets); // one insertion for all, not one per set
        ++m_rebuilds;
        return Change::Rebuilt;
    }
    // Usually only the last bar differs; a late tick can touch an older one.
    Change change = Change::None;
    const QList<QCandlestickSet *> sets = m_series->sets();
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const models::OhlcBar &bar = bars.at(i);
        if (sameValues(bar, m_bars.at(i)))
            continue;
        QCandlestickSet *set = sets.at(i);
        set->setOpen(bar.open);
        set->setHigh(bar.high);
        set->setLow(bar.low);
        set->setClose(bar.close);
        paint(set, bar);
        m_bars[i] = bar;
        change = Change::Updated;
    }
    return change;
}

void CandleWindow::clear()
{
    if (!m_bars.isEmpty() || m_series->count() > 0)
        m_series->clear();
    m_bars.clear();
    m_barMs = 0;
}

int CandleWindow::nearestIndex(double ms) const
{
    int best = -1;
    double bestDistance = 0;
    // ≤ 300 bars, and only on mouse moves: a linear scan is plenty.
    for (int i = 0; i < m_bars.size(); ++i) {
        const double distance = std::abs(centreMs(m_bars.at(i), m_barMs) - ms);
        if (best < 0 || distance < bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace sb::ui
