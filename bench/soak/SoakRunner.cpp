#include "SoakRunner.h"

#include "client/ReconnectPolicy.h"

#include "Oracle.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace sb::soak {

namespace {

constexpr int ProgressEveryMs = 10000;
constexpr int StaggerMs = 20;        // between client starts: no 50-connection burst at t=0
constexpr int RestartRetryMs = 500;

qint64 percentile(QList<qint64> values, double q)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(q * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 2) + QStringLiteral(" s");
}

} // namespace

SoakRunner::SoakRunner(SoakOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(stdout)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &SoakRunner::killServer);
    m_progressTimer.setInterval(ProgressEveryMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &SoakRunner::progress);
}

SoakRunner::~SoakRunner()
{
    qDeleteAll(m_clients);
}

void SoakRunner::wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool SoakRunner::startServer(quint16 port)
{
    // The real executable with its defaults (rate limits, per-address cap of 256, heartbeat);
    // only the market feed is off, which chat does not use.
    return m_server.start(m_serverDir, {QStringLiteral("--no-feed")}, port);
}

int SoakRunner::run()
{
    m_clock.start();
    if (m_options.seed == 0)
        m_options.seed = QRandomGenerator::global()->bounded(1u, 1u << 31);
    m_random.seed(m_options.seed);
    if (m_options.dataDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("switchboard-soak-XXXXXX")));
        m_tempDir->setAutoRemove(!m_options.keep);
        m_root = m_tempDir->path();
    } else {
        m_root = m_options.dataDir;
        // A run starts from nothing; only what a previous run made here is removed.
        QDir(QDir(m_root).filePath(QStringLiteral("server"))).removeRecursively();
        QDir(QDir(m_root).filePath(QStringLiteral("clients"))).removeRecursively();
    }
    m_serverDir = QDir(m_root).filePath(QStringLiteral("server"));
    QDir().mkpath(m_serverDir);

    if (m_options.healthyAfterMs >= 0)
        m_out << "EXPERIMENT: reconnect schedule resets after " << m_options.healthyAfterMs
              << " ms of connection (the app's own: "
              << sb::client::ReconnectPolicy::Settings{}.healthyAfterMs << " ms)\n";
    m_out << "Switchboard chaos soak: " << m_options.clients << " clients, " << m_options.rooms
          << " rooms, " << m_options.durationSeconds << " s, seed " << m_options.seed
          << " (rerun with --seed " << m_options.seed << ")\n"
          << "data: " << m_root << "\n";
    m_out.flush();

    if (!startServer(0)) {
        m_out << "error: switchboard-server did not start:\n" << m_server.output() << "\n";
        return 2;
    }
    m_port = m_server.port();
    if (!createClients())
        return 2;

    // Everyone in their rooms before the chaos starts, so each client's history has a start.
    QDeadlineTimer joined(30000);
    while (!joined.hasExpired()
           && !std::all_of(m_clients.cbegin(), m_clients.cend(),
                           [](const SoakClient *c) { return c->isSettled(); }))
        wait(100);

    const qint64 durationMs = qint64(m_options.durationSeconds) * 1000;
    for (SoakClient *client : std::as_const(m_clients)) {
        client->setSending(true);
        client->setChaos(true);
    }
    // A fifth of the clients: the app closed and reopened from its data dir once, mid-run.
    QList<SoakClient *> shuffled = m_clients;
    std::shuffle(shuffled.begin(), shuffled.end(), m_random);
    const int rebuilds = int(std::lround(m_options.rebuildShare * double(m_clients.size())));
    for (int i = 0; i < rebuilds; ++i) {
        SoakClient *client = shuffled.at(i);
        const int at = int(durationMs / 5 + qint64(m_random.bounded(quint32(durationMs * 3 / 5 + 1))));
        const int down = 500 + int(m_random.bounded(4501u));
        QTimer::singleShot(at, client, [client, down] { client->rebuild(down); });
    }
    scheduleKill();
    m_progressTimer.start();
    wait(int(durationMs));

    // The chaos ends; the clients catch up; the server shuts down cleanly.
    m_killTimer.stop();
    for (SoakClient *client : std::as_const(m_clients)) {
        client->setChaos(false);
        client->setSending(false);
    }
    m_out << "chaos over at " << seconds(elapsed()) << "; draining\n";
    m_out.flush();
    const qint64 drainStart = elapsed();
    m_drained = drain();
    m_drainMs = elapsed() - drainStart;
    m_progressTimer.stop();
    m_server.sendTerminate();
    if (!m_server.waitForExit(30000))
        m_server.kill();

    QList<ClientLog> logs;
    for (SoakClient *client : std::as_const(m_clients))
        logs.append(client->finish());
    QString error;
    const ServerHistory history = Oracle::readHistory(m_serverDir, &error);
    if (!error.isEmpty()) {
        m_out << "error: cannot read the server's history: " << error << "\n";
        return 2;
    }
    const Verdict verdict = Oracle::judge(logs, history);
    report(verdict, logs);
    return verdict.violations() == 0 && m_drained ? 0 : 1;
}

bool SoakRunner::createClients()
{
    QStringList rooms;
    for (int i = 1; i <= m_options.rooms; ++i)
        rooms.append(QStringLiteral("room%1").arg(i));
    QStringList users;
    for (int i = 1; i <= m_options.clients; ++i)
        users.append(QStringLiteral("soak%1").arg(i, 3, 10, QLatin1Char('0')));
    for (const QString &user : std::as_const(users)) {
        SoakClient::Settings settings;
        settings.user = user;
        QStringList mine = rooms;
        std::shuffle(mine.begin(), mine.end(), m_random);
        settings.rooms = mine.mid(0, qMin(mine.size(), qsizetype(2 + m_random.bounded(2u))));
        settings.peers = users;
        settings.peers.removeOne(user);
        settings.dataDir = QDir(m_root).filePath(QStringLiteral("clients/") + user);
        settings.messagesPerSecond =
            m_options.minRate + m_random.generateDouble() * (m_options.maxRate - m_options.minRate);
        settings.dmShare = m_options.dmShare;
        settings.faultGapMinMs = m_options.faultGapMinSeconds * 1000;
        settings.faultGapMaxMs = m_options.faultGapMaxSeconds * 1000;
        settings.healthyAfterMs = m_options.healthyAfterMs;
        settings.seed = m_random.generate();
        auto *client = new SoakClient(settings, m_port, m_clock, this);
        connect(client, &SoakClient::resumed, this, [this](qint64 killMs, qint64 ms, bool carried) {
            m_resumeMs.append(ms);
            if (!carried)
                m_resumeFreshMs.append(ms);
            if (killMs == m_lastKillMs && m_timedThisKill > 0) {
                ++m_resumedThisKill;
                m_slowestThisKill = qMax(m_slowestThisKill, ms);
                if (m_resumedThisKill == m_timedThisKill) {
                    m_allResumedMs.append(m_slowestThisKill);
                    m_timedThisKill = 0;
                }
            }
        });
        connect(client, &SoakClient::resumeExcluded, this, [this](qint64 killMs) {
            ++m_excluded;
            if (killMs == m_lastKillMs && m_timedThisKill > 0) {
                --m_timedThisKill;
                if (m_timedThisKill > 0 && m_resumedThisKill == m_timedThisKill) {
                    m_allResumedMs.append(m_slowestThisKill);
                    m_timedThisKill = 0;
                }
            }
        });
        m_clients.append(client);
        QString error;
        if (!client->start(&error)) {
            m_out << "error: client " << user << ": " << error << "\n";
            return false;
        }
        wait(StaggerMs);
    }
    return true;
}

void SoakRunner::scheduleKill()
{
    const int low = m_options.killMinSeconds * 1000;
    const int high = m_options.killMaxSeconds * 1000;
    m_killTimer.start(low + int(m_random.bounded(quint32(high - low + 1))));
}

void SoakRunner::killServer()
{
    const qint64 killMs = elapsed();
    if (m_timedThisKill > 0)
        m_allResumedMs.append(killMs - m_lastKillMs); // someone was still not back
    m_server.kill();
    ++m_kills;
    m_lastKillMs = killMs;
    m_timedThisKill = 0; // exclusions reported during the loop below are not counted twice
    m_resumedThisKill = 0;
    m_slowestThisKill = 0;
    int timed = 0;
    for (SoakClient *client : std::as_const(m_clients)) {
        client->serverKilled(killMs);
        timed += client->isTimingResume() ? 1 : 0;
    }
    m_timedThisKill = timed;
    // Restarted at once on the same data dir and port.
    while (!startServer(m_port)) {
        ++m_restartFailures;
        m_out << "warning: restart failed, again in " << RestartRetryMs << " ms\n";
        m_out.flush();
        QThread::msleep(RestartRetryMs);
    }
    m_downtimes.append(elapsed() - killMs);
    scheduleKill();
}

void SoakRunner::progress()
{
    qint64 sent = 0;
    qint64 delivered = 0;
    int reconnects = 0;
    int outbox = 0;
    int settled = 0;
    for (const SoakClient *client : std::as_const(m_clients)) {
        sent += client->sentCount();
        delivered += client->deliveredCount();
        reconnects += client->reconnects();
        outbox = qMax(outbox, client->outboxDepth());
        settled += client->isSettled() ? 1 : 0;
    }
    m_out << "[" << qSetFieldWidth(5) << elapsed() / 1000 << qSetFieldWidth(0) << " s] sent "
          << sent << ", delivered " << delivered << ", server kills " << m_kills
          << ", reconnects " << reconnects << ", deepest outbox now " << outbox << ", settled "
          << settled << "/" << m_clients.size() << "\n";
    m_out.flush();
}

qint64 SoakRunner::directBacklog() const
{
    // Both users of a DM conversation at the higher of their watermarks: the last DM reached
    // both. A user who never heard of the conversation counts as at 0.
    QHash<QString, const SoakClient *> byUser;
    for (const SoakClient *client : std::as_const(m_clients))
        byUser.insert(client->user(), client);
    const auto watermarkOf = [&byUser](const QString &user, const QString &peer) {
        const SoakClient *client = byUser.value(user);
        return client ? client->watermark(QLatin1Char('@') + peer) : 0;
    };
    QSet<QString> counted;
    qint64 backlog = 0;
    for (const SoakClient *client : std::as_const(m_clients)) {
        for (const QString &conversation : client->directConversations()) {
            const QString peer = conversation.mid(1);
            const QString pair = Oracle::dmConversation(client->user(), peer);
            if (counted.contains(pair) || !byUser.contains(peer))
                continue;
            counted.insert(pair);
            const qint64 mine = watermarkOf(client->user(), peer);
            const qint64 theirs = watermarkOf(peer, client->user());
            backlog += qAbs(mine - theirs);
        }
    }
    return backlog;
}

bool SoakRunner::drain()
{
    // Outboxes can be hundreds deep after an hour-long-looking minute of faults (one message in
    // flight at a time, paced at 150 ms): wait as long as the clients make progress, and give up
    // only when nothing moved for --drain-seconds.
    const qint64 stallLimitMs = qint64(m_options.drainSeconds) * 1000;
    qint64 lastProgressMs = elapsed();
    qint64 bestBacklog = std::numeric_limits<qint64>::max();
    int stable = 0;
    while (elapsed() - lastProgressMs < stallLimitMs) {
        wait(500);
        bool done = std::all_of(m_clients.cbegin(), m_clients.cend(),
                                [](const SoakClient *c) { return c->isSettled(); });
        // Every member of a room at the same watermark: the last message reached everyone.
        QHash<QString, qint64> highest;
        for (const SoakClient *client : std::as_const(m_clients)) {
            for (const QString &room : client->rooms())
                highest[room] = qMax(highest.value(room), client->watermark(room));
        }
        qint64 backlog = directBacklog();
        for (const SoakClient *client : std::as_const(m_clients)) {
            backlog += client->outboxDepth();
            for (const QString &room : client->rooms())
                backlog += highest.value(room) - client->watermark(room);
        }
        done = done && backlog == 0;
        if (backlog < bestBacklog) {
            bestBacklog = backlog;
            lastProgressMs = elapsed();
        }
        stable = done ? stable + 1 : 0;
        if (stable >= 2)
            return true;
    }
    m_out << "no progress for " << m_options.drainSeconds << " s:\n";
    for (const SoakClient *client : std::as_const(m_clients)) {
        if (!client->isSettled())
            m_out << "  not caught up: " << client->user() << " (outbox " << client->outboxDepth() << ")\n";
    }
    return false;
}

void SoakRunner::report(const Verdict &v, const QList<ClientLog> &logs)
{
    int reconnects = 0;
    int maxOutbox = 0;
    int rebuilds = 0;
    int faults[SoakClient::FaultKinds] = {};
    qint64 sent = 0;
    qint64 dms = 0;
    for (const SoakClient *client : std::as_const(m_clients)) {
        reconnects += client->reconnects();
        maxOutbox = qMax(maxOutbox, client->maxOutboxDepth());
        rebuilds += client->rebuilds();
        for (int i = 0; i < SoakClient::FaultKinds; ++i)
            faults[i] += client->faultCount(SoakClient::Fault(i));
    }
    for (const ClientLog &log : logs) {
        sent += log.sent.size();
        dms += std::count_if(log.sent.cbegin(), log.sent.cend(),
                             [](const SentRecord &s) { return s.kind == QLatin1String("dm"); });
    }
    using F = SoakClient::Fault;
    QTextStream &o = m_out;
    o << "\n== soak summary (" << m_options.clients << " clients, " << m_options.rooms << " rooms, "
      << m_options.durationSeconds << " s of chaos, seed " << m_options.seed << ") ==\n"
      << "machine:            " << QSysInfo::prettyProductName() << ", "
      << QThread::idealThreadCount() << " cores\n"
      << "server restarts:    " << m_kills << " SIGKILLs, down (kill → listening) p50 "
      << seconds(percentile(m_downtimes, 0.5)) << ", max " << seconds(percentile(m_downtimes, 1.0))
      << (m_restartFailures ? QStringLiteral(", %1 failed restarts").arg(m_restartFailures) : QString())
      << "\n"
      << "client faults:      " << faults[int(F::Drop)] << " drops, " << faults[int(F::Ghost)]
      << " ghosts (5–60 s), " << faults[int(F::Delay)] << " delays (200–2000 ms), "
      << faults[int(F::Throttle)] << " throttles (2 KiB/s), " << faults[int(F::Cut)]
      << " frames cut, " << rebuilds << " apps rebuilt from disk\n"
      << "traffic:            " << sent << " messages sent (" << dms << " DMs), "
      << v.storedMessages << " stored, " << v.deliveries << " delivered to sessions\n"
      << "reconnects:         " << reconnects << "\n"
      << "resume after a restart (SIGKILL → back in all its rooms), per client: p50 "
      << seconds(percentile(m_resumeMs, 0.5)) << ", p99 " << seconds(percentile(m_resumeMs, 0.99))
      << ", max " << seconds(percentile(m_resumeMs, 1.0)) << " (" << m_resumeMs.size()
      << " timed, " << m_excluded << " not timed: under a fault of their own or rebuilt)\n"
      << "  of which the " << m_resumeFreshMs.size() << " whose backoff was at its first step: p50 "
      << seconds(percentile(m_resumeFreshMs, 0.5)) << ", p99 "
      << seconds(percentile(m_resumeFreshMs, 0.99)) << ", max "
      << seconds(percentile(m_resumeFreshMs, 1.0)) << "\n"
      << "  all timed clients back, per restart: p50 " << seconds(percentile(m_allResumedMs, 0.5))
      << ", p99 " << seconds(percentile(m_allResumedMs, 0.99)) << " (" << m_allResumedMs.size()
      << " restarts)\n"
      << "largest outbox:     " << maxOutbox << " messages\n"
      << "drain after chaos:  " << seconds(m_drainMs) << (m_drained ? "" : " (STALLED)") << "\n"
      << "violations:\n";
    const auto line = [&o](const char *what, int count) {
        o << "  " << qSetFieldWidth(40) << Qt::left << what << qSetFieldWidth(0) << count << "\n";
    };
    line("lost (sent, never stored)", v.lostSends);
    line("duplicated (stored twice)", v.duplicatedSends);
    line("altered (stored with other text)", v.alteredSends);
    line("seq gaps in history", v.seqGaps);
    line("seq repeats in history", v.seqRepeats);
    line("lost deliveries (room seq never seen)", v.lostDeliveries);
    line("duplicated deliveries", v.duplicatedDeliveries);
    line("reordered deliveries", v.reorderedDeliveries);
    line("mismatched deliveries", v.mismatchedDeliveries);
    line("lost DMs (stored, never delivered)", v.dmLost);
    line("DM deliveries duplicated", v.dmDuplicated);
    line("DM deliveries reordered", v.dmReordered);
    line("room histories reset", v.historyResets);
    line("given up in the outbox (Failed)", v.failedInOutbox);
    for (const QString &example : v.examples)
        o << "  e.g. " << example << "\n";
    o << "result: " << (v.violations() == 0 && m_drained ? "PASS" : "FAIL") << " ("
      << v.violations() << " violations)\n";
    o.flush();
}

} // namespace sb::soak
