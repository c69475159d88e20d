// The chart panel driven as a user and the feed would: ticks into a real SeriesStore, then
// ticksArrived(), and the real widgets are checked once the next frame has been drawn.
#include "models/SeriesStore.h"
#include "MenuShot.h"
#include "ui/Theme.h"
#include "ui/chart/AutoRange.h"
#include "ui/chart/CandleWindow.h"
#include "ui/chart/ChartImage.h"
#include "ui/chart/ChartMenu.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartToolbar.h"
#include "ui/chart/ChartView.h"
#include "ui/chart/CrosshairReadout.h"
#include "ui/chart/LinePlotter.h"

#include <QApplication>
#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QToolButton>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

using namespace sb;
using sb::ui::ChartPanel;

namespace {

constexpr qint64 T0 = 1'700'000'000'000; // a fixed start, so every run sees the same times
constexpr qint64 Minute = 60'000;

// A deterministic random walk: `count` ticks `stepMs` apart starting at `fromMs`.
qint64 feed(models::SeriesStore &store, const QString &symbol, int count, qint64 fromMs,
    qint64 stepMs, double start = 100.0)
{
    double price = store.contains(symbol) ? store.lastPrice(symbol) : start;
    quint32 seed = quint32(qHash(symbol)) ^ quint32(fromMs);
    for (int i = 0; i < count; ++i) {
        seed = seed * 1664525u + 1013904223u;
        price = qMax(1.0, price + (double(seed >> 8) / double(1u << 24) - 0.5) * 0.4);
        store.append(client::MarketTick { symbol, price, 10, fromMs + i * stepMs });
    }
    return fromMs + qint64(count) * stepMs;
}

// How much of the plot's width row `y` of the image draws over the background: 1 for the time
// axis' line, a few percent for a row crossed only by the vertical grid lines.
double rowCoverage(const QImage &image, int y, int left, int right, QRgb background)
{
    if (y < 0 || y >= image.height())
        return 0;
    int drawn = 0;
    for (int x = left; x < right; ++x)
        drawn += image.pixel(x, y) != background;
    return double(drawn) / qMax(1, right - left);
}

double lastX(const QLineSeries *series)
{
    return series->count() ? series->at(series->count() - 1).x() : 0;
}

} // namespace

class TestChartPanel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyStateAsksForASymbol();
    void pointCountGrowsWithTicks();
    void twentyThousandTicksInOneFrame();
    void pauseHoldsAndResumeCatchesUp();
    void windowSwitchChangesTimeRange();
    void eightSymbolsChartedANinthRefusedAloud();
    void candlesAreBoundedAndLastCloseIsLive();
    void candlesTitleNamesTheirOneSymbol();
    void shrinkingKeepsTheTimeAxisInView();
    void autoScaleFollowsOrHolds();
    void staleWhileNotLive();
    void exportPngWritesTheChartImage();
    void exportCsvWritesHeaderAndRows();
    void contextMenuUsesTheToolbarActions();
    void crosshairReadsTheNearestPoint();
    void crosshairReadoutStaysInThePlot();
    void crosshairReadoutPlacement();
    void crosshairReadoutContent();

    void plotterSnapsToPixelColumns();
    void autoRangeReRangesOnlyWhenNeeded();
    void candleTimeframeKeepsCountBounded();

private:
    void showPanel(int width = 900, int height = 560);

    models::SeriesStore *m_store = nullptr;
    ChartPanel *m_panel = nullptr;
};

void TestChartPanel::init()
{
    m_store = new models::SeriesStore;
    m_panel = new ChartPanel(*m_store);
}

void TestChartPanel::cleanup()
{
    delete m_panel;
    delete m_store;
}

void TestChartPanel::showPanel(int width, int height)
{
    m_panel->resize(width, height);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    QTRY_VERIFY(m_panel->plotWidth() > 100);
}

void TestChartPanel::emptyStateAsksForASymbol()
{
    showPanel();
    QCOMPARE(m_panel->chartView()->message(), QStringLiteral("Select a symbol in the watchlist"));
    QVERIFY(!m_panel->timeAxis()->labelsVisible()); // no "00:00:00" under the message
    QVERIFY(!m_panel->valueAxis()->labelsVisible());
    m_panel->setSymbols({ "NVDA" });
    QTRY_COMPARE(m_panel->chartView()->message(), QStringLiteral("Waiting for prices…"));
    QVERIFY(!m_panel->timeAxis()->labelsVisible());
    feed(*m_store, "NVDA", 10, T0, 100);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->chartView()->message().isEmpty());
    QVERIFY(m_panel->timeAxis()->labelsVisible());
    QVERIFY(m_panel->valueAxis()->labelsVisible());
}

void TestChartPanel::pointCountGrowsWithTicks()
{
    showPanel();
    m_panel->setSymbols({ "NVDA" });
    qint64 t = feed(*m_store, "NVDA", 50, T0, 500);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    const int before = m_panel->pointCount(0);
    feed(*m_store, "NVDA", 50, t, 500);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > before);
    QVERIFY(m_panel->pointCount(0) <= 2 * m_panel->plotWidth());
    QCOMPARE(m_panel->lineSeries(0)->name(), QStringLiteral("NVDA"));
    QCOMPARE(m_panel->lineSeries(0)->pen().width(), 1);
    QCOMPARE(m_panel->chartView()->chart()->animationOptions(), QChart::NoAnimation);
    QVERIFY(!m_panel->chartView()->chart()->legend()->isVisible()); // one series: no legend
}

void TestChartPanel::twentyThousandTicksInOneFrame()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    QTRY_VERIFY(!m_panel->chartView()->message().isEmpty());
    const int frames = m_panel->framesDrawn();
    feed(*m_store, "NVDA", 20'000, T0, 3); // 20,000 ticks inside one minute, in one go
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->framesDrawn() > frames);
    QVERIFY(m_panel->pointCount(0) > m_panel->plotWidth() / 2);
    QVERIFY(m_panel->pointCount(0) <= 2 * m_panel->plotWidth());
}

void TestChartPanel::pauseHoldsAndResumeCatchesUp()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    qint64 t = feed(*m_store, "NVDA", 100, T0, 100);
    m_panel->ticksArrived();
    QTRY_COMPARE(lastX(m_panel->lineSeries(0)), double(t - 100));

    m_panel->setPaused(true);
    QVERIFY(m_panel->isPaused());
    QVERIFY(m_panel->chartView()->badge().contains(QStringLiteral("Paused")));
    const int frames = m_panel->framesDrawn();
    const int count = m_panel->pointCount(0);
    for (int i = 0; i < 5; ++i) { // the feed goes on, across several frame intervals
        t = feed(*m_store, "NVDA", 40, t, 100);
        m_panel->ticksArrived();
        QTest::qWait(ChartPanel::FrameIntervalMs * 2);
    }
    QCOMPARE(m_panel->framesDrawn(), frames);
    QCOMPARE(m_panel->pointCount(0), count);
    QVERIFY(lastX(m_panel->lineSeries(0)) < double(t - 100));
    QCOMPARE(m_store->tickCount("NVDA"), 300); // the data kept arriving

    m_panel->setPaused(false);
    QVERIFY(m_panel->chartView()->badge().isEmpty());
    QTRY_COMPARE(lastX(m_panel->lineSeries(0)), double(t - 100));
    QVERIFY(m_panel->pointCount(0) > count);
}

void TestChartPanel::windowSwitchChangesTimeRange()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 2000, T0, 1000); // 33 minutes of ticks
    m_panel->ticksArrived();
    const auto span = [this] {
        return m_panel->timeAxis()->min().msecsTo(m_panel->timeAxis()->max());
    };
    const auto column = [this](qint64 window) {
        return ui::LinePlotter::columnMs(window, m_panel->plotWidth());
    };
    QTRY_VERIFY(m_panel->framesDrawn() > 0);
    QVERIFY(span() >= Minute && span() < Minute + m_panel->plotWidth() * column(Minute));

    m_panel->setWindowMs(15 * Minute);
    QCOMPARE(m_panel->windowMs(), 15 * Minute);
    QTRY_VERIFY(span() >= 15 * Minute);
    QVERIFY(span() < 15 * Minute + m_panel->plotWidth() * column(15 * Minute));
    QVERIFY(m_panel->pointCount(0) <= 2 * m_panel->plotWidth());
    // The newest tick sits at the right edge: "now" comes from the data.
    QVERIFY(m_panel->timeAxis()->max().toMSecsSinceEpoch() >= m_store->session("NVDA").closeTs);
}

void TestChartPanel::eightSymbolsChartedANinthRefusedAloud()
{
    showPanel();
    // Eight charted (the live-chart recipe's measured limit), each in a colour of its own.
    const QStringList eight { "NVDA", "AAPL", "MSFT", "TSLA", "AMZN", "META", "GOOG", "NFLX" };
    QSignalSpy messages(m_panel, &ChartPanel::message);
    m_panel->setSymbols(eight);
    QCOMPARE(ChartPanel::MaxSeries, 8);
    QCOMPARE(m_panel->symbols(), eight);
    QVERIFY(m_panel->notice().isEmpty());
    QCOMPARE(messages.count(), 0);
    for (const QString &symbol : m_panel->symbols())
        feed(*m_store, symbol, 200, T0, 250, 100 + symbol.size());
    m_panel->ticksArrived();
    QSet<QRgb> colours;
    for (int i = 0; i < 8; ++i) {
        QTRY_VERIFY(m_panel->pointCount(i) > 0);
        QVERIFY(m_panel->lineSeries(i)->isVisible());
        colours.insert(m_panel->lineSeries(i)->pen().color().rgb());
    }
    QCOMPARE(colours.size(), 8);
    QVERIFY(m_panel->chartView()->chart()->legend()->isVisible());

    // A ninth is said to be left out, on the chart and once in the status bar; not silently.
    m_panel->setSymbols(eight + QStringList { "ORCL" });
    QCOMPARE(m_panel->symbols(), eight);
    QVERIFY2(m_panel->notice().contains("ORCL") && m_panel->notice().contains("8"),
        qPrintable(m_panel->notice()));
    QCOMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), m_panel->notice());
    m_panel->setSymbols(eight + QStringList { "ORCL" }); // the same again: no repeat
    QCOMPARE(messages.count(), 1);

    m_panel->setSymbols({ "NVDA" });
    QVERIFY(m_panel->notice().isEmpty());
    QTRY_COMPARE(m_panel->pointCount(1), 0);
    QVERIFY(!m_panel->chartView()->chart()->legend()->isVisible());
}

void TestChartPanel::candlesTitleNamesTheirOneSymbol()
{
    showPanel();
    QLabel *title = nullptr;
    for (QLabel *label : m_panel->findChildren<QLabel *>()) {
        if (label->accessibleName() == QStringLiteral("Charted symbols"))
            title = label;
    }
    QVERIFY(title);
    m_panel->setSymbols({ "NVDA", "AAPL", "MSFT" });
    QCOMPARE(title->text(), QStringLiteral("NVDA · AAPL · MSFT"));
    m_panel->setMode(ChartPanel::Mode::Candles);
    QCOMPARE(title->text(), QStringLiteral("NVDA")); // the candles drawn are NVDA's alone
    QVERIFY(!title->toolTip().isEmpty());
    m_panel->setMode(ChartPanel::Mode::Line);
    QCOMPARE(title->text(), QStringLiteral("NVDA · AAPL · MSFT"));
}

void TestChartPanel::shrinkingKeepsTheTimeAxisInView()
{
    showPanel(900, 560);
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 200, T0, 250);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    // Smaller: the chart is laid out for the new plot area, so its time axis (a line along the
    // plot's bottom, with the time labels under it) is where the plot ends, not below the view.
    m_panel->resize(900, 400);
    QTRY_COMPARE(m_panel->height(), 400);
    ui::ChartView *view = m_panel->chartView();
    QCoreApplication::processEvents();
    const QRectF plot = view->chart()->plotArea();
    QVERIFY(plot.bottom() < view->height());
    const QImage image = view->grab().toImage();
    const QRgb background = image.pixel(1, 1);
    const int left = int(plot.left()) + 4;
    const int right = int(plot.right()) - 4;
    double axis = 0;
    for (int y = int(plot.bottom()) - 1; y <= int(plot.bottom()) + 1; ++y)
        axis = qMax(axis, rowCoverage(image, y, left, right, background));
    QVERIFY2(axis > 0.9, qPrintable(QString::number(axis)));
}

void TestChartPanel::candlesAreBoundedAndLastCloseIsLive()
{
    showPanel();
    m_panel->setSymbols({ "NVDA" });
    m_panel->setMode(ChartPanel::Mode::Candles);
    QCOMPARE(m_panel->mode(), ChartPanel::Mode::Candles);
    m_panel->setWindowMs(5 * Minute);
    qint64 t = feed(*m_store, "NVDA", 3000, T0, 200); // 10 minutes
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->candleSeries()->count() > 0);
    QVERIFY(m_panel->candleSeries()->count() <= ui::CandleWindow::MaxCandles);
    QCOMPARE(m_panel->pointCount(0), 0); // the line is not drawn under the candles
    const auto lastClose = [this] {
        const QList<QCandlestickSet *> sets = m_panel->candleSeries()->sets();
        return sets.isEmpty() ? 0.0 : sets.last()->close();
    };
    QCOMPARE(lastClose(), m_store->lastPrice("NVDA"));

    // A tick in the current second changes the last candle in place, without a rebuild.
    const int rebuilds = m_panel->candleWindow().rebuildCount();
    const int frames = m_panel->framesDrawn();
    m_store->append(client::MarketTick { "NVDA", lastClose() + 1.5, 1, t - 200 + 50 });
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->framesDrawn() > frames);
    QCOMPARE(lastClose(), m_store->lastPrice("NVDA"));
    QCOMPARE(m_panel->candleWindow().rebuildCount(), rebuilds);

    // A new second starts a new candle: the window is rebuilt once.
    m_store->append(client::MarketTick { "NVDA", 120.0, 1, t + 1000 });
    m_panel->ticksArrived();
    QTRY_COMPARE(lastClose(), 120.0);
    QCOMPARE(m_panel->candleWindow().rebuildCount(), rebuilds + 1);

    m_panel->setWindowMs(60 * Minute); // 1-minute candles now
    QTRY_VERIFY(m_panel->candleWindow().barMs() == Minute);
    QVERIFY(m_panel->candleSeries()->count() <= 60);
    QCOMPARE(lastClose(), 120.0);
}

void TestChartPanel::autoScaleFollowsOrHolds()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    qint64 t = feed(*m_store, "NVDA", 100, T0, 100);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    const double low = m_panel->valueAxis()->min();
    const double high = m_panel->valueAxis()->max();
    QVERIFY(m_store->sessionLow("NVDA") >= low && m_store->sessionHigh("NVDA") <= high);

    m_panel->setAutoScale(false);
    m_store->append(client::MarketTick { "NVDA", high + 50, 1, t });
    m_panel->ticksArrived();
    QTRY_COMPARE(lastX(m_panel->lineSeries(0)), double(t));
    QCOMPARE(m_panel->valueAxis()->max(), high); // held where it was

    m_panel->setAutoScale(true);
    QTRY_VERIFY(m_panel->valueAxis()->max() > high + 50);
    QVERIFY(m_panel->valueAxis()->max() < high + 50 + 0.2 * (high + 50 - low));
}

void TestChartPanel::staleWhileNotLive()
{
    showPanel();
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 300, T0, 200);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    const QColor liveColour = m_panel->lineSeries(0)->pen().color();
    QCOMPARE(liveColour.alphaF(), 1.0f);

    const QDateTime at(QDate::currentDate(), QTime(14, 2, 30));
    m_panel->setLive(false, at.toMSecsSinceEpoch());
    QVERIFY(m_panel->isStale());
    QCOMPARE(m_panel->chartView()->badge(), QStringLiteral("Not live — last update 14:02"));
    QVERIFY(m_panel->lineSeries(0)->pen().color().alphaF() < 0.5f); // greyed
    m_panel->setPaused(true); // both said
    QVERIFY(m_panel->chartView()->badge().contains("last update 14:02"));
    QVERIFY(m_panel->chartView()->badge().contains("Paused"));
    m_panel->setPaused(false);
    m_panel->setMode(ChartPanel::Mode::Candles);
    QTRY_VERIFY(m_panel->candleSeries()->count() > 0);
    QVERIFY(m_panel->candleSeries()->increasingColor().alphaF() < 0.5f);

    m_panel->setLive(true, at.toMSecsSinceEpoch() + 60'000);
    QVERIFY(!m_panel->isStale());
    QVERIFY(m_panel->chartView()->badge().isEmpty());
    QCOMPARE(m_panel->candleSeries()->increasingColor().alphaF(), 1.0f);
    QCOMPARE(m_panel->lineSeries(0)->pen().color(), liveColour);
}

void TestChartPanel::exportPngWritesTheChartImage()
{
    showPanel();
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 300, T0, 200);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    QTemporaryDir dir;
    const QString file = dir.filePath("chart.png");
    QVERIFY(m_panel->exportPng(file));
    QVERIFY(QFileInfo(file).size() > 0);
    const QImage image(file);
    QVERIFY(!image.isNull());
    // The plot as on screen under a strip that names what it shows.
    const int strip = ui::ChartImage::titleHeight();
    const QSize viewSize = m_panel->chartView()->size();
    QCOMPARE(image.size(), QSize(viewSize.width(), viewSize.height() + strip) * m_panel->devicePixelRatio());
    QVERIFY(m_panel->exportTitle().startsWith(QStringLiteral("NVDA — lines, last 5m — ")));
    const QImage plot = m_panel->chartView()->grab().toImage();
    QCOMPARE(image.copy(QRect(QPoint(0, strip), plot.size())).convertToFormat(plot.format()), plot);
    const QImage title = image.copy(0, 0, image.width(), strip);
    const QRgb background = title.pixel(0, 0);
    bool written = false; // the title's text is drawn in the strip
    for (int y = 0; y < title.height() && !written; ++y) {
        for (int x = 0; x < title.width() / 4 && !written; ++x)
            written = title.pixel(x, y) != background;
    }
    QVERIFY(written);
    if (const QString shots = qEnvironmentVariable("SB_SCREENSHOT_DIR"); !shots.isEmpty())
        QFile::copy(file, QDir(shots).filePath("chart-export.png")); // to look at
    QVERIFY(!m_panel->exportPng(dir.filePath("missing/folder/chart.png")));

    // Saved through the toolbar: the status bar says where.
    QSignalSpy said(m_panel, &ChartPanel::message);
    auto *toolbar = m_panel->findChild<ui::ChartToolbar *>();
    const QString second = dir.filePath("second.png");
    emit toolbar->exportPngRequested(second);
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).at(0).toString(), QStringLiteral("Saved ") + QDir::toNativeSeparators(second));
    QVERIFY(QFileInfo::exists(second));

    m_panel->setMode(ChartPanel::Mode::Candles);
    m_panel->setSymbols({ "NVDA", "AAPL" });
    QVERIFY(m_panel->exportTitle().startsWith(QStringLiteral("NVDA — candles, last 5m")));
}

void TestChartPanel::contextMenuUsesTheToolbarActions()
{
    showPanel();
    ui::ChartMenu menus(m_panel);
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 300, T0, 200);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);

    QMenu *menu = menus.menu();
    sb::test::saveMenuShot(menu, "menu-chart");
    QList<QAction *> actions;
    for (QAction *action : menu->actions()) {
        if (!action->isSeparator())
            actions << action;
    }
    QCOMPARE(actions.size(), 4);
    // The very actions behind the toolbar's buttons, not look-alikes.
    QList<QAction *> buttons;
    for (QToolButton *button : m_panel->findChildren<QToolButton *>())
        buttons << button->defaultAction();
    for (QAction *action : std::as_const(actions))
        QVERIFY2(buttons.contains(action), qPrintable(action->text()));
    QCOMPARE(actions.at(0)->text(), ui::ChartToolbar::tr("Export &PNG…"));
    QVERIFY(actions.at(0)->isEnabled());

    QAction *autoScale = actions.at(2);
    QAction *pause = actions.at(3);
    QVERIFY(m_panel->autoScale());
    autoScale->trigger();
    QVERIFY(!m_panel->autoScale());
    autoScale->trigger();
    QVERIFY(m_panel->autoScale());
    pause->trigger();
    QVERIFY(m_panel->isPaused());
    QCOMPARE(pause->text(), ui::ChartToolbar::tr("&Resume"));
    pause->trigger();
    QVERIFY(!m_panel->isPaused());
    delete menu;

    // Export PNG… asks for a file, then the panel writes it.
    QTemporaryDir dir;
    const QString file = dir.filePath("menu.png");
    QTimer::singleShot(0, this, [file] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->selectFile(file);
        QMetaObject::invokeMethod(dialog, "accept");
    });
    menu = menus.menu();
    menu->actions().at(0)->trigger();
    delete menu;
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(!QImage(file).isNull());

    // Right click on the plot opens it.
    const QPoint at = m_panel->chartView()->rect().center();
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, m_panel->chartView()->mapToGlobal(at));
    QApplication::sendEvent(m_panel->chartView()->viewport(), &click);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    QApplication::activePopupWidget()->close();
}

void TestChartPanel::exportCsvWritesHeaderAndRows()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA", "AAPL" });
    feed(*m_store, "NVDA", 1200, T0, 100); // 2 minutes: only the last one is visible
    feed(*m_store, "AAPL", 120, T0 + 60'000, 500);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(1) > 0);
    QTemporaryDir dir;

    QVERIFY(m_panel->exportCsv(dir.filePath("ticks.csv")));
    QFile ticks(dir.filePath("ticks.csv"));
    QVERIFY(ticks.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = ticks.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("symbol,time_ms,time_utc,price,volume"));
    QVERIFY(lines.size() > 600 && lines.size() < 1200 + 120); // the window, not everything
    QVERIFY(lines.at(1).startsWith("NVDA,"));
    QVERIFY(lines.last().startsWith("AAPL,"));
    QCOMPARE(lines.at(1).split(',').size(), 5);

    m_panel->setMode(ChartPanel::Mode::Candles);
    QTRY_VERIFY(m_panel->candleSeries()->count() > 0);
    QVERIFY(m_panel->exportCsv(dir.filePath("bars.csv")));
    QFile bars(dir.filePath("bars.csv"));
    QVERIFY(bars.open(QIODevice::ReadOnly));
    const QList<QByteArray> barLines = bars.readAll().trimmed().split('\n');
    QCOMPARE(barLines.first(), QByteArray("symbol,start_ms,start_utc,open,high,low,close,volume"));
    QCOMPARE(barLines.size() - 1, m_panel->candleSeries()->count());
}

void TestChartPanel::crosshairReadsTheNearestPoint()
{
    showPanel();
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 600, T0, 100);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);

    ui::ChartView *view = m_panel->chartView();
    const QRectF plot = view->chart()->plotArea();
    const QPoint pos = view->mapFromScene(plot.center());
    QMouseEvent move(QEvent::MouseMove, pos, view->viewport()->mapToGlobal(pos), Qt::NoButton,
        Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    QVERIFY(view->isCrosshairVisible());
    const QString text = m_panel->crosshairText();
    // "NVDA · 10:41:07", the price, the change since the window's start.
    const QStringList lines = text.split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).contains(QRegularExpression("^NVDA · \\d\\d:\\d\\d:\\d\\d$")),
        qPrintable(text));
    QVERIFY2(lines.at(1).contains(QRegularExpression("^\\d+\\.\\d\\d$")), qPrintable(text));
    QVERIFY2(lines.at(2).contains(QRegularExpression("^[+−]\\d+\\.\\d\\d \\([+−]\\d+\\.\\d\\d%\\) since ")),
        qPrintable(text));
    // The readout names a point that is really there.
    const QString time = lines.at(0).section(QStringLiteral(" · "), -1);
    bool found = false;
    for (const QPointF &p : m_panel->lineSeries(0)->points()) {
        found = found || QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString("HH:mm:ss") == time;
    }
    QVERIFY(found);

    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(view->viewport(), &leave);
    QVERIFY(!view->isCrosshairVisible());

    m_panel->setMode(ChartPanel::Mode::Candles);
    QTRY_VERIFY(m_panel->candleSeries()->count() > 0);
    QApplication::sendEvent(view->viewport(), &move);
    const QString candle = m_panel->crosshairText();
    QVERIFY2(candle.contains(QRegularExpression(
                 "\\nO \\d+\\.\\d\\d  H \\d+\\.\\d\\d  L \\d+\\.\\d\\d  C \\d+\\.\\d\\d\\n")),
        qPrintable(candle));
    QVERIFY2(candle.contains(" since "), qPrintable(candle));
}

void TestChartPanel::crosshairReadoutStaysInThePlot()
{
    // A narrow dock, as the app opens: the readout is wider than the room on either side.
    showPanel(420, 360);
    m_panel->setWindowMs(Minute);
    m_panel->setSymbols({ "NVDA" });
    feed(*m_store, "NVDA", 600, T0, 100);
    m_panel->ticksArrived();
    QTRY_VERIFY(m_panel->pointCount(0) > 0);
    ui::ChartView *view = m_panel->chartView();
    const QRectF plot = view->chart()->plotArea();
    for (ChartPanel::Mode mode : { ChartPanel::Mode::Line, ChartPanel::Mode::Candles }) {
        m_panel->setMode(mode);
        if (mode == ChartPanel::Mode::Candles)
            QTRY_VERIFY(m_panel->candleSeries()->count() > 0);
        for (double fx : { 0.01, 0.3, 0.5, 0.7, 0.99 }) {
            for (double fy : { 0.02, 0.5, 0.98 }) {
                const QPoint pos = view->mapFromScene(
                    QPointF(plot.left() + fx * plot.width(), plot.top() + fy * plot.height()));
                QMouseEvent move(QEvent::MouseMove, pos, view->viewport()->mapToGlobal(pos),
                    Qt::NoButton, Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(view->viewport(), &move);
                QVERIFY(view->isCrosshairVisible());
                const QRectF box = view->crosshairRect();
                QVERIFY2(plot.contains(box),
                    qPrintable(QStringLiteral("box %1,%2 %3×%4 at %5,%6")
                                   .arg(box.x()).arg(box.y()).arg(box.width()).arg(box.height())
                                   .arg(fx).arg(fy)));
            }
        }
    }
}

void TestChartPanel::crosshairReadoutPlacement()
{
    using ui::CrosshairReadout;
    const QRectF plot(10, 10, 300, 200);
    const QSizeF size(120, 50);
    // Room above and right: there, off the point.
    QRectF box = CrosshairReadout::place(QPointF(100, 150), size, plot, 8);
    QCOMPARE(box, QRectF(108, 92, 120, 50));
    // At the right edge it flips to the left of the point.
    box = CrosshairReadout::place(QPointF(305, 150), size, plot, 8);
    QCOMPARE(box.right(), 297.0);
    // At the top it goes below the point.
    box = CrosshairReadout::place(QPointF(100, 12), size, plot, 8);
    QCOMPARE(box.top(), 20.0);
    // At the left and bottom edges and corners, and in a plot narrower than two boxes: inside.
    const QRectF narrow(10, 10, 180, 200);
    for (const QRectF &area : { plot, narrow }) {
        for (const QPointF &p : { QPointF(10, 100), QPointF(11, 209), QPointF(309, 11),
                 QPointF(100, 209), QPointF(95, 100), QPointF(189, 209) }) {
            box = CrosshairReadout::place(p, size, area, 8);
            QVERIFY2(area.contains(box), qPrintable(QStringLiteral("%1,%2").arg(p.x()).arg(p.y())));
        }
    }
    // Bigger than the plot: its top-left corner (the symbol and time) stays in view.
    box = CrosshairReadout::place(QPointF(50, 50), QSizeF(400, 300), plot, 8);
    QCOMPARE(box.topLeft(), plot.topLeft());
}

void TestChartPanel::crosshairReadoutContent()
{
    using ui::CrosshairReadout;
    const QString start = QDateTime::fromMSecsSinceEpoch(T0).toString("HH:mm:ss");
    const QString at = QDateTime::fromMSecsSinceEpoch(T0 + 65'000).toString("HH:mm:ss");
    QCOMPARE(CrosshairReadout::forPoint("NVDA", 101.5, T0 + 65'000, { 100.0, T0 }),
        QStringLiteral("NVDA · %1\n101.50\n+1.50 (+1.50%) since %2").arg(at, start));
    models::OhlcBar bar;
    bar.startMs = T0 + 65'000;
    bar.add(99, 1, T0 + 65'000);
    bar.add(101, 1, T0 + 65'100);
    bar.add(98, 1, T0 + 65'200);
    bar.add(98.5, 1, T0 + 65'300);
    QCOMPARE(CrosshairReadout::forBar("AAPL", bar, { 100.0, T0 }),
        QStringLiteral("AAPL · %1\nO 99.00  H 101.00  L 98.00  C 98.50\n−1.50 (−1.50%) since %2")
            .arg(at, start));
    QCOMPARE(CrosshairReadout::change(5, 0), QStringLiteral("+5.00"));
}

void TestChartPanel::plotterSnapsToPixelColumns()
{
    const auto [from, to] = ui::LinePlotter::snappedRange(T0 + 12'345, Minute, 1000);
    QCOMPARE(ui::LinePlotter::columnMs(Minute, 1000), 60);
    QCOMPARE(to - from, 60 * 1000);
    QCOMPARE(to % 60, 0);
    QVERIFY(to > T0 + 12'345 && to - 60 <= T0 + 12'345);

    models::SeriesStore store;
    feed(store, "X", 5000, T0, 10);
    ui::LinePlotter plotter(store);
    const ui::LineFrame frame = plotter.plot({ "X", "Y" }, Minute, plotter.newestMs({ "X" }), 300);
    QCOMPARE(frame.series.size(), 2);
    QVERIFY(frame.series.at(0).size() <= 600);
    QVERIFY(frame.series.at(1).isEmpty());
    QVERIFY(frame.hasPoints && frame.minY <= frame.maxY);
    QCOMPARE(ui::LinePlotter::nearestIndex({ { 0, 1 }, { 10, 2 }, { 20, 3 } }, 14), 1);
    QCOMPARE(ui::LinePlotter::nearestIndex({ { 0, 1 }, { 10, 2 } }, 99), 1);
    QCOMPARE(ui::LinePlotter::nearestIndex({}, 5), -1);
}

void TestChartPanel::autoRangeReRangesOnlyWhenNeeded()
{
    ui::AutoRange range;
    QVERIFY(range.fit(100, 110));
    QVERIFY(range.min() < 100 && range.max() > 110);
    QVERIFY(qFuzzyCompare(range.max() - range.min(), 10 * 1.1));
    QVERIFY(!range.fit(101, 109)); // inside: no setRange
    QVERIFY(range.fit(100, 120)); // left the range
    QVERIFY(range.max() > 120);
    QVERIFY(range.fit(110, 111)); // more than twice too wide
    QVERIFY(range.max() - range.min() < 2);
    QVERIFY(range.fit(50, 50)); // flat: still has a height
    QVERIFY(range.max() > range.min());
    QCOMPARE(ui::AutoRange::niceStep(10, 5), 2.0);
    QCOMPARE(ui::AutoRange::niceStep(0.7, 5), 0.2);
}

void TestChartPanel::candleTimeframeKeepsCountBounded()
{
    using Timeframe = models::SeriesStore::Timeframe;
    QCOMPARE(ui::CandleWindow::timeframeFor(Minute), Timeframe::OneSecond);
    QCOMPARE(ui::CandleWindow::timeframeFor(5 * Minute), Timeframe::OneSecond);
    QCOMPARE(ui::CandleWindow::timeframeFor(15 * Minute), Timeframe::OneMinute);
    QCOMPARE(ui::CandleWindow::timeframeFor(60 * Minute), Timeframe::OneMinute);
    for (qint64 window : { Minute, 5 * Minute, 15 * Minute, 60 * Minute }) {
        const qint64 barMs =
            models::SeriesStore::timeframeMs(ui::CandleWindow::timeframeFor(window));
        QVERIFY(window / barMs <= ui::CandleWindow::MaxCandles);
    }
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
