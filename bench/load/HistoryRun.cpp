#include "HistoryRun.h"

#include "Request.h"
#include "WsLoop.h"

#include <QThread>

#include <arpa/inet.h>

#include <cstring>

namespace bench {

HistoryRun::HistoryRun(ServerUnderTest &server, bool cbor, int requests, QStringList intervals)
    : m_server(server)
    , m_cbor(cbor)
    , m_requests(requests)
    , m_intervals(std::move(intervals))
{
}

std::vector<HistoryRun::Figures> HistoryRun::run()
{
    // What the server costs doing nothing but its feed and bots, per second.
    const double idle0 = m_server.cpuSeconds();
    QThread::msleep(2000);
    const double idlePerSecond = (m_server.cpuSeconds() - idle0) / 2.0;

    std::vector<Figures> figures;
    std::atomic<bool> stop{false};
    int interval = 0;
    int sent = 0;           // requests of the current interval, the warm-up one included
    uint64_t sentAt = 0;
    uint64_t intervalStartNs = 0;
    double intervalStartCpu = 0;
    bool welcomed = false;
    WsLoop *loopPtr = nullptr;

    const auto sendNext = [&](WsConn &conn) {
        const QString name = m_intervals.at(interval);
        sentAt = nowNs();
        loopPtr->send(conn, request(m_cbor, "ticker.history", "Y@",
                                    QCborMap{{QLatin1String("symbol"), QLatin1String("AAPL")},
                                             {QLatin1String("interval"), name},
                                             {QLatin1String("limit"), 5000}}));
        ++sent;
    };

    WsLoop::Handlers handlers;
    handlers.opened = [&](WsConn &conn) {
        loopPtr->send(conn, request(m_cbor, "hello", "H@", QCborMap{{QLatin1String("name"), QLatin1String("bars")}}));
    };
    handlers.closed = [&](WsConn &) { stop = true; };
    handlers.message = [&](WsConn &conn, const char *data, size_t size) {
        if (!welcomed) {
            if (!memmem(data, size, "welcome", 7))
                return;
            welcomed = true;
            figures.push_back({m_intervals.at(0), 0, 0, {}, -1});
            sendNext(conn);
            return;
        }
        if (!memmem(data, size, "Y@", 2))
            return; // a chat message of the demo bots, an announcement
        const uint64_t now = nowNs();
        Figures &current = figures.back();
        if (sent == 1) {
            // The warm-up request is not counted: the measured ones start now.
            intervalStartNs = now;
            intervalStartCpu = m_server.cpuSeconds();
        } else {
            current.roundTrip.add(now - sentAt);
        }
        current.bytes = size;
        current.bars = 0;
        // Each bar's key "t" and its value: in CBOR a text of one and an 8-byte integer.
        const char *needle = m_cbor ? "\x61t\x1b" : "\"t\":";
        const size_t length = m_cbor ? 3 : 4;
        for (const char *at = data; (at = static_cast<const char *>(memmem(at, size_t(data + size - at), needle, length)));
             ++at)
            ++current.bars;
        if (sent <= m_requests) {
            sendNext(conn);
            return;
        }
        const double seconds = double(now - intervalStartNs) / 1e9;
        current.serverCpuMs = (m_server.cpuSeconds() - intervalStartCpu - idlePerSecond * seconds) * 1000.0 / m_requests;
        if (++interval == m_intervals.size()) {
            stop = true;
            return;
        }
        figures.push_back({m_intervals.at(interval), 0, 0, {}, -1});
        sent = 0;
        sendNext(conn);
    };

    WsLoop loop(std::move(handlers));
    loopPtr = &loop;
    sockaddr_in source{}, target{};
    source.sin_family = AF_INET;
    target.sin_family = AF_INET;
    target.sin_port = htons(m_server.port());
    inet_pton(AF_INET, m_server.host().toLatin1().constData(), &target.sin_addr);
    if (!loop.connect(source, target, 0, m_cbor))
        return figures;
    loop.run(stop);
    return figures;
}

} // namespace bench
