#pragma once

#include <QIdentityProxyModel>

namespace sb::ui {

// The TickerModel as the watchlist shows it: one more column, "High / Low" from the session's
// extremes, and the change column coloured up/down (the model's ▲▼ text keeps the direction
// readable without colour). Everything else passes through untouched.
class WatchlistProxyModel : public QIdentityProxyModel {
    Q_OBJECT

public:
    explicit WatchlistProxyModel(QObject *parent = nullptr);

    enum Role { StaleRole = Qt::UserRole + 200 }; // bool: the row's prices are not live

    int highLowColumn() const; // the added column: the last one

    // Not live: every cell reads in the muted colour (selected rows keep the selection's), and
    // StaleRole tells delegates to do the same.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }

    void setSourceModel(QAbstractItemModel *model) override;
    int columnCount(const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex buddy(const QModelIndex &index) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool isHighLow(const QModelIndex &index) const;
    QVariant highLowData(const QModelIndex &index, int role) const;
    void forwardDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);

    bool m_stale = false;
};

} // namespace sb::ui
