#include "ui/chart/WatchlistView.h"

#include "models/TickerModel.h"
#include "ui/Theme.h"
#include "ui/chart/SparklineDelegate.h"
#include "ui/chart/WatchlistProxyModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>

namespace sb::ui {

using models::TickerModel;

namespace {
constexpr int G = Theme::Grid;

int onGrid(int px)
{
    return (px + G - 1) / G * G;
}
} // namespace

WatchlistView::WatchlistView(QWidget *parent)
    : QTableView(parent)
    , m_proxy(new WatchlistProxyModel(this))
    , m_sparklines(new SparklineDelegate(this))
    , m_staleLabel(new QLabel(this))
{
    m_staleLabel->setObjectName(QStringLiteral("WatchlistStale"));
    m_staleLabel->setAlignment(Qt::AlignCenter);
    m_staleLabel->setForegroundRole(QPalette::PlaceholderText);
    m_staleLabel->hide();
    setAccessibleName(tr("Watchlist"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection); // Ctrl/Shift-click to compare
    setShowGrid(false);
    setWordWrap(false);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSortingEnabled(false); // the user's order is the model's order
    verticalHeader()->hide();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setSectionsClickable(false);
    setModel(m_proxy);
    setItemDelegateForColumn(TickerModel::SparklineColumn, m_sparklines);
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &WatchlistView::onSelectionChanged);
    applyColumnWidths();
}

void WatchlistView::setTickerModel(TickerModel *model)
{
    m_source = model;
    m_proxy->setSourceModel(model);
    // The sketch's order: SYM last chg, then high/low before the trend line.
    horizontalHeader()->moveSection(
        horizontalHeader()->visualIndex(m_proxy->highLowColumn()), TickerModel::SparklineColumn);
    applyColumnWidths();
    fitColumns();
    onSelectionChanged();
}

void WatchlistView::applyColumnWidths()
{
    const QFontMetrics metrics(font());
    const int pad = 2 * G;
    QHeaderView *header = horizontalHeader();
    header->setMinimumSectionSize(4 * G);
    header->setSectionResizeMode(QHeaderView::Interactive);
    // The trend is the last column on screen: it takes the room left over, so a wide dock has
    // a longer trend line instead of a blank strip (and no scroll bar for nothing).
    header->setStretchLastSection(true);
    const auto size = [&](int column, int width) {
        header->resizeSection(column, width);
        m_fullWidth += width;
    };
    m_fullWidth = 0;
    size(TickerModel::SymbolColumn, onGrid(metrics.horizontalAdvance(QStringLiteral("WWWW")) + pad));
    size(TickerModel::LastColumn, onGrid(metrics.horizontalAdvance(QStringLiteral("00,000.00")) + pad));
    size(TickerModel::ChangeColumn, onGrid(metrics.horizontalAdvance(QStringLiteral("▲00.00%")) + pad));
    if (m_source) {
        size(m_proxy->highLowColumn(),
            onGrid(metrics.horizontalAdvance(QStringLiteral("0,000.00 / 0,000.00")) + pad));
    }
    size(TickerModel::SparklineColumn, 10 * G);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(onGrid(metrics.height() + G)); // 24 px on most fonts
}

QStringList WatchlistView::selectedSymbols() const
{
    QModelIndexList rows = selectionModel()->selectedRows(TickerModel::SymbolColumn);
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList symbols;
    for (const QModelIndex &row : std::as_const(rows))
        symbols.append(row.data(TickerModel::SymbolRole).toString());
    return symbols;
}

void WatchlistView::selectSymbols(const QStringList &symbols)
{
    QItemSelection selection;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (symbols.contains(index.data(TickerModel::SymbolRole).toString()))
            selection.select(index, index);
    }
    selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void WatchlistView::onSelectionChanged()
{
    // Selection signals come per range; the chart wants to hear once per actual change.
    const QStringList symbols = selectedSymbols();
    if (symbols == m_lastEmitted)
        return;
    m_lastEmitted = symbols;
    emit symbolsSelected(symbols);
}

QString WatchlistView::emptyText() const
{
    return tr("Waiting for prices…");
}

bool WatchlistView::isShowingEmptyState() const
{
    return m_proxy->rowCount() == 0;
}

void WatchlistView::setLive(bool live, qint64 lastLiveMs)
{
    m_live = LiveState { live, lastLiveMs };
    m_proxy->setStale(m_live.isStale());
    // The label covers the last row's bottom: leave room to scroll that row above it.
    m_staleLabel->setText(m_live.text());
    m_staleLabel->setToolTip(tr("Prices are not updating while the connection is down"));
    m_staleLabel->setVisible(m_live.isStale());
    updateGeometries();
    viewport()->update();
}

void WatchlistView::updateGeometries()
{
    // QTableView sets the viewport's margins for its headers here, bottom 0: add the label's
    // strip after it, so the label hides no row.
    QTableView::updateGeometries();
    QMargins margins = viewportMargins();
    margins.setBottom(m_live.isStale() ? m_staleLabel->sizeHint().height() + G : 0);
    if (margins != viewportMargins())
        setViewportMargins(margins); // lays out again, once: the margins then stay equal
    placeStaleLabel();
}

void WatchlistView::placeStaleLabel()
{
    const QRect area = viewport()->geometry();
    m_staleLabel->setGeometry(
        area.left(), area.bottom() + 1, area.width(), m_staleLabel->sizeHint().height() + G);
}

void WatchlistView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!isShowingEmptyState())
        return;
    QPainter painter(viewport());
    painter.setPen(Theme::muted());
    painter.drawText(viewport()->rect().adjusted(2 * G, 2 * G, -2 * G, -2 * G),
        Qt::AlignCenter | Qt::TextWordWrap, emptyText());
}

void WatchlistView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitColumns();
}

void WatchlistView::fitColumns()
{
    // In a narrow dock High / Low is the column to give up: it is the least glanced at, and a
    // horizontal scroll bar would hide the trend instead.
    if (!m_source)
        return;
    setColumnHidden(m_proxy->highLowColumn(), viewport()->width() < m_fullWidth);
}

void WatchlistView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        applyColumnWidths();
        fitColumns();
    }
}

} // namespace sb::ui
