#pragma once

#include "Latencies.h"
#include "ServerUnderTest.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <vector>

namespace bench {

class WsLoop;
struct WsConn;

// What one scenario does: how many connections, what they join, who publishes how fast.
struct Plan
{
    QString title;
    int connections = 0;
    int sources = 1;            // source addresses 127.0.0.2, .3, … (0: let the kernel choose)
    int threads = 1;            // generator event loops
    bool cbor = false;
    int maxHandshaking = 64;    // connects in flight at once: the server's listen backlog is 50

    // Chat: connection i is in room i / members; the first `publishersPerRoom` of each publish.
    bool joinRoom = false;
    int members = 0;
    int publishersPerRoom = 0;
    int window = 0;             // closed loop: messages in flight per publisher (rate 0)
    double rate = 0;            // open loop: messages per second over all publishers
    int textBytes = 120;
    int sampleEvery = 8;        // end-to-end latency from every n-th receiver

    // Market data: every connection subscribes to all symbols at max_hz.
    bool subscribeTicker = false;
    int maxHz = 20;

    double warmupSeconds = 2;
    double seconds = 10;
};

// Figures of one run, taken over the measured window only (after warm-up).
struct Result
{
    int ready = 0;              // connections that completed hello (and join/subscribe)
    int closed = 0;             // connections the server closed or lost
    double setupSeconds = 0;    // connecting and joining everything
    double seconds = 0;         // the measured window
    uint64_t deliveries = 0;    // chat.message frames received by members
    uint64_t acks = 0;
    uint64_t errors = 0;
    uint64_t tickerFrames = 0;
    uint64_t ticks = 0;
    uint64_t bytes = 0;
    uint64_t pings = 0;
    Latencies ackLatency;
    Latencies endToEnd;
    long rssBeforeKiB = -1;     // server, before the generator connected
    long rssReadyKiB = -1;      // server, once every connection was ready
    long rssAfterKiB = -1;      // server, at the end of the measured window
    double serverCores = -1;    // server CPU over the window, in cores
    double generatorCores = 0;
};

// Runs a Plan against a server: connects everything, warms up, measures, disconnects.
class LoadRun
{
public:
    LoadRun(Plan plan, ServerUnderTest &server);
    Result run();

private:
    struct Shared;
    void loopThread(int thread, Shared &shared);

    Plan m_plan;
    ServerUnderTest &m_server;
};

// Prints a result block; `kind` picks the figures that matter for the scenario.
void printResult(const Plan &plan, Result &result, const QString &kind);

} // namespace bench
