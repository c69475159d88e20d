#include "ui/chart/WatchlistProxyModel.h"

#include "models/TickerModel.h"
#include "ui/Theme.h"

#include <QColor>
#include <QLocale>

namespace sb::ui {

using models::TickerModel;

WatchlistProxyModel::WatchlistProxyModel(QObject *parent)
    : QIdentityProxyModel(parent)
{
}

void WatchlistProxyModel::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    QIdentityProxyModel::setSourceModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::dataChanged, this,
            &WatchlistProxyModel::forwardDataChanged);
    }
}

int WatchlistProxyModel::highLowColumn() const
{
    return sourceModel() ? sourceModel()->columnCount() : 0;
}

bool WatchlistProxyModel::isHighLow(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && index.column() == highLowColumn();
}

// The source is a flat table: no cell has children, and the added column has no source cell,
// so everything the base class would ask the source about it is answered here.
int WatchlistProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : QIdentityProxyModel::rowCount();
}

bool WatchlistProxyModel::hasChildren(const QModelIndex &parent) const
{
    return parent.isValid() ? false : QIdentityProxyModel::hasChildren();
}

int WatchlistProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : highLowColumn() + 1;
}

QModelIndex WatchlistProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!parent.isValid() && column == highLowColumn() && row >= 0 && row < rowCount())
        return createIndex(row, column);
    return QIdentityProxyModel::index(row, column, parent);
}

QModelIndex WatchlistProxyModel::parent(const QModelIndex &child) const
{
    Q_UNUSED(child)
    return {};
}

QModelIndex WatchlistProxyModel::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

QModelIndex WatchlistProxyModel::buddy(const QModelIndex &index) const
{
    return isHighLow(index) ? index : QIdentityProxyModel::buddy(index);
}

QModelIndex WatchlistProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    return isHighLow(proxyIndex) ? QModelIndex() : QIdentityProxyModel::mapToSource(proxyIndex);
}

Qt::ItemFlags WatchlistProxyModel::flags(const QModelIndex &index) const
{
    if (isHighLow(index))
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    return QIdentityProxyModel::flags(index);
}

void WatchlistProxyModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    if (rowCount() > 0) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
            { Qt::ForegroundRole, StaleRole });
    }
}

QVariant WatchlistProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == StaleRole)
        return m_stale;
    if (m_stale && role == Qt::ForegroundRole && index.isValid())
        return Theme::muted(); // no up/down colour for a price that may have moved since
    if (isHighLow(index))
        return highLowData(index, role);
    if (role == Qt::ForegroundRole && index.column() == TickerModel::ChangeColumn) {
        const int direction = index.data(TickerModel::DirectionRole).toInt();
        if (direction != TickerModel::Flat)
            return direction > 0 ? Theme::up() : Theme::down();
    }
    return QIdentityProxyModel::data(index, role);
}

QVariant WatchlistProxyModel::highLowData(const QModelIndex &index, int role) const
{
    const QModelIndex first = QIdentityProxyModel::index(index.row(), 0);
    const QVariant high = first.data(TickerModel::HighRole);
    const QVariant low = first.data(TickerModel::LowRole);
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        if (!high.isValid() || !low.isValid())
            return {};
        return tr("%1 / %2", "session high / low")
            .arg(locale.toString(high.toDouble(), 'f', 2), locale.toString(low.toDouble(), 'f', 2));
    case Qt::ToolTipRole:
        if (!high.isValid() || !low.isValid())
            return {};
        return tr("Session high %1, low %2")
            .arg(locale.toString(high.toDouble(), 'f', 2), locale.toString(low.toDouble(), 'f', 2));
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        return Theme::muted(); // secondary to last and change
    default:
        // The model answers its own roles (symbol, last, …) on every column; so does this one.
        return role >= Qt::UserRole ? first.data(role) : QVariant();
    }
}

QVariant WatchlistProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == highLowColumn() && role == Qt::DisplayRole)
        return tr("High / Low");
    return QIdentityProxyModel::headerData(section, orientation, role);
}

void WatchlistProxyModel::forwardDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // A tick changes high and low too; the base class forwards only the source's columns.
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    emit dataChanged(
        index(topLeft.row(), highLowColumn()), index(bottomRight.row(), highLowColumn()));
}

} // namespace sb::ui
