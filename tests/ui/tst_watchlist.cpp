// The watchlist over a real TickerModel: rows, ▲/▼ with colour, high/low, sparklines and the
// selection that drives the chart. The screenshot slot renders watchlist and chart side by side
// (set SB_SCREENSHOT=<file.png>, optionally SB_SCREENSHOT_THEME=light|dark and
// SB_SCREENSHOT_MODE=candles|paused) for docs/chart-panel.png.
#include "models/SeriesStore.h"
#include "MenuShot.h"
#include "models/TickerModel.h"
#include "ui/Theme.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartView.h"
#include "ui/chart/SparklineDelegate.h"
#include "ui/chart/WatchlistMenu.h"
#include "ui/chart/WatchlistProxyModel.h"
#include "ui/chart/WatchlistView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCandlestickSeries>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QScrollBar>
#include <QSplitter>
#include <QtTest>

using namespace sb;
using models::TickerModel;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;

QList<client::MarketTick> walk(
    const QString &symbol, double start, double drift, int count, qint64 fromMs, qint64 stepMs)
{
    QList<client::MarketTick> ticks;
    double price = start;
    quint32 seed = quint32(qHash(symbol));
    for (int i = 0; i < count; ++i) {
        seed = seed * 1664525u + 1013904223u;
        price =
            qMax(1.0, price + drift + (double(seed >> 8) / double(1u << 24) - 0.5) * start * 0.002);
        ticks.append({ symbol, price, 5 + qint64(seed % 50), fromMs + i * stepMs });
    }
    return ticks;
}

} // namespace

class TestWatchlist : public QObject {
    Q_OBJECT

private slots:
    void emptyStateWaitsForPrices();
    void rowsAppearWithArrowsAndColours();
    void highLowColumnAndOrder();
    void selectionEmitsSymbols();
    void narrowViewHidesHighLow();
    void proxyPassesTheModelTester();
    void sparklinePolylineFitsTheCell();
    void staleWhileNotLive();
    void contextMenuChartsAddsAndRemoves();
    void screenshot();
};

void TestWatchlist::emptyStateWaitsForPrices()
{
    TickerModel model;
    ui::WatchlistView view;
    view.setTickerModel(&model);
    view.resize(480, 320);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.isShowingEmptyState());
    QCOMPARE(view.emptyText(), QStringLiteral("Waiting for prices…"));
    QVERIFY(!view.grab().isNull()); // paints the empty state without trouble
    model.addSymbol("NVDA");
    QVERIFY(!view.isShowingEmptyState());
}

void TestWatchlist::rowsAppearWithArrowsAndColours()
{
    TickerModel model;
    ui::WatchlistView view;
    view.setTickerModel(&model);
    model.setSymbols({ "NVDA", "AAPL" });
    model.applyTicks({ { "NVDA", 100, 1, T0 }, { "AAPL", 200, 1, T0 } });
    model.applyTicks({ { "NVDA", 103, 1, T0 + 1000 }, { "AAPL", 199, 1, T0 + 1000 } });
    QAbstractItemModel *shown = view.model();
    QCOMPARE(shown->rowCount(), 2);
    QCOMPARE(shown->index(0, TickerModel::SymbolColumn).data().toString(), QStringLiteral("NVDA"));
    const QModelIndex up = shown->index(0, TickerModel::ChangeColumn);
    const QModelIndex down = shown->index(1, TickerModel::ChangeColumn);
    QVERIFY(up.data().toString().contains(QStringLiteral("▲")));
    QVERIFY(down.data().toString().contains(QStringLiteral("▼")));
    QCOMPARE(up.data(Qt::ForegroundRole).value<QColor>(), ui::Theme::up());
    QCOMPARE(down.data(Qt::ForegroundRole).value<QColor>(), ui::Theme::down());
    QVERIFY(shown->index(0, TickerModel::LastColumn).data().toString().startsWith("103"));
}

void TestWatchlist::highLowColumnAndOrder()
{
    TickerModel model;
    ui::WatchlistView view;
    view.setTickerModel(&model);
    model.setSymbols({ "NVDA" });
    QSignalSpy changed(view.model(), &QAbstractItemModel::dataChanged);
    model.applyTicks(
        { { "NVDA", 100, 1, T0 }, { "NVDA", 104.5, 1, T0 + 1 }, { "NVDA", 98.25, 1, T0 + 2 } });
    const int column = view.proxyModel()->highLowColumn();
    QCOMPARE(column, int(TickerModel::ColumnCount));
    QCOMPARE(view.model()->index(0, column).data().toString(), QStringLiteral("104.50 / 98.25"));
    QCOMPARE(
        view.model()->headerData(column, Qt::Horizontal).toString(), QStringLiteral("High / Low"));
    // High/low is announced when a tick changes it, and sits before the trend column.
    bool highLowAnnounced = false;
    for (const QList<QVariant> &args : changed)
        highLowAnnounced = highLowAnnounced || args.at(1).toModelIndex().column() == column;
    QVERIFY(highLowAnnounced);
    QCOMPARE(view.horizontalHeader()->visualIndex(column), int(TickerModel::SparklineColumn));
    QCOMPARE(view.horizontalHeader()->visualIndex(TickerModel::SparklineColumn), column);
}

void TestWatchlist::selectionEmitsSymbols()
{
    TickerModel model;
    ui::WatchlistView view;
    view.setTickerModel(&model);
    model.setSymbols({ "NVDA", "AAPL", "MSFT" });
    view.resize(480, 320);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &ui::WatchlistView::symbolsSelected);

    const QRect row1 = view.visualRect(view.model()->index(1, TickerModel::SymbolColumn));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, row1.center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toStringList(), QStringList { "AAPL" });

    const QRect row0 = view.visualRect(view.model()->index(0, TickerModel::SymbolColumn));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier, row0.center());
    QCOMPARE(spy.last().at(0).toStringList(), (QStringList { "NVDA", "AAPL" })); // row order

    view.selectSymbols({ "MSFT" });
    QCOMPARE(spy.last().at(0).toStringList(), QStringList { "MSFT" });
    QCOMPARE(view.selectedSymbols(), QStringList { "MSFT" });
}

void TestWatchlist::contextMenuChartsAddsAndRemoves()
{
    TickerModel model;
    models::SeriesStore store;
    ui::WatchlistView view;
    ui::ChartPanel chart(store);
    QObject::connect(&view, &ui::WatchlistView::symbolsSelected, &chart, &ui::ChartPanel::setSymbols);
    view.setTickerModel(&model);
    model.setSymbols({ "NVDA", "AAPL", "MSFT" });
    ui::WatchlistMenu menus(&view);
    QObject::connect(&menus, &ui::WatchlistMenu::removeRequested, &model, &TickerModel::removeSymbol);
    const auto row = [&](int r) { return view.model()->index(r, TickerModel::LastColumn); };

    QMenu *menu = menus.menuFor(row(1));
    QVERIFY(menu);
    sb::test::saveMenuShot(menu, "menu-watchlist");
    menu->findChild<QAction *>("chart")->trigger();
    QCOMPARE(chart.symbols(), QStringList { "AAPL" });
    delete menu;

    menu = menus.menuFor(row(2));
    menu->findChild<QAction *>("addToChart")->trigger();
    QCOMPARE(chart.symbols(), (QStringList { "AAPL", "MSFT" }));
    delete menu;
    menu = menus.menuFor(row(2)); // already charted: nothing to add
    QVERIFY(!menu->findChild<QAction *>("addToChart")->isEnabled());
    menu->findChild<QAction *>("remove")->trigger();
    delete menu;
    QCOMPARE(model.symbols(), (QStringList { "NVDA", "AAPL" }));
    QCOMPARE(chart.symbols(), QStringList { "AAPL" }); // the selection went with the row
}

void TestWatchlist::narrowViewHidesHighLow()
{
    TickerModel model;
    ui::WatchlistView view;
    view.setTickerModel(&model);
    model.setSymbols({ "NVDA" });
    view.resize(800, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int column = view.proxyModel()->highLowColumn();
    QTRY_VERIFY(!view.isColumnHidden(column));
    // Every column fits: the trend, last on screen, ends at the view's edge (no blank strip).
    QHeaderView *header = view.horizontalHeader();
    const auto trendRight = [&] {
        return header->sectionViewportPosition(TickerModel::SparklineColumn)
            + header->sectionSize(TickerModel::SparklineColumn);
    };
    QTRY_COMPARE(trendRight(), view.viewport()->width());
    int fullWidth = 10 * 8; // every column at its own width: the trend's is 10 grid units
    for (int i = 0; i < header->count(); ++i) {
        if (i != TickerModel::SparklineColumn)
            fullWidth += header->sectionSize(i);
    }

    view.resize(240, 200);
    QTRY_VERIFY(view.isColumnHidden(column));
    QVERIFY(!view.isColumnHidden(TickerModel::SparklineColumn));
    // A little wider, still too narrow for High / Low: it stays hidden instead of pushing the
    // trend out of sight.
    const int frame = view.width() - view.viewport()->width();
    view.resize(fullWidth - 20 + frame, 200);
    QTRY_COMPARE(view.viewport()->width(), fullWidth - 20);
    QVERIFY(view.isColumnHidden(column));
    QVERIFY(trendRight() <= view.viewport()->width());
    QCOMPARE(view.horizontalScrollBar()->maximum(), 0);
    view.resize(800, 200);
    QTRY_VERIFY(!view.isColumnHidden(column));
}

void TestWatchlist::proxyPassesTheModelTester()
{
    TickerModel model;
    ui::WatchlistProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols({ "NVDA", "AAPL" });
    model.applyTicks(walk("NVDA", 480, 0.1, 50, T0, 1000));
    model.addSymbol("MSFT");
    model.removeSymbol("AAPL");
    QCOMPARE(proxy.columnCount(), int(TickerModel::ColumnCount) + 1);
    QCOMPARE(proxy.rowCount(), 2);
}

void TestWatchlist::staleWhileNotLive()
{
    TickerModel model;
    model.setSymbols({ "NVDA", "AAPL" });
    model.applyTicks({ { "NVDA", 100, 1, T0 }, { "AAPL", 200, 1, T0 } });
    model.applyTicks({ { "NVDA", 103, 1, T0 + 1000 }, { "AAPL", 199, 1, T0 + 1000 } });
    ui::WatchlistView view;
    view.setTickerModel(&model);
    view.resize(480, 320);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ui::WatchlistProxyModel *proxy = view.proxyModel();
    const QModelIndex change = proxy->index(0, TickerModel::ChangeColumn);
    QCOMPARE(change.data(Qt::ForegroundRole).value<QColor>(), ui::Theme::up());
    auto *label = view.findChild<QLabel *>("WatchlistStale");
    QVERIFY(label);
    QVERIFY(!label->isVisible());
    const int liveHeight = view.viewport()->height();

    // Disconnected: greyed rows and when they were last live.
    const QDateTime at(QDate::currentDate(), QTime(14, 2, 30));
    view.setLive(false, at.toMSecsSinceEpoch());
    QVERIFY(view.isStale());
    QCOMPARE(view.staleText(), QStringLiteral("Not live — last update 14:02"));
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), view.staleText());
    QVERIFY(view.viewport()->height() < liveHeight); // the label hides no row
    QVERIFY(view.viewport()->geometry().bottom() < label->geometry().top());
    for (int column = 0; column < proxy->columnCount(); ++column) {
        QCOMPARE(proxy->index(0, column).data(Qt::ForegroundRole).value<QColor>(),
            ui::Theme::muted());
        QVERIFY(proxy->index(1, column).data(ui::WatchlistProxyModel::StaleRole).toBool());
    }
    QVERIFY(!view.grab().isNull());

    // Live again: colours back, label gone.
    view.setLive(true, at.toMSecsSinceEpoch() + 60'000);
    QVERIFY(!view.isStale());
    QVERIFY(!label->isVisible());
    QCOMPARE(view.viewport()->height(), liveHeight);
    QCOMPARE(change.data(Qt::ForegroundRole).value<QColor>(), ui::Theme::up());
    QVERIFY(!proxy->index(0, 0).data(ui::WatchlistProxyModel::StaleRole).toBool());

    // Never live yet (starting offline): nothing to call stale.
    view.setLive(false, 0);
    QVERIFY(!view.isStale());
}

void TestWatchlist::sparklinePolylineFitsTheCell()
{
    const QRectF area(10, 20, 80, 16);
    const QPolygonF line = ui::SparklineDelegate::polyline({ 1, 3, 2, 5 }, area);
    QCOMPARE(line.size(), 4);
    QCOMPARE(line.first(), QPointF(10, 36)); // the lowest at the bottom, oldest on the left
    QCOMPARE(line.last(), QPointF(90, 20)); // the highest at the top, newest on the right
    QVERIFY(ui::SparklineDelegate::polyline({ 1 }, area).isEmpty());
    const QPolygonF flat = ui::SparklineDelegate::polyline({ 2, 2, 2 }, area);
    QCOMPARE(flat.first().y(), area.center().y());
}

void TestWatchlist::screenshot()
{
    const QString file = qEnvironmentVariable("SB_SCREENSHOT");
    if (file.isEmpty())
        QSKIP("set SB_SCREENSHOT=<file.png> to render the watchlist and chart panel");
    const QString theme = qEnvironmentVariable("SB_SCREENSHOT_THEME", "dark");
    ui::Theme::apply(*qApp, ui::Theme::modeFromString(theme));

    const QList<std::pair<QString, double>> symbols { { "NVDA", 481.2 }, { "AAPL", 190.05 },
        { "MSFT", 374.5 }, { "TSLA", 242.8 }, { "AMZN", 146.3 } };
    models::SeriesStore store;
    TickerModel model;
    QStringList names;
    for (const auto &[symbol, start] : symbols)
        names.append(symbol);
    model.setSymbols(names);
    for (const auto &[symbol, start] : symbols) {
        const double drift = symbol == "AAPL" || symbol == "TSLA" ? -0.004 : 0.004;
        const QList<client::MarketTick> ticks =
            walk(symbol, start, drift * start / 100, 900, T0, 400);
        store.append(ticks);
        model.applyTicks(ticks);
    }

    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(&window);
    auto *watchlist = new ui::WatchlistView(splitter);
    watchlist->setTickerModel(&model);
    auto *panel = new ui::ChartPanel(store, splitter);
    splitter->addWidget(watchlist);
    splitter->addWidget(panel);
    layout->addWidget(splitter);
    QObject::connect(
        watchlist, &ui::WatchlistView::symbolsSelected, panel, &ui::ChartPanel::setSymbols);
    window.resize(1200, 560);
    splitter->setSizes({ 440, 760 });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    watchlist->selectSymbols({ "NVDA", "MSFT" });
    panel->ticksArrived();
    QTRY_VERIFY(panel->pointCount(1) > 0);
    const QString mode = qEnvironmentVariable("SB_SCREENSHOT_MODE"); // candles | paused
    if (mode == "paused")
        panel->setPaused(true);
    if (mode == "candles") {
        watchlist->selectSymbols({ "NVDA" });
        panel->setMode(ui::ChartPanel::Mode::Candles);
        QTRY_VERIFY(panel->candleSeries()->count() > 0);
    }
    // A crosshair over the plot, as a user hovering would see it.
    QWidget *viewport = panel->chartView()->viewport();
    const QPoint pos = panel->chartView()->mapFromScene(
        panel->chartView()->chart()->plotArea().center() + QPointF(120, 0));
    QMouseEvent move(QEvent::MouseMove, pos, viewport->mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
        Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QVERIFY(window.grab().save(file));
}

QTEST_MAIN(TestWatchlist)
#include "tst_watchlist.moc"
