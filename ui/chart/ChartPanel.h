#pragma once

#include "ui/chart/AutoRange.h"
#include "ui/chart/CandleWindow.h"
#include "ui/chart/ChartMode.h"
#include "ui/chart/LinePlotter.h"
#include "ui/LiveState.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QCandlestickSeries;
class QChart;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace sb::models {
class SeriesStore;
}

namespace sb::ui {

class ChartToolbar;
class ChartView;

// The live chart: up to eight symbols as lines, or the first as candles, over a window of the
// last 1 min to 1 h. Ingest and drawing are apart (DESIGN.md, "Live charts"): ticks go into the
// SeriesStore as they come, ticksArrived() only marks the chart dirty, and a 33 ms timer draws
// at most one frame when something changed — decimated to ≤ 2 points per pixel column
// (LinePlotter), one replace() per series, ≤ 300 candles updated in place (CandleWindow), axis
// ranges touched only when they really change. Paused, ticks still reach the store but the chart
// holds still; resuming catches up in one frame.
class ChartPanel : public QWidget {
    Q_OBJECT

public:
    using Mode = ChartMode;
    // The live-chart recipe (DESIGN.md) holds 8 series at 30 fps: 1 px pens, 2 points per pixel
    // column, antialiasing off while live. More are refused with a notice, never silently.
    static constexpr int MaxSeries = 8;
    static constexpr int FrameIntervalMs = 33; // ~30 fps, the measured sweet spot

    explicit ChartPanel(models::SeriesStore &store, QWidget *parent = nullptr);
    ~ChartPanel() override;

    // The first MaxSeries are charted; the rest are named in notice() and message().
    void setSymbols(const QStringList &symbols);
    QStringList symbols() const { return m_symbols; }

    // New ticks are in the store: redraw on the next frame (never here).
    void ticksArrived();

    void setWindowMs(qint64 windowMs);
    qint64 windowMs() const { return m_windowMs; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void setAutoScale(bool on);
    bool autoScale() const { return m_autoScale; }
    // Not live (the session is disconnected): lines and candles greyed and "Not live — last
    // update 14:02" over the plot, until live again.
    void setLive(bool live, qint64 lastLiveMs);
    bool isStale() const { return m_live.isStale(); }

    // The chart view as an image of its size; the visible window's raw ticks (line) or bars
    // (candles) as CSV with a header line. False when nothing could be written.
    bool exportPng(const QString &file); // under a title strip: exportTitle()
    // What the picture shows: symbols drawn, lines or candles, the window, when, and "Not live"
    // when it is not.
    QString exportTitle() const;
    bool exportCsv(const QString &file);
    // The toolbar's export, auto-scale and pause actions (nullptr: a separator), for menus.
    QList<QAction *> menuActions() const;

    // For tests and the ingest benchmark.
    int framesDrawn() const { return m_framesDrawn; }
    QString crosshairText() const;
    QString notice() const; // on the chart: why it is not what was asked for
    ChartView *chartView() const { return m_view; }
    QLineSeries *lineSeries(int index) const;
    int pointCount(int series) const;
    QCandlestickSeries *candleSeries() const { return m_candles; }
    const CandleWindow &candleWindow() const { return m_candleWindow; }
    QDateTimeAxis *timeAxis() const { return m_axisX; }
    QValueAxis *valueAxis() const { return m_axisY; }
    int plotWidth() const;

signals:
    void windowMsChanged(qint64 windowMs);
    void modeChanged(sb::ui::ChartMode mode);
    void pausedChanged(bool paused);
    void symbolsChanged(const QStringList &symbols);
    // Something to tell the user once, in the status bar: a symbol over the limit, where an
    // export was saved.
    void message(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void invalidateView(); // the view itself changed: draw even while paused
    void scheduleFrame();
    void drawFrame();
    void drawLines(qint64 nowMs, int pixelWidth);
    void drawCandles(qint64 nowMs);
    void clearPlot();
    bool setTimeRange(qint64 fromMs, qint64 toMs); // true when it changed
    void applyValueRange();
    void updateHints(bool hasData);
    void updateBadge(); // paused, not live, or both
    void updateLegend();
    void setLimitNotice(const QStringList &refused); // the symbols over MaxSeries, if any
    void updateTitle(); // the symbols really drawn: candles show only the first
    void updateCrosshair();
    void onHovered(const QPointF &scenePos);
    void onHoverLeft();
    void restyle();
    void reportExport(bool ok, const QString &file); // a message box when it failed

    models::SeriesStore &m_store;
    LinePlotter m_plotter;
    QChart *m_chart;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    QCandlestickSeries *m_candles;
    CandleWindow m_candleWindow;
    QList<QLineSeries *> m_lines;
    ChartToolbar *m_toolbar;
    ChartView *m_view;
    QTimer m_frameTimer;
    QElapsedTimer m_frameClock;
    qint64 m_nextFrameDue = 0; // m_frameClock ms when the next frame may be drawn
    AutoRange m_yRange;

    QStringList m_symbols;
    qint64 m_windowMs;
    Mode m_mode = Mode::Line;
    bool m_paused = false;
    bool m_autoScale = true;
    LiveState m_live;
    bool m_dataDirty = false;
    bool m_viewDirty = true;
    int m_framesDrawn = 0;

    LineFrame m_lastFrame; // what the line series show, for the crosshair
    qint64 m_shownFromMs = 0; // the X range on screen
    qint64 m_shownToMs = 0;
    qint64 m_shownNowMs = 0; // the "now" of the last frame; frozen while paused
    bool m_hovering = false;
    QPointF m_hoverPos;
};

} // namespace sb::ui
