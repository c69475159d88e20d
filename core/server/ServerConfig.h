#pragma once

#include "demo/DemoTiming.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace sb::server {

// Everything switchboard-server can be told on its command line, with the defaults it runs with.
struct ServerConfig
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8765;              // 0 picks a free port (tests)
    int metricsPort = -1;             // HTTP /metrics and /healthz; -1 none, 0 a free port (tests)
    QHostAddress metricsHost;         // null: the same address as `host` (loopback by default)
    QString dataDir;                  // SQLite history lives here
    bool allowGuests = true;
    QByteArray authSecret;            // HS256 key for tokens; empty: tokens are refused
    QString tlsCertFile;              // PEM; with tlsKeyFile the server speaks wss://
    QString tlsKeyFile;
    bool insecurePublic = false;      // allow plain ws:// on a non-loopback address
    QStringList allowedOrigins;       // browsers from other origins are refused; empty: any
    QStringList privateRooms;         // only token holders whose `rooms` claim names them
    int maxConnectionsPerIp = 256;    // 0 = unlimited (load tests)
    double chatRatePerSecond = 10;    // chat.send/dm.send per connection; 0 = unlimited
    double chatBurst = 20;
    double userRatePerSecond = 20;    // chat.send/dm.send per user, all sessions; 0 = unlimited
    double userBurst = 40;
    double frameRatePerSecond = 200;  // every frame, per connection: flood guard; 0 = unlimited
    double frameBurst = 400;
    int maxMessageBytes = 64 * 1024;  // larger frames or messages are closed with 1009
    int heartbeatMs = 15000;          // Ping frames; 2 missed Pongs close with 4000
    int helloTimeoutMs = 5000;        // `hello` must come first, within this
    int handshakeTimeoutMs = 10000;   // a half-finished WebSocket handshake is dropped
    int typingTimeoutMs = 5000;       // `typing active` expires on its own
    int maxRoomsPerConnection = 200;
    int replayLimit = 500;            // missed messages replayed on room.join before gap:true
    bool durableFull = false;         // synchronous=FULL (power loss) instead of NORMAL (kill -9)
    QString wsEngine = QStringLiteral("qt"); // WsEngine::names(): what accepts the WebSockets

    // Redis engine (scale-out): set, history, seqs, dedupe and presence live in Redis and
    // instances on the same Redis behave as one server. Empty: SQLite in dataDir.
    QString redisUrl;                 // redis://[:password@]host:port/db
    int redisHistoryCap = 100000;     // messages kept per conversation (stream MAXLEN ~)
    int redisDedupeSeconds = 7 * 24 * 3600; // how long a send id is remembered for retries
    int instanceTtlMs = 15000;        // an instance silent this long is dead; its users go offline

    // Market feed
    bool feedEnabled = true;
    int tickHz = 200;                 // simulated trades per second, all symbols together
    int tickers = 20;                 // simulated symbols
    QString tickerCsv;                // replay this recording instead of simulating
    double replaySpeed = 1.0;
    int barHistorySeconds = 24 * 3600; // one-second bars kept per symbol in bars.sqlite3
    bool barBackfill = false;         // an empty bar store gets a plausible past (--demo sets it)

    // Backpressure: bytes queued towards one client and not yet written to the kernel.
    qint64 sendHighWaterBytes = 256 * 1024;     // above: ticker data conflated until it drains
    qint64 sendHardLimitBytes = 4 * 1024 * 1024; // above for slowConsumerGraceMs: close 4008
    int slowConsumerGraceMs = 5000;

    bool demo = false;
    DemoTiming demoTiming;
};

} // namespace sb::server
