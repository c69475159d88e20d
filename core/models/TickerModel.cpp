#include "models/TickerModel.h"

#include <QLocale>
#include <cmath>

namespace sb::models {

TickerModel::TickerModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int TickerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TickerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

TickerModel::Direction TickerModel::directionOf(double delta)
{
    return delta > 0 ? Up : delta < 0 ? Down : Flat;
}

double TickerModel::changePercent(const Row &row)
{
    const double reference = row.session.open;
    return reference == 0 ? 0.0 : (row.session.close - reference) / reference * 100.0;
}

QVariant TickerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == LastColumn || index.column() == ChangeColumn
            ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
            : QVariant();
    default:
        return roleData(row, role);
    }
}

QVariant TickerModel::roleData(const Row &row, int role) const
{
    const bool hasData = !row.session.isEmpty();
    switch (role) {
    case SymbolRole:
        return row.symbol;
    case LastRole:
        return hasData ? QVariant(row.session.close) : QVariant();
    case ChangePercentRole:
        return hasData ? QVariant(changePercent(row)) : QVariant();
    case DirectionRole:
        return int(directionOf(row.session.close - row.session.open));
    case HighRole:
        return hasData ? QVariant(row.session.high) : QVariant();
    case LowRole:
        return hasData ? QVariant(row.session.low) : QVariant();
    case VolumeRole:
        return row.session.volume;
    case SparklineRole:
        return QVariant::fromValue(row.sparkline.points());
    case LastMoveRole:
        return int(row.lastMove);
    default:
        return {};
    }
}

QVariant TickerModel::displayData(const Row &row, int column) const
{
    if (column == SymbolColumn)
        return row.symbol;
    if (row.session.isEmpty() || column == SparklineColumn) // the delegate draws the sparkline
        return {};
    const QLocale locale;
    if (column == LastColumn)
        return locale.toString(row.session.close, 'f', 2);
    // The arrow makes the direction readable without the colour (and for colour-blind users).
    const double change = changePercent(row);
    const Direction direction = directionOf(row.session.close - row.session.open);
    const QString arrow = direction == Up ? QStringLiteral("▲")
        : direction == Down               ? QStringLiteral("▼")
                                          : QString();
    return tr("%1%2%", "arrow, then the change in percent")
        .arg(arrow, locale.toString(std::abs(change), 'f', 2));
}

QVariant TickerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SymbolColumn:
        return tr("Symbol");
    case LastColumn:
        return tr("Last");
    case ChangeColumn:
        return tr("Change");
    case SparklineColumn:
        return tr("Trend");
    default:
        return {};
    }
}

QHash<int, QByteArray> TickerModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SymbolRole, "symbol");
    names.insert(LastRole, "last");
    names.insert(ChangePercentRole, "changePercent");
    names.insert(DirectionRole, "direction");
    names.insert(HighRole, "high");
    names.insert(LowRole, "low");
    names.insert(VolumeRole, "volume");
    names.insert(SparklineRole, "sparkline");
    names.insert(LastMoveRole, "lastMove");
    return names;
}

void TickerModel::setSymbols(const QStringList &symbols)
{
    beginResetModel();
    QHash<QString, Row> previous;
    for (Row &row : m_rows)
        previous.insert(row.symbol, std::move(row));
    m_rows.clear();
    m_rowBySymbol.clear();
    for (const QString &symbol : symbols) {
        if (symbol.isEmpty() || m_rowBySymbol.contains(symbol))
            continue;
        m_rowBySymbol.insert(symbol, int(m_rows.size()));
        m_rows.append(previous.value(symbol, Row { symbol, {}, Sparkline(), Flat }));
    }
    endResetModel();
}

bool TickerModel::addSymbol(const QString &symbol)
{
    return insertSymbol(symbol, int(m_rows.size()));
}

bool TickerModel::insertSymbol(const QString &symbol, int row)
{
    if (symbol.isEmpty() || m_rowBySymbol.contains(symbol))
        return false;
    row = qBound(0, row, int(m_rows.size()));
    beginInsertRows({}, row, row);
    m_rows.insert(row, Row { symbol, {}, Sparkline(), Flat });
    for (int below = row; below < m_rows.size(); ++below)
        m_rowBySymbol.insert(m_rows.at(below).symbol, below);
    endInsertRows();
    return true;
}

bool TickerModel::removeSymbol(const QString &symbol)
{
    const int row = rowOf(symbol);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    rebuildIndex();
    endRemoveRows();
    return true;
}

QStringList TickerModel::symbols() const
{
    QStringList result;
    result.reserve(m_rows.size());
    for (const Row &row : m_rows)
        result.append(row.symbol);
    return result;
}

void TickerModel::rebuildIndex()
{
    m_rowBySymbol.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowBySymbol.insert(m_rows.at(i).symbol, i);
}

void TickerModel::applyTicks(const QList<client::MarketTick> &ticks)
{
    // One flag per row: a batch of hundreds of ticks still notifies each changed row once.
    QList<bool> changed(m_rows.size(), false);
    for (const client::MarketTick &tick : ticks) {
        const int row = rowOf(tick.symbol);
        if (row < 0 || !std::isfinite(tick.price))
            continue;
        Row &r = m_rows[row];
        const double before = r.session.close;
        const bool hadData = !r.session.isEmpty();
        r.session.add(tick.price, tick.volume, tick.ts);
        if (hadData && r.session.close != before)
            r.lastMove = directionOf(r.session.close - before);
        r.sparkline.add(tick.price, tick.ts);
        changed[row] = true;
    }
    for (int row = 0; row < changed.size(); ++row) {
        if (changed.at(row))
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

} // namespace sb::models
