#include "ui/chart/ChartMemory.h"

#include "models/TickerModel.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/WatchlistView.h"

namespace sb::ui {

namespace {

const QString SymbolsKey = QStringLiteral("chart/symbols");
const QString WindowKey = QStringLiteral("chart/windowMs");
const QString ModeKey = QStringLiteral("chart/mode");
const QString CandlesValue = QStringLiteral("candles");
const QString LinesValue = QStringLiteral("lines");

} // namespace

ChartMemory::ChartMemory(ChartPanel *chart, WatchlistView *watchlist, const QUrl &server, QObject *parent)
    : QObject(parent)
    , m_chart(chart)
    , m_watchlist(watchlist)
    , m_server(server)
{
    restore();
    connect(m_chart, &ChartPanel::windowMsChanged, this,
            [this](qint64 windowMs) { m_server.setValue(WindowKey, windowMs); });
    connect(m_chart, &ChartPanel::modeChanged, this, [this](ChartMode mode) {
        m_server.setValue(ModeKey, mode == ChartMode::Candles ? CandlesValue : LinesValue);
    });
    connect(m_chart, &ChartPanel::symbolsChanged, this, &ChartMemory::onSymbolsChanged);
    if (QAbstractItemModel *rows = m_watchlist->model()) {
        connect(rows, &QAbstractItemModel::rowsInserted, this, &ChartMemory::selectPendingRows);
        connect(rows, &QAbstractItemModel::modelReset, this, &ChartMemory::selectPendingRows);
    }
}

void ChartMemory::restore()
{
    // Values of an older or hand-edited file that the panel would not take are left out.
    bool ok = false;
    const qint64 windowMs = m_server.value(WindowKey).toLongLong(&ok);
    if (ok && windowMs > 0)
        m_chart->setWindowMs(windowMs);
    const QString mode = m_server.value(ModeKey).toString();
    if (mode == CandlesValue || mode == LinesValue)
        m_chart->setMode(mode == CandlesValue ? ChartMode::Candles : ChartMode::Line);
    m_pending = m_server.value(SymbolsKey).toStringList();
    m_pending.removeAll(QString());
    if (!m_pending.isEmpty()) {
        m_selecting = true;
        m_chart->setSymbols(m_pending);
        m_selecting = false;
        selectPendingRows();
    }
}

void ChartMemory::selectPendingRows()
{
    if (m_pending.isEmpty())
        return;
    const models::TickerModel *tickers = m_watchlist->tickerModel();
    QStringList present;
    for (const QString &symbol : std::as_const(m_pending)) {
        if (tickers && tickers->rowOf(symbol) >= 0)
            present.append(symbol);
    }
    if (present.isEmpty())
        return;
    const QStringList wanted = m_pending;
    m_selecting = true;
    m_watchlist->selectSymbols(present);
    // The watchlist hands its selection to the chart in its own row order: put the saved
    // order (and any symbol not listed yet) back.
    m_chart->setSymbols(wanted);
    m_selecting = false;
    if (present.size() == wanted.size())
        m_pending.clear();
}

void ChartMemory::onSymbolsChanged(const QStringList &symbols)
{
    if (m_selecting)
        return;
    m_pending.clear(); // the user chose: that is what is kept from now on
    m_server.setValue(SymbolsKey, symbols);
}

} // namespace sb::ui
