#pragma once

#include "../Clock.h"
#include "Tick.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace sb::server {

// Pulls ticks from a source (simulated or recorded) on a short timer and hands each step's
// ticks on, conflated to the latest per symbol: nothing downstream needs more than that, and it
// keeps fan-out cost proportional to symbols, not to the feed's rate.
class TickerFeed : public QObject
{
    Q_OBJECT

public:
    TickerFeed(std::unique_ptr<TickSource> source, Clock wallNow, QObject *parent = nullptr);
    ~TickerFeed() override;

    void start(int stepMs = 10);
    void stop();

    QStringList symbols() const { return m_symbols; }
    bool hasSymbol(const QString &symbol) const { return m_latest.contains(symbol) || m_known.contains(symbol); }
    // The last tick of each symbol that has traded so far.
    const QHash<QString, Tick> &latest() const { return m_latest; }
    quint64 ticksProduced() const { return m_produced; }

signals:
    // Every trade of one step, in time order (the bar history records them all).
    void traded(const QList<sb::server::Tick> &ticks);
    // One step's ticks, at most one per symbol (the latest), in time order.
    void ticked(const QList<sb::server::Tick> &latestPerSymbol);

private:
    void step();

    std::unique_ptr<TickSource> m_source;
    Clock m_wallNow;
    QStringList m_symbols;
    QSet<QString> m_known;
    QHash<QString, Tick> m_latest;
    QHash<QString, qint64> m_cumulativeVolume;
    QTimer m_timer;
    quint64 m_produced = 0;
};

} // namespace sb::server
