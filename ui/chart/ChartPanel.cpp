#include "ui/chart/ChartPanel.h"

#include "models/SeriesStore.h"
#include "ui/Theme.h"
#include "ui/chart/ChartCsv.h"
#include "ui/chart/ChartImage.h"
#include "ui/chart/ChartToolbar.h"
#include "ui/chart/ChartView.h"
#include "ui/chart/CrosshairLocator.h"

#include <QCandlestickSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDir>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMessageBox>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <iterator>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;
constexpr qint64 FiveMinutes = 5 * 60 * 1000;
constexpr float StaleAlpha = 0.35f;

// Line colours: none is green or red, which mean up and down elsewhere in the app; each has a
// lighter twin that keeps its contrast on the dark background.
QColor seriesColour(int index)
{
    // blue, amber, violet, teal, pink, cyan, slate, brown
    static const QRgb light[] = { 0x2563eb, 0xd97706, 0x7c3aed, 0x0d9488, 0xdb2777, 0x0891b2,
        0x475569, 0x92400e };
    static const QRgb dark[] = { 0x60a5fa, 0xfbbf24, 0xa78bfa, 0x2dd4bf, 0xf472b6, 0x22d3ee,
        0x94a3b8, 0xd6a06c };
    static_assert(std::size(light) == ChartPanel::MaxSeries && std::size(dark) == std::size(light));
    return QColor(Theme::isDark() ? dark[index % std::size(dark)] : light[index % std::size(light)]);
}

// Time labels: seconds matter only in the short windows.
QString timeFormat(qint64 windowMs)
{
    return windowMs <= FiveMinutes ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
}

} // namespace

ChartPanel::ChartPanel(models::SeriesStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_plotter(store)
    , m_chart(new QChart)
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
    , m_candles(new QCandlestickSeries)
    , m_candleWindow(m_candles)
    , m_toolbar(new ChartToolbar(this))
    , m_view(new ChartView(m_chart, this)) // owns the chart, which owns series and axes
    , m_windowMs(FiveMinutes)
{
    // Each replace() would restart a 1 s animation: only the left ~12 % of a live line would
    // ever be drawn (DESIGN.md).
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(G, G / 2, G, 0));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setVisible(false);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignRight); // prices on the right, as trading charts do
    m_axisX->setFormat(timeFormat(m_windowMs));
    m_axisY->setTickType(QValueAxis::TicksDynamic); // round steps, whatever the range
    m_axisY->setLabelFormat(QStringLiteral("%.2f"));

    for (int i = 0; i < MaxSeries; ++i) {
        auto *series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        m_lines.append(series);
    }
    m_candles->setBodyWidth(0.7);
    m_candles->setMinimumColumnWidth(1); // 300 candles in ~900 px are 3 px each
    m_candles->setCapsVisible(false);
    m_chart->addSeries(m_candles);
    m_candles->attachAxis(m_axisX);
    m_candles->attachAxis(m_axisY);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_view, 1);

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setInterval(FrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    m_frameClock.start();
    connect(&m_frameTimer, &QTimer::timeout, this, &ChartPanel::drawFrame);

    connect(m_toolbar, &ChartToolbar::windowChosen, this, &ChartPanel::setWindowMs);
    connect(m_toolbar, &ChartToolbar::modeChosen, this, &ChartPanel::setMode);
    connect(m_toolbar, &ChartToolbar::pauseToggled, this, &ChartPanel::setPaused);
    connect(m_toolbar, &ChartToolbar::autoScaleToggled, this, &ChartPanel::setAutoScale);
    connect(m_toolbar, &ChartToolbar::exportPngRequested, this,
        [this](const QString &file) { reportExport(exportPng(file), file); });
    connect(m_toolbar, &ChartToolbar::exportCsvRequested, this,
        [this](const QString &file) { reportExport(exportCsv(file), file); });
    connect(m_view, &ChartView::hovered, this, &ChartPanel::onHovered);
    connect(m_view, &ChartView::hoverLeft, this, &ChartPanel::onHoverLeft);
    connect(m_view, &ChartView::plotAreaResized, this, [this] {
        // About one time label per 112 px, so "HH:mm:ss" labels never touch.
        m_axisX->setTickCount(qBound(2, plotWidth() / (14 * G) + 1, 9));
        invalidateView();
    });

    m_toolbar->setWindowMs(m_windowMs);
    m_toolbar->setMode(m_mode);
    m_toolbar->setAutoScale(m_autoScale);
    restyle();
    setSymbols({});
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setSymbols(const QStringList &symbols)
{
    QStringList chosen;
    QStringList refused;
    for (const QString &symbol : symbols) {
        if (symbol.isEmpty() || chosen.contains(symbol) || refused.contains(symbol))
            continue;
        (chosen.size() < MaxSeries ? chosen : refused).append(symbol);
    }
    setLimitNotice(refused);
    if (chosen == m_symbols && !m_symbols.isEmpty())
        return;
    m_symbols = chosen;
    for (int i = 0; i < MaxSeries; ++i)
        m_lines.at(i)->setName(m_symbols.value(i));
    m_candles->setName(m_symbols.value(0));
    updateTitle();
    clearPlot();
    m_yRange.reset(); // another symbol's prices say nothing about these
    m_view->resetValueLabelWidth();
    updateLegend();
    updateHints(false); // at once: the empty state should not wait for a frame
    invalidateView();
    emit symbolsChanged(m_symbols);
}

void ChartPanel::setLimitNotice(const QStringList &refused)
{
    const QString text = refused.isEmpty()
        ? QString()
        : tr("Not charted: %1. The chart compares up to %2 symbols.")
              .arg(refused.join(QStringLiteral(", ")))
              .arg(MaxSeries);
    if (text == m_view->notice())
        return;
    m_view->setNotice(text);
    if (!text.isEmpty())
        emit message(text);
}

QString ChartPanel::notice() const
{
    return m_view->notice();
}

void ChartPanel::ticksArrived()
{
    m_dataDirty = true;
    if (!m_paused)
        scheduleFrame();
}

void ChartPanel::setWindowMs(qint64 windowMs)
{
    if (windowMs <= 0 || windowMs == m_windowMs)
        return;
    m_windowMs = windowMs;
    m_toolbar->setWindowMs(windowMs);
    m_axisX->setFormat(timeFormat(windowMs));
    emit windowMsChanged(windowMs);
    invalidateView();
}

void ChartPanel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_toolbar->setMode(mode);
    updateTitle();
    clearPlot();
    m_yRange.reset(); // candles span highs and lows the line's extremes may not
    updateLegend();
    emit modeChanged(mode);
    invalidateView();
}

void ChartPanel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_toolbar->setPaused(paused);
    // Antialiasing costs ~3× while live; a still chart can afford it and reads better.
    m_view->setRenderHint(QPainter::Antialiasing, paused);
    updateHints(m_shownNowMs != 0);
    emit pausedChanged(paused);
    if (!paused && m_dataDirty)
        scheduleFrame(); // catch up with everything that came while paused
}

void ChartPanel::setAutoScale(bool on)
{
    if (on == m_autoScale)
        return;
    m_autoScale = on;
    m_toolbar->setAutoScale(on);
    if (on)
        invalidateView();
}

void ChartPanel::invalidateView()
{
    m_viewDirty = true;
    scheduleFrame();
}

void ChartPanel::scheduleFrame()
{
    if (m_frameTimer.isActive())
        return;
    // Frames keep their own rhythm, on a grid of FrameIntervalMs: not one interval after the
    // first tick that follows a frame, and a late frame does not push the next ones back. Under
    // a steady feed the old way drew 26–27 fps instead of 30 (the ingest benchmark).
    const qint64 wait = m_nextFrameDue - m_frameClock.elapsed();
    m_frameTimer.start(int(qBound(qint64(0), wait, qint64(FrameIntervalMs))));
}

int ChartPanel::plotWidth() const
{
    return int(m_chart->plotArea().width());
}

void ChartPanel::drawFrame()
{
    if (!m_viewDirty && (!m_dataDirty || m_paused))
        return;
    const int pixelWidth = plotWidth();
    if (!isVisible() || pixelWidth < 2)
        return; // stays dirty: showEvent and the first layout schedule the frame
    m_viewDirty = false;
    m_dataDirty = m_paused && m_dataDirty; // paused, the ticks still wait to be shown

    const qint64 nowMs =
        m_paused && m_shownNowMs != 0 ? m_shownNowMs : m_plotter.newestMs(m_symbols);
    if (nowMs == 0) { // no symbol, or no tick yet
        clearPlot();
        updateHints(false);
        return;
    }
    m_shownNowMs = nowMs;
    const qint64 frameAt = m_frameClock.elapsed();
    m_nextFrameDue = frameAt - m_nextFrameDue < FrameIntervalMs ? m_nextFrameDue + FrameIntervalMs
                                                                 : frameAt + FrameIntervalMs;
    if (m_mode == Mode::Line)
        drawLines(nowMs, pixelWidth);
    else
        drawCandles(nowMs);
    ++m_framesDrawn;
    updateHints(true);
    updateCrosshair(); // the data moved under a still mouse
}

void ChartPanel::drawLines(qint64 nowMs, int pixelWidth)
{
    LineFrame frame = m_plotter.plot(m_symbols, m_windowMs, nowMs, pixelWidth);
    const bool xChanged = frame.fromMs != m_shownFromMs || frame.toMs != m_shownToMs;
    const bool yChanged = frame.hasPoints && (m_autoScale || !m_yRange.isValid())
        && m_yRange.fit(frame.minY, frame.maxY);
    // Every setRange() recomputes every attached series: empty them first, so the ranges
    // change over nothing, then fill each once (DESIGN.md, "Live charts").
    if (xChanged || yChanged) {
        for (QLineSeries *series : std::as_const(m_lines)) {
            if (series->count() > 0)
                series->replace(QList<QPointF>());
        }
    }
    if (xChanged)
        setTimeRange(frame.fromMs, frame.toMs);
    if (yChanged)
        applyValueRange();
    for (int i = 0; i < frame.series.size(); ++i)
        m_lines.at(i)->replace(frame.series.at(i));
    m_lastFrame = std::move(frame);
}

void ChartPanel::drawCandles(qint64 nowMs)
{
    const models::SeriesStore::Timeframe timeframe = CandleWindow::timeframeFor(m_windowMs);
    const qint64 barMs = models::SeriesStore::timeframeMs(timeframe);
    const qint64 barCount = (m_windowMs + barMs - 1) / barMs;
    const qint64 toMs = models::SeriesStore::bucketStart(nowMs, barMs) + barMs;
    const qint64 fromMs = toMs - barCount * barMs;
    const QList<models::OhlcBar> bars =
        m_store.bars(m_symbols.first(), timeframe, fromMs, toMs - 1);
    m_candleWindow.show(bars, barMs);

    setTimeRange(fromMs, toMs);
    if (bars.isEmpty() || (!m_autoScale && m_yRange.isValid()))
        return;
    double low = bars.first().low;
    double high = bars.first().high;
    for (const models::OhlcBar &bar : bars) {
        low = qMin(low, bar.low);
        high = qMax(high, bar.high);
    }
    if (m_yRange.fit(low, high))
        applyValueRange();
}

void ChartPanel::clearPlot()
{
    for (QLineSeries *series : std::as_const(m_lines)) {
        if (series->count() > 0)
            series->replace(QList<QPointF>());
    }
    m_candleWindow.clear();
    m_lastFrame = LineFrame();
    m_shownFromMs = m_shownToMs = m_shownNowMs = 0;
    m_view->hideCrosshair();
}

bool ChartPanel::setTimeRange(qint64 fromMs, qint64 toMs)
{
    if (fromMs == m_shownFromMs && toMs == m_shownToMs)
        return false;
    m_shownFromMs = fromMs;
    m_shownToMs = toMs;
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    return true;
}

void ChartPanel::applyValueRange()
{
    const double span = m_yRange.max() - m_yRange.min();
    const int targetTicks = qMax(2, int(m_chart->plotArea().height()) / (6 * G));
    const double step = AutoRange::niceStep(span, targetTicks);
    // Two decimals, as prices are quoted, unless the step needs more (a stock moving by cents
    // over a tight range); never so many that labels get wide.
    const int decimals = qBound(2, int(std::ceil(-std::log10(step))), 6);
    const QString format = QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f');
    m_axisY->setLabelFormat(format);
    m_axisY->setTickAnchor(std::floor(m_yRange.min() / step) * step);
    m_axisY->setTickInterval(step);
    m_axisY->setRange(m_yRange.min(), m_yRange.max());

    const QFontMetrics metrics(m_axisY->labelsFont());
    const int width =
        qMax(metrics.horizontalAdvance(QString::number(m_yRange.max(), 'f', decimals)),
            metrics.horizontalAdvance(QString::number(m_yRange.min(), 'f', decimals)));
    m_view->reserveValueLabelWidth(width);
}

void ChartPanel::updateHints(bool hasData)
{
    QString message;
    if (m_symbols.isEmpty())
        message = tr("Select a symbol in the watchlist");
    else if (!hasData)
        message = tr("Waiting for prices…");
    m_view->setMessage(message);
    updateBadge();
    // Without data the axes have no range of their own: their labels would read "00:00:00"
    // (the epoch) and "0.00" under the empty-state message.
    m_axisX->setLabelsVisible(message.isEmpty());
    m_axisY->setLabelsVisible(message.isEmpty());
}

void ChartPanel::updateBadge()
{
    QStringList parts;
    if (m_live.isStale())
        parts.append(m_live.text());
    if (m_paused)
        parts.append(tr("Paused — ▶ to resume"));
    m_view->setBadge(parts.join(QStringLiteral(" · ")));
}

void ChartPanel::setLive(bool live, qint64 lastLiveMs)
{
    const bool wasStale = m_live.isStale();
    m_live = LiveState { live, lastLiveMs };
    updateBadge();
    if (wasStale != m_live.isStale())
        restyle();
}

void ChartPanel::updateLegend()
{
    const bool lines = m_mode == Mode::Line;
    for (int i = 0; i < MaxSeries; ++i)
        m_lines.at(i)->setVisible(lines && i < m_symbols.size());
    m_candles->setVisible(!lines && !m_symbols.isEmpty());
    // A legend for one line only repeats the title; markers of unused series never show.
    const QList<QLegendMarker *> markers = m_chart->legend()->markers();
    for (QLegendMarker *marker : markers)
        marker->setVisible(marker->series()->isVisible() && marker->series() != m_candles);
    m_view->setLegendRowVisible(lines && m_symbols.size() > 1);
}

void ChartPanel::updateTitle()
{
    // Naming every selected symbol over one symbol's candles would say the chart shows them all.
    if (m_mode == Mode::Candles && m_symbols.size() > 1) {
        m_toolbar->setSymbols(m_symbols.mid(0, 1),
            tr("Candles show one symbol, the first selected; lines compare up to %1.").arg(MaxSeries));
    } else {
        m_toolbar->setSymbols(m_symbols);
    }
}

void ChartPanel::onHovered(const QPointF &scenePos)
{
    m_hovering = true;
    m_hoverPos = scenePos;
    updateCrosshair();
}

void ChartPanel::onHoverLeft()
{
    m_hovering = false;
    m_view->hideCrosshair();
}

void ChartPanel::updateCrosshair()
{
    if (!m_hovering)
        return;
    const QPointF chartPos = m_chart->mapFromScene(m_hoverPos);
    const std::optional<CrosshairLocator::Hit> hit = m_mode == Mode::Candles
        ? CrosshairLocator::nearestCandle(
            m_chart, m_candles, m_candleWindow, m_symbols.value(0), chartPos)
        : CrosshairLocator::nearestPoint(m_chart, m_lines, m_lastFrame, m_symbols, chartPos);
    if (hit)
        m_view->showCrosshair(m_chart->mapToScene(hit->chartPos), hit->text);
    else
        m_view->hideCrosshair();
}

QString ChartPanel::crosshairText() const
{
    return m_view->crosshairText();
}

QLineSeries *ChartPanel::lineSeries(int index) const
{
    return m_lines.value(index);
}

int ChartPanel::pointCount(int series) const
{
    const QLineSeries *line = lineSeries(series);
    return line ? line->count() : 0;
}

bool ChartPanel::exportPng(const QString &file)
{
    drawFrame(); // what is waiting for the next frame belongs in the picture (no-op if paused)
    const QPixmap shot = m_view->grab();
    return !shot.isNull() && ChartImage::compose(shot, exportTitle(), palette()).save(file, "PNG");
}

QString ChartPanel::exportTitle() const
{
    const QStringList drawn = m_mode == Mode::Candles ? m_symbols.mid(0, 1) : m_symbols;
    const QString what = drawn.isEmpty() ? tr("No symbol") : drawn.join(QStringLiteral(" · "));
    const QString how = m_mode == Mode::Candles ? tr("candles") : tr("lines");
    QString title = tr("%1 — %2, last %3 — %4")
                        .arg(what, how, ChartToolbar::windowLabel(m_windowMs),
                            QDateTime::currentDateTime().toString(QStringLiteral("d MMM yyyy HH:mm:ss")));
    if (m_live.isStale())
        title += QStringLiteral(" — ") + m_live.text();
    return title;
}

QList<QAction *> ChartPanel::menuActions() const
{
    return m_toolbar->menuActions();
}

bool ChartPanel::exportCsv(const QString &file)
{
    if (m_symbols.isEmpty())
        return false;
    drawFrame();
    qint64 fromMs = m_shownFromMs;
    qint64 toMs = m_shownToMs;
    if (toMs == 0) { // nothing drawn yet (hidden panel): the window up to the newest tick
        toMs = m_plotter.newestMs(m_symbols) + 1;
        fromMs = toMs - m_windowMs;
    }
    const QByteArray csv = m_mode == Mode::Line
        ? ChartCsv::ticks(m_store, m_symbols, fromMs, toMs - 1)
        : ChartCsv::bars(
            m_store, m_symbols.first(), CandleWindow::timeframeFor(m_windowMs), fromMs, toMs - 1);
    return ChartCsv::write(file, csv);
}

void ChartPanel::reportExport(bool ok, const QString &file)
{
    if (ok) {
        // Where it went: the dialog that chose the file is gone, and a default name is easy to lose.
        emit message(tr("Saved %1").arg(QDir::toNativeSeparators(file)));
        return;
    }
    QMessageBox::warning(this, tr("Export failed"),
        tr("Could not write %1.\nChoose a folder you can write to and try again.")
            .arg(QDir::toNativeSeparators(file)));
}

void ChartPanel::restyle()
{
    // Stale prices keep their hues (the legend still matches) but fade, as the watchlist's do.
    const auto shown = [this](QColor colour) {
        if (m_live.isStale())
            colour.setAlphaF(StaleAlpha);
        return colour;
    };
    for (int i = 0; i < MaxSeries; ++i) {
        QPen pen(shown(seriesColour(i)));
        pen.setWidth(1); // the default 2 px pen costs ~3× as much (DESIGN.md)
        m_lines.at(i)->setPen(pen);
    }
    m_candles->setIncreasingColor(shown(Theme::up()));
    m_candles->setDecreasingColor(shown(Theme::down()));
    m_candleWindow.setColours(shown(Theme::up()), shown(Theme::down()));
    m_view->applyPalette();
}

void ChartPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    invalidateView(); // frames are skipped while hidden
}

void ChartPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

} // namespace sb::ui
