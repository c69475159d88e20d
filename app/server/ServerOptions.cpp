#include "ServerOptions.h"

#include "protocol/Validator.h"
#include "server/Jwt.h"
#include "server/WsEngine.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>

namespace {

// Each default is written once, in ServerConfig: the option's value and its help text read it.
const sb::server::ServerConfig defaults;

// "90s", "30m", "24h", "7d" → seconds; -1 when unreadable.
qint64 parseDuration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)([smhd]?)$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const qint64 n = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    if (unit == QLatin1String("m"))
        return n * 60;
    if (unit == QLatin1String("h"))
        return n * 3600;
    if (unit == QLatin1String("d"))
        return n * 86400;
    return n;
}

// Seconds as parseDuration() reads them, in whole hours when it can (86400 → "24h"), else
// minutes (5400 → "90m"), else seconds.
QString formatDuration(qint64 seconds)
{
    if (seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

QCommandLineOption withDefault(const QStringList &names, const QString &description,
                               const QString &valueName, const QString &value)
{
    return QCommandLineOption(names, QStringLiteral("%1 (default %2).").arg(description, value),
                              valueName, value);
}

const QCommandLineOption hostOption = withDefault({QStringLiteral("host")},
    QStringLiteral("Address to listen on"),
    QStringLiteral("address"), defaults.host.toString());
const QCommandLineOption portOption = withDefault({QStringLiteral("port")},
    QStringLiteral("Port to listen on; 0 picks a free one"),
    QStringLiteral("port"), QString::number(defaults.port));
const QCommandLineOption metricsPortOption({QStringLiteral("metrics-port")},
                                           QStringLiteral("Serve Prometheus /metrics and /healthz over HTTP on this port; 0 picks a free one (default: off)."),
                                           QStringLiteral("port"));
const QCommandLineOption metricsHostOption({QStringLiteral("metrics-host")},
                                           QStringLiteral("Address for --metrics-port (default: the --host address)."),
                                           QStringLiteral("address"));
const QCommandLineOption dataDirOption({QStringLiteral("data-dir")},
                                       QStringLiteral("Where history and the market's bars are stored (default ~/.local/share/switchboard-server)."),
                                       QStringLiteral("dir"));
const QCommandLineOption allowGuestsOption({QStringLiteral("allow-guests")},
                                           QStringLiteral("Let clients in without a token (the default)."));
const QCommandLineOption noGuestsOption({QStringLiteral("no-guests")},
                                        QStringLiteral("Require a signed token in hello."));
const QCommandLineOption rateLimitOption = withDefault({QStringLiteral("rate-limit")},
    QStringLiteral("Chat sends per second per connection, with a burst of twice that; 0 turns it off"),
    QStringLiteral("n"), QString::number(defaults.chatRatePerSecond));
const QCommandLineOption frameRateOption = withDefault({QStringLiteral("frame-rate")},
    QStringLiteral("Flood guard: frames per second per connection, with a burst of twice that; 0 turns it off, for load tests"),
    QStringLiteral("n"), QString::number(defaults.frameRatePerSecond));
const QCommandLineOption maxMessageOption = withDefault({QStringLiteral("max-message-bytes")},
    QStringLiteral("Largest frame or message accepted; larger ones close with 1009"),
    QStringLiteral("bytes"), QString::number(defaults.maxMessageBytes));
const QCommandLineOption heartbeatOption = withDefault({QStringLiteral("heartbeat-ms")},
    QStringLiteral("Ping interval; two missed pongs close with 4000"),
    QStringLiteral("ms"), QString::number(defaults.heartbeatMs));
const QCommandLineOption helloTimeoutOption = withDefault({QStringLiteral("hello-timeout-ms")},
    QStringLiteral("Time a new connection has to send hello"),
    QStringLiteral("ms"), QString::number(defaults.helloTimeoutMs));
const QCommandLineOption handshakeTimeoutOption = withDefault({QStringLiteral("handshake-timeout-ms")},
    QStringLiteral("Time a WebSocket handshake may take"),
    QStringLiteral("ms"), QString::number(defaults.handshakeTimeoutMs));
const QCommandLineOption typingTimeoutOption = withDefault({QStringLiteral("typing-timeout-ms")},
    QStringLiteral("When a typing indicator expires by itself"),
    QStringLiteral("ms"), QString::number(defaults.typingTimeoutMs));
const QCommandLineOption syncFullOption({QStringLiteral("sync-full")},
                                        QStringLiteral("Make every commit survive power loss (SQLite synchronous=FULL), not only a crash."));
const QCommandLineOption secretOption({QStringLiteral("auth-secret-file")},
                                      QStringLiteral("File holding the HS256 secret that signs tokens."),
                                      QStringLiteral("file"));
const QCommandLineOption demoOption({QStringLiteral("demo")},
                                    QStringLiteral("Run with demo rooms, bots and announcements."));
const QCommandLineOption wsEngineOption = withDefault({QStringLiteral("ws-engine")},
    QStringLiteral("What accepts the WebSockets: %1").arg(sb::server::WsEngine::names().join(QStringLiteral(", "))),
    QStringLiteral("name"), defaults.wsEngine);
const QCommandLineOption tickHzOption = withDefault({QStringLiteral("tick-hz")},
    QStringLiteral("Simulated trades per second, all symbols together"),
    QStringLiteral("n"), QString::number(defaults.tickHz));
const QCommandLineOption tickersOption = withDefault({QStringLiteral("tickers")},
    QStringLiteral("How many symbols the simulated market has"),
    QStringLiteral("n"), QString::number(defaults.tickers));
const QCommandLineOption tickerCsvOption({QStringLiteral("ticker-csv")},
                                         QStringLiteral("Replay recorded trades (ts,symbol,price[,volume]) instead of simulating."),
                                         QStringLiteral("file"));
const QCommandLineOption replaySpeedOption = withDefault({QStringLiteral("replay-speed")},
    QStringLiteral("How many times real time --ticker-csv plays"),
    QStringLiteral("x"), QString::number(defaults.replaySpeed));
const QCommandLineOption barHistoryOption = withDefault({QStringLiteral("bar-history")},
    QStringLiteral("How far back the feed keeps one-second bars for ticker.history, e.g. 90m, 24h, 7d"),
    QStringLiteral("duration"), formatDuration(defaults.barHistorySeconds));
const QCommandLineOption noFeedOption({QStringLiteral("no-feed")},
                                      QStringLiteral("Run no market feed at all."));
const QCommandLineOption tlsCertOption({QStringLiteral("tls-cert")},
                                       QStringLiteral("PEM certificate (chain): serve wss://."),
                                       QStringLiteral("file"));
const QCommandLineOption tlsKeyOption({QStringLiteral("tls-key")},
                                      QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("file"));
const QCommandLineOption insecurePublicOption({QStringLiteral("insecure-public")},
                                              QStringLiteral("Allow plain ws:// on a non-loopback address (only behind a TLS proxy)."));
const QCommandLineOption originOption({QStringLiteral("allowed-origin")},
                                      QStringLiteral("A web origin browsers may connect from (repeatable); without any, all are allowed."),
                                      QStringLiteral("origin"));
const QCommandLineOption privateRoomOption({QStringLiteral("private-room")},
                                           QStringLiteral("A room only token holders with it in their rooms claim may enter (repeatable)."),
                                           QStringLiteral("room"));
const QCommandLineOption perIpOption = withDefault({QStringLiteral("max-connections-per-ip")},
    QStringLiteral("Connections one address may hold; 0 = unlimited"),
    QStringLiteral("n"), QString::number(defaults.maxConnectionsPerIp));
const QCommandLineOption roomsPerConnectionOption = withDefault({QStringLiteral("max-rooms-per-connection")},
    QStringLiteral("Rooms one connection may be in"),
    QStringLiteral("n"), QString::number(defaults.maxRoomsPerConnection));
const QCommandLineOption redisOption({QStringLiteral("redis")},
                                     QStringLiteral("Keep history, sequence numbers, dedupe, presence, read markers and notification settings in Redis, shared by every instance given the same URL: redis://[:password@]host:port/db (--data-dir then holds only this instance's market bars and search index)."),
                                     QStringLiteral("url"));
const QCommandLineOption redisHistoryCapOption = withDefault({QStringLiteral("redis-history-cap")},
    QStringLiteral("Events (messages and changes) Redis keeps per room or DM pair; older ones are trimmed"),
    QStringLiteral("n"), QString::number(defaults.redisHistoryCap));
const QCommandLineOption instanceTtlOption = withDefault({QStringLiteral("instance-ttl-ms")},
    QStringLiteral("With --redis: an instance silent this long is taken for dead and its users go offline"),
    QStringLiteral("ms"), QString::number(defaults.instanceTtlMs));
const QCommandLineOption userOption({QStringLiteral("user")},
                                    QStringLiteral("token: the user the token is for."), QStringLiteral("name"));
const QCommandLineOption ttlOption({QStringLiteral("ttl")},
                                   QStringLiteral("token: how long it is valid, e.g. 30m, 24h, 7d (default 24h)."),
                                   QStringLiteral("duration"), QStringLiteral("24h"));
const QCommandLineOption roleOption({QStringLiteral("role")},
                                    QStringLiteral("token: \"admin\" lets the holder announce."), QStringLiteral("role"));
const QCommandLineOption roomsOption({QStringLiteral("rooms")},
                                     QStringLiteral("token: private rooms the holder may enter, comma-separated."),
                                     QStringLiteral("list"));

} // namespace

ServerOptions::ServerOptions()
{
    m_parser.setApplicationDescription(
        QStringLiteral("Switchboard's WebSocket server: chat rooms, DMs, presence and a market feed.\n"
                       "  switchboard-server [options]          serve\n"
                       "  switchboard-server token [options]    print a signed token for --user"));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addPositionalArgument(QStringLiteral("command"),
                                   QStringLiteral("\"token\" to print a token; nothing to serve."),
                                   QStringLiteral("[token]"));
    m_parser.addOptions({hostOption, portOption, metricsPortOption, metricsHostOption,
                         dataDirOption, allowGuestsOption, noGuestsOption, rateLimitOption,
                         frameRateOption, maxMessageOption, heartbeatOption, helloTimeoutOption,
                         handshakeTimeoutOption, wsEngineOption, typingTimeoutOption, syncFullOption, secretOption,
                         demoOption, tickHzOption, tickersOption, tickerCsvOption,
                         replaySpeedOption, barHistoryOption, noFeedOption, tlsCertOption, tlsKeyOption,
                         insecurePublicOption, originOption, privateRoomOption, perIpOption,
                         roomsPerConnectionOption, redisOption, redisHistoryCapOption,
                         instanceTtlOption, userOption, ttlOption, roleOption, roomsOption});
}

bool ServerOptions::fail(const QString &message)
{
    std::fprintf(stderr, "switchboard-server: %s\nTry 'switchboard-server --help'.\n",
                 qPrintable(message));
    m_exitCode = 2;
    return false;
}

bool ServerOptions::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return fail(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help")))
        m_parser.showHelp(0);
    if (m_parser.isSet(QStringLiteral("version")))
        m_parser.showVersion();

    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && positional[0] != QLatin1String("token")))
        return fail(QStringLiteral("unknown command \"%1\"").arg(positional.join(u' ')));
    m_tokenCommand = positional.size() == 1;
    if (m_parser.isSet(secretOption) && !readSecret())
        return false;
    if (m_tokenCommand)
        return true;

    const auto number = [&](const QCommandLineOption &option, int min, int max, int *out) {
        bool ok = false;
        const int value = m_parser.value(option).toInt(&ok);
        if (!ok || value < min || value > max) {
            return fail(QStringLiteral("--%1 must be a whole number from %2 to %3")
                            .arg(option.names().constFirst())
                            .arg(min)
                            .arg(max));
        }
        *out = value;
        return true;
    };
    int port = 0;
    int rate = 0;
    int frameRate = 0;
    if (!number(portOption, 0, 65535, &port) || !number(rateLimitOption, 0, 1000000, &rate)
        || !number(frameRateOption, 0, 1000000, &frameRate)
        || !number(maxMessageOption, 1024, 16 * 1024 * 1024, &m_config.maxMessageBytes)
        || !number(heartbeatOption, 100, 3600000, &m_config.heartbeatMs)
        || !number(helloTimeoutOption, 100, 600000, &m_config.helloTimeoutMs)
        || !number(handshakeTimeoutOption, 100, 600000, &m_config.handshakeTimeoutMs)
        || !number(typingTimeoutOption, 100, 600000, &m_config.typingTimeoutMs)
        || !number(tickHzOption, 1, 100000, &m_config.tickHz)
        || !number(tickersOption, 1, 1000, &m_config.tickers)
        || !number(perIpOption, 0, 1000000, &m_config.maxConnectionsPerIp)
        || !number(roomsPerConnectionOption, 1, 100000, &m_config.maxRoomsPerConnection)
        || !number(redisHistoryCapOption, 100, 100000000, &m_config.redisHistoryCap)
        || !number(instanceTtlOption, 300, 600000, &m_config.instanceTtlMs))
        return false;
    m_config.redisUrl = m_parser.value(redisOption);
    m_config.wsEngine = m_parser.value(wsEngineOption);
    if (!sb::server::WsEngine::names().contains(m_config.wsEngine))
        return fail(QStringLiteral("--ws-engine must be one of: %1")
                        .arg(sb::server::WsEngine::names().join(QStringLiteral(", "))));
    if (m_parser.isSet(metricsPortOption)
        && !number(metricsPortOption, 0, 65535, &m_config.metricsPort))
        return false;
    if (m_parser.isSet(metricsHostOption)) {
        if (!m_parser.isSet(metricsPortOption))
            return fail(QStringLiteral("--metrics-host needs --metrics-port"));
        if (!m_config.metricsHost.setAddress(m_parser.value(metricsHostOption)))
            return fail(QStringLiteral("--metrics-host must be an IP address, not \"%1\"")
                            .arg(m_parser.value(metricsHostOption)));
    }
    m_config.tlsCertFile = m_parser.value(tlsCertOption);
    m_config.tlsKeyFile = m_parser.value(tlsKeyOption);
    if (m_config.tlsCertFile.isEmpty() != m_config.tlsKeyFile.isEmpty())
        return fail(QStringLiteral("--tls-cert and --tls-key go together"));
    m_config.insecurePublic = m_parser.isSet(insecurePublicOption);
    m_config.allowedOrigins = m_parser.values(originOption);
    m_config.privateRooms = m_parser.values(privateRoomOption);
    bool speedOk = false;
    m_config.replaySpeed = m_parser.value(replaySpeedOption).toDouble(&speedOk);
    if (!speedOk || m_config.replaySpeed <= 0 || m_config.replaySpeed > 10000)
        return fail(QStringLiteral("--replay-speed must be a number above 0 (e.g. 0.5, 1, 10)"));
    const qint64 barHistory = parseDuration(m_parser.value(barHistoryOption));
    if (barHistory < 60 || barHistory > 30 * 86400)
        return fail(QStringLiteral("--bar-history must be a duration from 1m to 30d (e.g. 90m, 24h, 7d)"));
    m_config.barHistorySeconds = int(barHistory);
    m_config.tickerCsv = m_parser.value(tickerCsvOption);
    m_config.feedEnabled = !m_parser.isSet(noFeedOption);
    if (!m_config.feedEnabled && !m_config.tickerCsv.isEmpty())
        return fail(QStringLiteral("--no-feed and --ticker-csv contradict each other"));
    m_config.port = quint16(port);
    m_config.chatRatePerSecond = rate;
    m_config.chatBurst = 2.0 * rate;
    // A user's sessions together may send twice what one connection may.
    m_config.userRatePerSecond = 2.0 * rate;
    m_config.userBurst = 4.0 * rate;
    m_config.frameRatePerSecond = frameRate;
    m_config.frameBurst = 2.0 * frameRate;

    if (!m_config.host.setAddress(m_parser.value(hostOption)))
        return fail(QStringLiteral("--host must be an IP address, not \"%1\"").arg(m_parser.value(hostOption)));
    if (m_parser.isSet(allowGuestsOption) && m_parser.isSet(noGuestsOption))
        return fail(QStringLiteral("--allow-guests and --no-guests contradict each other"));
    m_config.allowGuests = !m_parser.isSet(noGuestsOption);
    if (!m_config.allowGuests && m_config.authSecret.isEmpty())
        return fail(QStringLiteral("--no-guests needs --auth-secret-file, or nobody could sign in"));
    m_config.dataDir = m_parser.isSet(dataDirOption)
        ? m_parser.value(dataDirOption)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_config.durableFull = m_parser.isSet(syncFullOption);
    m_config.demo = m_parser.isSet(demoOption);
    // A demo's charts are full from the first second, even on a fresh data dir.
    m_config.barBackfill = m_config.demo;
    return true;
}

bool ServerOptions::readSecret()
{
    QFile file(m_parser.value(secretOption));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read --auth-secret-file %1: %2").arg(file.fileName(), file.errorString()));
    m_config.authSecret = file.readAll().trimmed();
    if (m_config.authSecret.size() < 16)
        return fail(QStringLiteral("the secret in %1 is shorter than 16 bytes; use e.g. "
                                   "'head -c 32 /dev/urandom | base64 > %1'").arg(file.fileName()));
    return true;
}

int ServerOptions::runTokenCommand() const
{
    if (m_config.authSecret.isEmpty()) {
        std::fprintf(stderr, "switchboard-server token: --auth-secret-file is required\n");
        return 2;
    }
    const QString user = m_parser.value(userOption);
    const qint64 ttl = parseDuration(m_parser.value(ttlOption));
    if (!sb::protocol::Validator::isUserName(user) || ttl <= 0) {
        std::fprintf(stderr, "switchboard-server token: needs --user NAME (letters, digits, . _ -; at most 32) and a --ttl such as 24h\n");
        return 2;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{QLatin1String("sub"), user},
                       {QLatin1String("iat"), now},
                       {QLatin1String("exp"), now + ttl}};
    if (m_parser.isSet(roleOption))
        claims.insert(QLatin1String("role"), m_parser.value(roleOption));
    if (m_parser.isSet(roomsOption))
        claims.insert(QLatin1String("rooms"),
                      QJsonArray::fromStringList(m_parser.value(roomsOption).split(u',', Qt::SkipEmptyParts)));
    std::printf("%s\n", sb::server::Jwt::sign(claims, m_config.authSecret).constData());
    return 0;
}
