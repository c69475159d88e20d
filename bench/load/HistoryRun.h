#pragma once

#include "Latencies.h"
#include "ServerUnderTest.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace bench {

// ticker.history against a server whose bar store holds a day (`--demo` on a fresh data dir
// backfills one): for each interval, `requests` pages of up to 5,000 bars of one symbol, one
// after another on one connection. Figures: the round trip (request sent → whole reply read),
// the reply's size and bars, and the server's CPU per request, less what the server burns idle
// (the feed, the demo bots), measured first.
class HistoryRun
{
public:
    struct Figures
    {
        QString interval;
        size_t bars = 0;       // in the last reply
        size_t bytes = 0;      // of the last reply
        Latencies roundTrip;
        double serverCpuMs = -1; // per request
    };

    HistoryRun(ServerUnderTest &server, bool cbor, int requests, QStringList intervals);
    std::vector<Figures> run();

private:
    ServerUnderTest &m_server;
    bool m_cbor;
    int m_requests;
    QStringList m_intervals;
};

} // namespace bench
