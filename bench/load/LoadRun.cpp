#include "LoadRun.h"

#include "Request.h"
#include "WsLoop.h"

#include <QCborArray>
#include <QCborMap>
#include <QLocale>
#include <QThread>

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

namespace bench {

namespace {

enum Phase : int { Setup, Warmup, Measure, Done };

// The client id of every chat.send carries its send time, so the ack and every delivery
// (chat.message echoes it as client_id) give a latency without any lookup.
constexpr char IdMarker[] = "Q#";
constexpr int IdDigits = 16; // steady nanoseconds

bool contains(const char *data, size_t size, const char *needle)
{
    return memmem(data, size, needle, std::strlen(needle)) != nullptr;
}

size_t countOf(const char *data, size_t size, const char *needle, size_t length)
{
    size_t n = 0;
    const char *end = data + size;
    while (const char *hit = static_cast<const char *>(memmem(data, size_t(end - data), needle, length))) {
        ++n;
        data = hit + length;
    }
    return n;
}

struct ConnState
{
    bool ready = false;
    bool publisher = false;
    bool sampled = false;
    int inflight = 0;
    uint64_t sent = 0;
    std::string sendTemplate; // chat.send with a placeholder id
    size_t idOffset = 0;      // where the id's digits start in it
};

struct LoopStats
{
    uint64_t deliveries = 0, acks = 0, errors = 0, tickerFrames = 0, ticks = 0, bytes = 0, pings = 0;
    Latencies ackLatency, endToEnd;
};

} // namespace

struct LoadRun::Shared
{
    std::atomic<int> phase{Setup};
    std::atomic<uint64_t> phaseStartNs{0};
    std::atomic<bool> stop{false};
    std::atomic<int> ready{0};
    std::atomic<int> closed{0};
    std::atomic<int> connectFailures{0};
    sockaddr_in target{};
    std::mutex mutex;
    std::vector<LoopStats> stats;
};

LoadRun::LoadRun(Plan plan, ServerUnderTest &server)
    : m_plan(std::move(plan))
    , m_server(server)
{
}

void LoadRun::loopThread(int thread, Shared &shared)
{
    const Plan &plan = m_plan;
    LoopStats stats;
    std::vector<ConnState> states(size_t(plan.connections / plan.threads + 1));
    std::vector<WsConn *> publishers;
    int next = thread; // connections of this loop: index % threads == thread
    WsLoop *loopPtr = nullptr;

    const auto stateOf = [&](WsConn &conn) -> ConnState & { return states[size_t(conn.index / plan.threads)]; };
    const auto roomOf = [&](int index) { return plan.members > 0 ? index / plan.members : 0; };

    const auto sendChat = [&](WsConn &conn, ConnState &state, uint64_t now) {
        char digits[IdDigits + 1];
        std::snprintf(digits, sizeof digits, "%016llu", static_cast<unsigned long long>(now));
        std::memcpy(&state.sendTemplate[state.idOffset], digits, IdDigits);
        char counter[9];
        std::snprintf(counter, sizeof counter, "%08llu", static_cast<unsigned long long>(state.sent % 100000000));
        std::memcpy(&state.sendTemplate[state.idOffset + IdDigits + 1], counter, 8);
        ++state.sent;
        ++state.inflight;
        loopPtr->send(conn, state.sendTemplate);
    };

    const auto becomeReady = [&](WsConn &conn, ConnState &state) {
        state.ready = true;
        shared.ready.fetch_add(1);
        if (!state.publisher)
            return;
        // Built once: only the id's digits change per message.
        const std::string room = "bench-" + std::to_string(roomOf(conn.index));
        char id[64];
        std::snprintf(id, sizeof id, "%s%0*d-00000000", IdMarker, IdDigits, 0);
        state.sendTemplate = request(conn.cbor, "chat.send", id,
                                     QCborMap{{QLatin1String("room"), QString::fromStdString(room)},
                                              {QLatin1String("text"), QString(plan.textBytes, u'x')}});
        state.idOffset = state.sendTemplate.find(IdMarker) + 2;
        publishers.push_back(&conn);
    };

    WsLoop::Handlers handlers;
    handlers.opened = [&](WsConn &conn) {
        ConnState &state = stateOf(conn);
        const int inRoom = plan.members > 0 ? conn.index % plan.members : conn.index;
        state.publisher = plan.joinRoom && inRoom < plan.publishersPerRoom;
        state.sampled = plan.sampleEvery > 0 && inRoom % plan.sampleEvery == plan.sampleEvery - 1;
        loopPtr->send(conn, request(conn.cbor, "hello", "H@",
                                    QCborMap{{QLatin1String("name"), QStringLiteral("b%1").arg(conn.index)}}));
    };
    handlers.closed = [&](WsConn &) { shared.closed.fetch_add(1); };
    handlers.message = [&](WsConn &conn, const char *data, size_t size) {
        ConnState &state = stateOf(conn);
        const int phase = shared.phase.load(std::memory_order_relaxed);
        const bool measuring = phase == Measure;
        if (measuring)
            stats.bytes += size;
        if (!state.ready) {
            if (contains(data, size, "welcome")) {
                if (plan.joinRoom) {
                    const std::string room = "bench-" + std::to_string(roomOf(conn.index));
                    loopPtr->send(conn, request(conn.cbor, "room.join", "J@",
                                                QCborMap{{QLatin1String("room"), QString::fromStdString(room)}}));
                } else if (plan.subscribeTicker) {
                    loopPtr->send(conn, request(conn.cbor, "ticker.subscribe", "S@",
                                                QCborMap{{QLatin1String("symbols"), QCborArray{QLatin1String("*")}},
                                                         {QLatin1String("max_hz"), plan.maxHz}}));
                } else {
                    becomeReady(conn, state);
                }
            } else if (contains(data, size, "J@") || contains(data, size, "S@")) {
                becomeReady(conn, state);
            }
            return;
        }
        if (plan.subscribeTicker) {
            if (measuring) {
                ++stats.tickerFrames;
                stats.ticks += conn.cbor ? countOf(data, size, "\x61s", 2) : countOf(data, size, "\"s\":", 4);
            }
            return;
        }
        const char *marker = static_cast<const char *>(memmem(data, size, IdMarker, 2));
        if (!marker || size_t(data + size - marker) < 2 + IdDigits)
            return; // presence, room events: not what is measured
        const uint64_t sentAt = std::strtoull(std::string(marker + 2, IdDigits).c_str(), nullptr, 10);
        const uint64_t now = nowNs();
        if (contains(data, size, "chat.message")) {
            if (measuring) {
                ++stats.deliveries;
                if (state.sampled)
                    stats.endToEnd.add(now - sentAt);
            }
            return;
        }
        // The ack (or an error) for one of this publisher's messages.
        --state.inflight;
        if (contains(data, size, "error")) {
            ++stats.errors;
        } else if (measuring) {
            ++stats.acks;
            stats.ackLatency.add(now - sentAt);
        }
        if (plan.rate <= 0 && (phase == Warmup || phase == Measure))
            sendChat(conn, state, now);
    };
    handlers.tick = [&](uint64_t now) {
        WsLoop &loop = *loopPtr;
        while (next < plan.connections && loop.handshaking() < std::max(1, plan.maxHandshaking / plan.threads)) {
            sockaddr_in source{};
            source.sin_family = AF_INET;
            if (plan.sources > 0)
                source.sin_addr.s_addr = htonl((127u << 24) | uint32_t(2 + next % plan.sources));
            if (!loop.connect(source, shared.target, next, plan.cbor))
                shared.connectFailures.fetch_add(1);
            next += plan.threads;
        }
        const int phase = shared.phase.load(std::memory_order_relaxed);
        if (phase != Warmup && phase != Measure)
            return;
        if (plan.rate <= 0) {
            // Closed loop: fill each publisher's window; acks keep it full.
            for (WsConn *conn : publishers) {
                ConnState &state = stateOf(*conn);
                while (state.inflight < plan.window)
                    sendChat(*conn, state, nowNs());
            }
            return;
        }
        // Open loop at a fixed rate, spread over the publishers; a late tick catches up.
        const int totalPublishers = std::max(1, plan.publishersPerRoom * std::max(1, plan.connections / std::max(1, plan.members)));
        const double perPublisher = plan.rate / totalPublishers;
        const double elapsed = double(now - shared.phaseStartNs.load()) / 1e9;
        for (WsConn *conn : publishers) {
            ConnState &state = stateOf(*conn);
            // Publishers are independent clients: their schedules are staggered, not in step.
            const double offset = double(conn->index % 997) / 997.0;
            const uint64_t due = uint64_t(elapsed * perPublisher + offset);
            for (int burst = 0; state.sent < due && burst < 100; ++burst)
                sendChat(*conn, state, nowNs());
        }
    };

    WsLoop loop(std::move(handlers));
    loopPtr = &loop;
    loop.run(shared.stop);
    stats.pings = loop.pingsAnswered();
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.stats.push_back(std::move(stats));
}

Result LoadRun::run()
{
    Result result;
    Shared shared;
    shared.target.sin_family = AF_INET;
    shared.target.sin_port = htons(m_server.port());
    inet_pton(AF_INET, m_server.host().toLatin1().constData(), &shared.target.sin_addr);
    if (!m_server.host().startsWith(QLatin1String("127.")))
        m_plan.sources = 0; // extra loopback source addresses only reach a loopback server

    result.rssBeforeKiB = m_server.rssKiB();
    const uint64_t setupStart = nowNs();
    std::vector<std::thread> threads;
    for (int t = 0; t < m_plan.threads; ++t)
        threads.emplace_back([this, t, &shared] { loopThread(t, shared); });

    // Every connection ready, or nothing progressing for 20 s.
    int lastReady = -1;
    uint64_t lastProgress = nowNs();
    while (shared.ready.load() + shared.closed.load() + shared.connectFailures.load() < m_plan.connections) {
        QThread::msleep(50);
        const int ready = shared.ready.load();
        if (ready != lastReady) {
            lastReady = ready;
            lastProgress = nowNs();
        } else if (nowNs() - lastProgress > 20000000000ull) {
            std::fprintf(stderr, "switchboard-bench: only %d of %d connections ready; going on\n", ready,
                         m_plan.connections);
            break;
        }
    }
    result.setupSeconds = double(nowNs() - setupStart) / 1e9;
    result.ready = shared.ready.load();
    QThread::msleep(200); // join storms (presence, room events) settle
    result.rssReadyKiB = m_server.rssKiB();

    shared.phaseStartNs = nowNs();
    shared.phase = Warmup;
    QThread::msleep(qint64(m_plan.warmupSeconds * 1000));
    const double serverCpu0 = m_server.cpuSeconds();
    const double selfCpu0 = selfCpuSeconds();
    const uint64_t t0 = nowNs();
    shared.phase = Measure;
    QThread::msleep(qint64(m_plan.seconds * 1000));
    shared.phase = Done;
    const uint64_t t1 = nowNs();
    const double serverCpu1 = m_server.cpuSeconds();
    const double selfCpu1 = selfCpuSeconds();
    result.rssAfterKiB = m_server.rssKiB();
    result.seconds = double(t1 - t0) / 1e9;
    if (serverCpu0 >= 0 && serverCpu1 >= 0)
        result.serverCores = (serverCpu1 - serverCpu0) / result.seconds;
    result.generatorCores = (selfCpu1 - selfCpu0) / result.seconds;
    result.closed = shared.closed.load();

    QThread::msleep(300); // in-flight acks arrive (not counted)
    shared.stop = true;
    for (auto &thread : threads)
        thread.join();
    for (LoopStats &stats : shared.stats) {
        result.deliveries += stats.deliveries;
        result.acks += stats.acks;
        result.errors += stats.errors;
        result.tickerFrames += stats.tickerFrames;
        result.ticks += stats.ticks;
        result.bytes += stats.bytes;
        result.pings += stats.pings;
        result.ackLatency.merge(stats.ackLatency);
        result.endToEnd.merge(stats.endToEnd);
    }
    return result;
}

namespace {
QString grouped(double value)
{
    return QLocale(QLocale::English).toString(qint64(value + 0.5));
}
void printLatency(const char *label, Latencies &latencies)
{
    if (latencies.count() == 0)
        return;
    std::printf("  %-22s p50 %.2f  p99 %.2f  p999 %.2f  max %.2f ms  (%zu samples)\n", label,
                latencies.percentileMs(0.5), latencies.percentileMs(0.99), latencies.percentileMs(0.999),
                latencies.percentileMs(1.0), latencies.count());
}
double mib(long kib)
{
    return double(kib) / 1024.0;
}
} // namespace

void printResult(const Plan &plan, Result &r, const QString &kind)
{
    std::printf("-- %s\n", qPrintable(plan.title));
    std::printf("  %-22s %d of %d in %.1f s (%d closed during the run)\n", "connections ready", r.ready,
                plan.connections, r.setupSeconds, r.closed);
    if (kind == QLatin1String("fanout") || kind == QLatin1String("latency")) {
        std::printf("  %-22s %s /s\n", "deliveries", qPrintable(grouped(double(r.deliveries) / r.seconds)));
        std::printf("  %-22s %s /s (acked after commit)\n", "messages", qPrintable(grouped(double(r.acks) / r.seconds)));
        if (r.errors)
            std::printf("  %-22s %llu\n", "errors", static_cast<unsigned long long>(r.errors));
        if (r.serverCores > 0 && r.deliveries > 0) {
            // Wall-clock rates depend on what else runs on the machine; CPU time per delivery
            // does much less, and says what one core would sustain.
            const double usPerDelivery = r.serverCores * r.seconds * 1e6 / double(r.deliveries);
            std::printf("  %-22s %.2f us of server CPU per delivery (%s deliveries/s per busy core)\n",
                        "cost", usPerDelivery, qPrintable(grouped(1e6 / usPerDelivery)));
        }
        printLatency("ack latency", r.ackLatency);
        printLatency("end-to-end latency", r.endToEnd);
    } else if (kind == QLatin1String("ticker")) {
        std::printf("  %-22s %s frames/s, %s ticks/s to all subscribers together\n", "received",
                    qPrintable(grouped(double(r.tickerFrames) / r.seconds)),
                    qPrintable(grouped(double(r.ticks) / r.seconds)));
    } else if (kind == QLatin1String("connections")) {
        const int n = qMax(1, r.ready);
        std::printf("  %-22s %llu (Pongs sent by the generator)\n", "heartbeats answered",
                    static_cast<unsigned long long>(r.pings));
        if (r.rssBeforeKiB > 0)
            std::printf("  %-22s %.2f KiB per connection ready, %.2f KiB after holding %.0f s\n",
                        "server RSS growth", double(r.rssReadyKiB - r.rssBeforeKiB) / n,
                        double(r.rssAfterKiB - r.rssBeforeKiB) / n, plan.warmupSeconds + plan.seconds);
    }
    if (r.rssAfterKiB > 0)
        std::printf("  %-22s %.1f MiB before, %.1f MiB ready, %.1f MiB at the end\n", "server RSS",
                    mib(r.rssBeforeKiB), mib(r.rssReadyKiB), mib(r.rssAfterKiB));
    if (r.serverCores >= 0)
        std::printf("  %-22s %.2f cores (server), %.2f cores (generator), over %.1f s\n", "CPU", r.serverCores,
                    r.generatorCores, r.seconds);
    std::fflush(stdout);
}

} // namespace bench
