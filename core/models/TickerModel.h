#pragma once

#include "client/ChatTypes.h"
#include "models/OhlcBar.h"
#include "models/Sparkline.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

namespace sb::models {

// The watchlist: one row per symbol, in the order the user arranged it. Columns match the
// sketch's "SYM last chg ~"; every role is answered on every column, so a list view with a
// delegate works as well as a table. The change is measured against the first price seen in
// this session (the feed carries no previous close); Direction carries its sign so the view can
// show ▲▼ beside the colour. applyTicks() emits one dataChanged per changed row per call: at 20
// batches a second that is what keeps 40 sparklines cheap (DESIGN.md, "Watchlist sparklines").
class TickerModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SymbolColumn, LastColumn, ChangeColumn, SparklineColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SymbolRole = Qt::UserRole + 1,
        LastRole, // double; invalid before the first tick
        ChangePercentRole, // double, vs the session's first price; invalid before the first tick
        DirectionRole, // int: Direction of the change
        HighRole, // double, session high
        LowRole, // double, session low
        VolumeRole, // qint64, session total
        SparklineRole, // QList<double>, oldest first, at most Sparkline::DefaultPoints
        LastMoveRole, // int: Direction of the latest price move, tick to tick (for a flash)
    };
    Q_ENUM(Role)

    enum Direction { Down = -1, Flat = 0, Up = 1 };
    Q_ENUM(Direction)

    explicit TickerModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the watchlist (duplicates and empty names dropped). Symbols that stay keep their
    // data; this is a reset, as the whole list changes.
    void setSymbols(const QStringList &symbols);
    bool addSymbol(const QString &symbol); // appended; false when already there
    // Before `row` (clamped to the rows there are); false when already there.
    bool insertSymbol(const QString &symbol, int row);
    bool removeSymbol(const QString &symbol); // false when not there
    QStringList symbols() const;
    int rowOf(const QString &symbol) const { return m_rowBySymbol.value(symbol, -1); }

    // Ticks of symbols outside the watchlist and ticks with a price that is not finite are
    // ignored. Ticks are placed by their time: a late one counts for high, low and volume but
    // never becomes the last price.
    void applyTicks(const QList<client::MarketTick> &ticks);

private:
    struct Row {
        QString symbol;
        OhlcBar session;
        Sparkline sparkline;
        Direction lastMove = Flat;
    };

    static Direction directionOf(double delta);
    static double changePercent(const Row &row);
    QVariant roleData(const Row &row, int role) const;
    QVariant displayData(const Row &row, int column) const;
    void rebuildIndex();

    QList<Row> m_rows;
    QHash<QString, int> m_rowBySymbol;
};

} // namespace sb::models
