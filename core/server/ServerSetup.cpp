#include "ServerSetup.h"

#include "HistoryStore.h"
#include "Jwt.h"
#include "MetricsServer.h"
#include "demo/DemoMode.h"
#include "market/BarBackfill.h"
#include "market/BarHistory.h"
#include "market/BarStore.h"
#include "market/CsvReplay.h"
#include "market/MarketSimulator.h"
#include "market/TickerFeed.h"
#include "redis/RedisEngine.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

Q_LOGGING_CATEGORY(lcSetup, "switchboard.server.setup")

namespace sb::server {

ServerSetup::ServerSetup(const ServerConfig &config, ServerStats &stats)
    : m_config(config)
    , m_stats(stats)
{
}

ServerSetup::~ServerSetup()
{
    closeMarket();
    closeStore();
}

bool ServerSetup::prepareListening(QString *error)
{
    return checkExposure(error) && configureTls(error);
}

bool ServerSetup::checkExposure(QString *error) const
{
    if (m_config.host.isLoopback() || !m_config.tlsCertFile.isEmpty() || m_config.insecurePublic)
        return true;
    *error = QStringLiteral(
                 "refusing to serve plain ws:// on %1: anyone on the network could read tokens "
                 "and messages. Give --tls-cert and --tls-key, or --insecure-public when a TLS "
                 "proxy sits in front of this server.")
                 .arg(m_config.host.toString());
    return false;
}

bool ServerSetup::configureTls(QString *error)
{
    if (m_config.tlsCertFile.isEmpty() && m_config.tlsKeyFile.isEmpty())
        return true;
    QFile certFile(m_config.tlsCertFile), keyFile(m_config.tlsKeyFile);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("--tls-cert and --tls-key must both name readable PEM files (%1, %2)")
                     .arg(m_config.tlsCertFile, m_config.tlsKeyFile);
        return false;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromDevice(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
    QSslKey usableKey = key;
    if (key.isNull()) {
        keyFile.seek(0);
        usableKey = QSslKey(&keyFile, QSsl::Ec, QSsl::Pem);
    }
    if (chain.isEmpty() || usableKey.isNull()) {
        *error = QStringLiteral("could not read a certificate from %1 and an RSA or EC key from %2")
                     .arg(m_config.tlsCertFile, m_config.tlsKeyFile);
        return false;
    }
    // The server's sslErrors carry no socket, so everything must be right up front.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(usableKey);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove who they are with tokens
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_tls = tls;
    return true;
}

bool ServerSetup::openStore(QString *error)
{
    if (!m_config.redisUrl.isEmpty()) {
        m_redis = std::make_unique<RedisEngine>(m_config, m_stats);
        if (!m_redis->start(error)) {
            m_redis.reset();
            return false;
        }
        return true;
    }
    m_sqlite = std::make_unique<HistoryStore>();
    if (!m_sqlite->open(m_config.dataDir, m_config.durableFull, error)) {
        m_sqlite.reset();
        return false;
    }
    return true;
}

MessageStore *ServerSetup::store() const
{
    if (m_redis)
        return &m_redis->store();
    return m_sqlite.get();
}

Backplane *ServerSetup::backplane() const
{
    return m_redis ? &m_redis->backplane() : nullptr;
}

void ServerSetup::closeStore()
{
    if (MessageStore *open = store())
        open->close();
    m_redis.reset();
    m_sqlite.reset();
}

TickerFeed *ServerSetup::createFeed(std::function<qint64()> wallNow, QObject *parent, QString *error)
{
    if (!m_config.feedEnabled)
        return nullptr;
    m_barStore = std::make_unique<BarStore>();
    if (!m_barStore->open(m_config.dataDir, m_config.durableFull, error)) {
        m_barStore.reset();
        return nullptr;
    }
    std::unique_ptr<TickSource> source = createSource(wallNow(), error);
    if (!source) {
        closeMarket();
        return nullptr;
    }
    auto *feed = new TickerFeed(std::move(source), wallNow, parent);
    m_barHistory = std::make_unique<BarHistory>(*m_barStore, qint64(m_config.barHistorySeconds) * 1000,
                                                std::move(wallNow));
    QObject::connect(feed, &TickerFeed::traded, m_barHistory.get(), &BarHistory::record);
    m_barHistory->start();
    return feed;
}

std::unique_ptr<TickSource> ServerSetup::createSource(qint64 now, QString *error)
{
    if (!m_config.tickerCsv.isEmpty()) {
        QFile file(m_config.tickerCsv);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read --ticker-csv %1: %2").arg(file.fileName(), file.errorString());
            return nullptr;
        }
        const CsvReplay::Parsed parsed = CsvReplay::parse(file);
        for (const QString &problem : parsed.problems)
            qCWarning(lcSetup).noquote() << QStringLiteral("%1: %2").arg(file.fileName(), problem);
        if (parsed.ticks.isEmpty()) {
            *error = QStringLiteral("%1 holds no valid ticks (ts,symbol,price[,volume])").arg(file.fileName());
            return nullptr;
        }
        return std::make_unique<CsvReplay>(parsed.ticks, m_config.replaySpeed, now);
    }
    QList<MarketSimulator::Instrument> instruments = MarketSimulator::defaultInstruments(m_config.tickers);
    backfill(instruments, now);
    // The market goes on where it stopped, so a chart shows no jump across a restart.
    const QHash<QString, Bar> newest = m_barStore->newestBars();
    for (MarketSimulator::Instrument &instrument : instruments) {
        if (const auto stored = newest.constFind(instrument.symbol); stored != newest.cend())
            instrument.price = stored->close;
    }
    return std::make_unique<MarketSimulator>(std::move(instruments), m_config.tickHz,
                                             QRandomGenerator::global()->generate(), now);
}

void ServerSetup::backfill(const QList<MarketSimulator::Instrument> &instruments, qint64 now)
{
    if (!m_config.barBackfill || !m_barStore->isEmpty())
        return;
    QElapsedTimer timer;
    timer.start();
    const qint64 spanMs = qint64(m_config.barHistorySeconds) * 1000;
    const double tradesPerSecond = double(m_config.tickHz) / qMax(1, int(instruments.size()));
    const qint64 bars = BarBackfill::fill(*m_barStore, instruments, tradesPerSecond, now, spanMs);
    qCInfo(lcSetup).noquote() << QStringLiteral("backfilled %1 one-second bars (%2 symbols, %3 h) in %4 ms")
                                     .arg(bars)
                                     .arg(instruments.size())
                                     .arg(double(spanMs) / 3600000.0, 0, 'g', 3)
                                     .arg(timer.elapsed());
}

void ServerSetup::closeMarket()
{
    m_barHistory.reset();
    m_barStore.reset();
}

std::unique_ptr<MetricsServer> ServerSetup::startMetrics(std::function<QByteArray()> render,
                                                         std::function<QString()> healthProblem,
                                                         QString *error) const
{
    if (m_config.metricsPort < 0)
        return nullptr;
    auto metrics = std::make_unique<MetricsServer>(std::move(render), std::move(healthProblem));
    const QHostAddress host = m_config.metricsHost.isNull() ? m_config.host : m_config.metricsHost;
    if (!metrics->listen(host, quint16(m_config.metricsPort), error))
        return nullptr;
    return metrics;
}

DemoMode *ServerSetup::startDemo(QUrl serverUrl, const QHostAddress &listening,
                                 std::function<void(const QString &, const QString &)> announce,
                                 std::function<qint64()> wallNow, QObject *parent) const
{
    if (listening == QHostAddress::Any || listening == QHostAddress::AnyIPv4)
        serverUrl.setHost(QStringLiteral("127.0.0.1"));
    else if (listening == QHostAddress::AnyIPv6)
        serverUrl.setHost(QStringLiteral("::1"));
    const ServerConfig &config = m_config;
    const auto tokenFor = [&config, wallNow](const QString &user) -> QString {
        if (config.allowGuests || config.authSecret.isEmpty())
            return {};
        const qint64 now = wallNow() / 1000;
        return QString::fromLatin1(Jwt::sign({{QLatin1String("sub"), user},
                                              {QLatin1String("iat"), now},
                                              {QLatin1String("exp"), now + 30 * 86400}},
                                             config.authSecret));
    };
    auto *demo = new DemoMode(config.demoTiming, std::move(announce), tokenFor, parent);
    demo->start(serverUrl);
    return demo;
}

} // namespace sb::server
