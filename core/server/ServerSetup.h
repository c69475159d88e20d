#pragma once

#include "ServerConfig.h"
#include "market/MarketSimulator.h"

#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QObject;

namespace sb::server {

class Backplane;
class BarHistory;
class BarStore;
class DemoMode;
class HistoryStore;
class MessageStore;
class MetricsServer;
class RedisEngine;
class TickerFeed;
struct ServerStats;

// Everything switchboard-server prepares before and around serving, from its configuration: the
// exposure check, TLS, the message store (SQLite, or Redis with --redis), the market feed, the
// metrics endpoint and the demo bots. Each step reports a sentence for the operator when it
// fails, so a bad flag stops the server before it listens. The running server (Server) only
// serves: it asks this class for what it needs and owns none of how it was made.
class ServerSetup
{
public:
    ServerSetup(const ServerConfig &config, ServerStats &stats);
    ~ServerSetup();

    // The checks and the pieces a listener needs: exposure (plain ws:// only on loopback), TLS.
    bool prepareListening(QString *error);
    const std::optional<QSslConfiguration> &tls() const { return m_tls; }

    // Opens SQLite in the data dir, or Redis shared with other instances (--redis).
    bool openStore(QString *error);
    MessageStore *store() const;
    Backplane *backplane() const;
    RedisEngine *redis() const { return m_redis.get(); }
    // Finishes what is queued and lets go of the store. Safe to call twice.
    void closeStore();

    // The market: the ticker source named by the config (CSV replay or the simulator), as a feed
    // owned by `parent`, and the bar history it records every trade into (bars(), kept in
    // bars.sqlite3 in the data dir; the simulator goes on from the last stored closes, and with
    // barBackfill an empty store first gets a plausible past). Null when the feed is off
    // (nothing to do) or, with `error` set, when it failed.
    TickerFeed *createFeed(std::function<qint64()> wallNow, QObject *parent, QString *error);
    BarHistory *bars() const { return m_barHistory.get(); }
    // Writes the bars still held and lets go of the bar store. Safe to call twice.
    void closeMarket();

    // The /metrics and /healthz listener, when --metrics-port asks for one; null when it does
    // not, or, with `error` set, when it cannot listen.
    std::unique_ptr<MetricsServer> startMetrics(std::function<QByteArray()> render,
                                                std::function<QString()> healthProblem,
                                                QString *error) const;

    // The demo bots, ordinary clients of the server at `serverUrl` (loopback whatever address it
    // serves), started and owned by `parent`.
    DemoMode *startDemo(QUrl serverUrl, const QHostAddress &listening,
                        std::function<void(const QString &, const QString &)> announce,
                        std::function<qint64()> wallNow, QObject *parent) const;

private:
    bool checkExposure(QString *error) const;
    bool configureTls(QString *error);
    std::unique_ptr<TickSource> createSource(qint64 now, QString *error);
    // A past for every instrument when the bar store is empty and the config asks for one.
    void backfill(const QList<MarketSimulator::Instrument> &instruments, qint64 now);

    const ServerConfig &m_config;
    ServerStats &m_stats;
    std::optional<QSslConfiguration> m_tls; // from --tls-cert and --tls-key
    std::unique_ptr<HistoryStore> m_sqlite;
    std::unique_ptr<RedisEngine> m_redis;
    std::unique_ptr<BarStore> m_barStore;
    std::unique_ptr<BarHistory> m_barHistory; // records into m_barStore: goes first
};

} // namespace sb::server
