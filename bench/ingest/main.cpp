// switchboard-bench-ingest: the desktop side under load. See docs/benchmarks.md.
//
//   ticks:    the real TickerModel, SeriesStore, watchlist and ChartPanel fed N ticks/s in
//             process, through the same path as ChatController::onTicks; reports event-loop lag
//             p50/p99, chart frames per second and the CPU the process used.
//   messages: a room of 100,000 messages in the real MessageListModel, then shown in the real
//             ChatView; reports RSS before and after each.
//   rows:     what a chat row costs to lay out, plain and with Markdown and issue #18's state,
//             and scrolling a room with them on a tenth of its rows (RowCost.h).
// Offscreen unless QT_QPA_PLATFORM or a display says otherwise (software rendering either way).
#include "LagProbe.h"
#include "RowCost.h"

#include "client/ChatTypes.h"
#include "models/MessageListModel.h"
#include "models/SeriesStore.h"
#include "models/TickerModel.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/ChartView.h"
#include "ui/chart/WatchlistView.h"
#include "ui/chat/ChatView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHBoxLayout>
#include <QListView>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <cmath>
#include <cstdio>

using namespace sb;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// Counts what really reached the screen: paint events of a widget.
class PaintCounter : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

// Random-walk trades at a fixed rate, in small batches on a precise timer, handed to the same
// three consumers ChatController::onTicks feeds (series store, watchlist model, chart).
class TickFeeder : public QObject
{
public:
    TickFeeder(int ticksPerSecond, int batchMs, int symbolCount, models::SeriesStore &store,
               models::TickerModel &tickers, ui::ChartPanel &chart)
        : m_rate(ticksPerSecond), m_store(store), m_tickers(tickers), m_chart(chart)
    {
        for (int i = 0; i < symbolCount; ++i) {
            m_symbols.append(QStringLiteral("SYM%1").arg(i, 2, 10, QLatin1Char('0')));
            m_prices.append(100.0 + i);
        }
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(batchMs);
        connect(&m_timer, &QTimer::timeout, this, &TickFeeder::feed);
    }
    const QStringList &symbols() const { return m_symbols; }
    void start()
    {
        m_clock.start();
        m_sent = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 sent() const { return m_sent; }

private:
    void feed()
    {
        const qint64 due = m_clock.nsecsElapsed() * m_rate / 1000000000;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<client::MarketTick> batch;
        batch.reserve(int(due - m_sent));
        auto *random = QRandomGenerator::global();
        for (; m_sent < due; ++m_sent) {
            const int i = int(m_sent % m_symbols.size());
            m_prices[i] *= 1.0 + (random->generateDouble() - 0.5) * 0.002;
            batch.append({m_symbols[i], m_prices[i], qint64(1 + random->bounded(100)), now});
        }
        if (batch.isEmpty())
            return;
        m_store.append(batch);
        m_tickers.applyTicks(batch);
        m_chart.ticksArrived();
    }

    qint64 m_rate;
    models::SeriesStore &m_store;
    models::TickerModel &m_tickers;
    ui::ChartPanel &m_chart;
    QStringList m_symbols;
    QList<double> m_prices;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_sent = 0;
};

void runTicks(int rate, int batchMs, int symbols, int charted, double seconds, qint64 windowMs)
{
    models::SeriesStore store;
    models::TickerModel tickers;
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *watchlist = new ui::WatchlistView(&window);
    watchlist->setTickerModel(&tickers);
    auto *chart = new ui::ChartPanel(store, &window);
    layout->addWidget(watchlist);
    layout->addWidget(chart, 1);
    window.resize(1600, 760); // the chart ~1200 x 700, as in DESIGN.md's measurements

    TickFeeder feeder(rate, batchMs, symbols, store, tickers, *chart);
    tickers.setSymbols(feeder.symbols());
    chart->setSymbols(feeder.symbols().mid(0, charted));
    chart->setWindowMs(windowMs);
    PaintCounter paints;
    chart->chartView()->viewport()->installEventFilter(&paints);
    window.show();
    settle(500);

    bench::LagProbe probe(2);
    feeder.start();
    settle(int(qMin(2.0, seconds / 3) * 1000)); // warm-up: the window fills, caches settle
    const int frames0 = chart->framesDrawn();
    const int paints0 = paints.paints;
    const qint64 sent0 = feeder.sent();
    const double cpu0 = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    probe.start();
    settle(int(seconds * 1000));
    probe.stop();
    const double elapsed = double(wall.nsecsElapsed()) / 1e9;
    const double cpu = (cpuSeconds() - cpu0) / elapsed;
    feeder.stop();

    std::printf("-- ingest: %d ticks/s in %d ms batches over %d symbols, %d charted as lines, %lld s window, "
                "chart %dx%d, platform %s\n",
                rate, batchMs, symbols, charted, static_cast<long long>(windowMs / 1000), chart->chartView()->width(),
                chart->chartView()->height(), qPrintable(QGuiApplication::platformName()));
    std::printf("  %-22s %.0f /s\n", "ticks ingested", double(feeder.sent() - sent0) / elapsed);
    std::printf("  %-22s p50 %.2f  p99 %.2f  max %.2f ms  (2 ms timer, %zu samples)\n", "event-loop lag",
                probe.percentileMs(0.5), probe.percentileMs(0.99), probe.percentileMs(1.0), probe.samples());
    std::printf("  %-22s %.1f /s (ChartPanel::framesDrawn), %.1f paints/s of the chart view\n", "chart frames",
                double(chart->framesDrawn() - frames0) / elapsed, double(paints.paints - paints0) / elapsed);
    std::printf("  %-22s %.2f cores (whole process, %.1f s)\n", "CPU", cpu, elapsed);
    std::printf("  %-22s %.1f MiB\n", "RSS", double(rssKiB()) / 1024);
    std::fflush(stdout);
}

void runMessages(int count)
{
    const long before = rssKiB();
    QElapsedTimer timer;
    timer.start();
    auto *model = new models::MessageListModel;
    model->setOwnUser(QStringLiteral("me"));
    model->setConversation(QStringLiteral("general"));
    static const QStringList authors{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                                     QStringLiteral("dave"), QStringLiteral("me"), QStringLiteral("erin")};
    static const QString words = QStringLiteral(
        "the market opened higher and everyone in the room had an opinion about it, some of them even "
        "right; @me have a look at the chart when you can");
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(count) * 20000;
    // In pages, as history arrives (200 per history.get at most).
    for (int first = 0; first < count; first += 200) {
        QList<client::ChatMessage> page;
        for (int i = first; i < qMin(count, first + 200); ++i) {
            client::ChatMessage m;
            m.room = QStringLiteral("general");
            m.seq = i + 1;
            m.from = authors[i % authors.size()];
            // 30–140 characters, each message its own string as it would be after decoding.
            m.text = words.left(30 + (i * 37) % 110) + QString::number(i);
            m.ts = start + qint64(i) * 20000;
            m.clientId = QStringLiteral("c-%1-%2").arg(m.ts).arg(i);
            if (i % 10 == 9) {
                // A tenth of them answer an earlier message, were edited and carry reactions
                // (issue #18): the state each of those keeps out of line.
                client::MessageState &state = m.editState();
                state.replyTo = i - 4;
                state.replyAuthor = authors[(i - 5) % authors.size()];
                state.replyQuote = words.left(30 + ((i - 5) * 37) % 110) + QString::number(i - 5);
                state.editedAt = m.ts + 60000;
                state.reactions = {{QStringLiteral("👍"), {authors[i % 3], authors[3 + i % 3]}, 2},
                                   {QStringLiteral("🎉"), {authors[(i + 1) % 6]}, 1}};
            }
            page.append(m);
        }
        model->addMessages(page);
    }
    const double addSeconds = double(timer.nsecsElapsed()) / 1e9;
    const long withModel = rssKiB();

    ui::ChatView view;
    view.setModel(model);
    view.resize(900, 700);
    view.show();
    settle(300);
    // Scroll through part of the history so the delegate lays out and caches rows.
    if (auto *list = view.findChild<QListView *>()) {
        for (int row = model->rowCount() - 1; row >= qMax(0, model->rowCount() - 2000); row -= 40) {
            list->scrollTo(model->index(row), QAbstractItemView::PositionAtTop);
            QCoreApplication::processEvents();
        }
    }
    settle(300);
    const long withView = rssKiB();
    std::printf("-- messages: a room of %d messages (30-140 characters; a tenth with a reply, an edit and reactions)"
                " in MessageListModel, then ChatView\n",
                model->rowCount());
    std::printf("  %-22s %.1f MiB before, %.1f MiB with the model (+%.1f MiB, %.0f bytes/message, added in %.2f s)\n",
                "RSS", double(before) / 1024, double(withModel) / 1024, double(withModel - before) / 1024,
                double(withModel - before) * 1024 / qMax(1, count), addSeconds);
    std::printf("  %-22s %.1f MiB with the view shown and 2,000 rows scrolled through (+%.1f MiB)\n", "",
                double(withView) / 1024, double(withView - withModel) / 1024);
    std::fflush(stdout);
    view.setModel(nullptr);
    delete model;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Switchboard's desktop ingest benchmark."));
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *help, const char *fallback) {
        parser.addOption({QLatin1String(name), QLatin1String(help), QStringLiteral("n"), QLatin1String(fallback)});
    };
    option("scenario", "ticks, messages, rows or all (default).", "all");
    option("tick-hz", "Ticks per second (default 10000).", "10000");
    option("batch-ms", "Ticks arrive in batches this often (default 5).", "5");
    option("symbols", "Symbols in the feed and the watchlist (default 20).", "20");
    option("charted", "Symbols charted as lines, at most 4 (default 4).", "4");
    option("window-s", "The chart's time window in seconds (default 60).", "60");
    option("seconds", "Measured window (default 10).", "10");
    option("messages", "Messages in the room of the memory scenario (default 100000).", "100000");
    parser.process(app);
    const auto value = [&parser](const char *name) { return parser.value(QLatin1String(name)).toInt(); };
    const QString scenario = parser.value(QStringLiteral("scenario"));
    std::printf("switchboard-bench-ingest: %d CPUs\n", QThread::idealThreadCount());
    if (scenario == QLatin1String("messages") || scenario == QLatin1String("all"))
        runMessages(value("messages"));
    if (scenario == QLatin1String("rows") || scenario == QLatin1String("all"))
        bench::runRowCost(value("messages"));
    if (scenario == QLatin1String("ticks") || scenario == QLatin1String("all"))
        runTicks(value("tick-hz"), qMax(1, value("batch-ms")), qMax(1, value("symbols")),
                 qBound(1, value("charted"), ui::ChartPanel::MaxSeries), parser.value(QStringLiteral("seconds")).toDouble(),
                 qint64(value("window-s")) * 1000);
    return 0;
}
