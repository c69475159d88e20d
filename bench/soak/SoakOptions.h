#pragma once

#include <QString>

namespace sb::soak {

// What one soak run does; the defaults are issue #10's.
struct SoakOptions
{
    int clients = 50;
    int rooms = 5;
    int durationSeconds = 120;
    double minRate = 1;    // messages per second per client, drawn per client
    double maxRate = 5;
    double dmShare = 0.05;
    int killMinSeconds = 10; // the server is SIGKILLed every 10–20 s
    int killMaxSeconds = 20;
    double rebuildShare = 0.2; // of the clients, torn down and rebuilt once mid-run
    int faultGapMinSeconds = 10;
    int faultGapMaxSeconds = 30;
    int drainSeconds = 60; // after the chaos: how long catching up may make no progress
    // For experiments only: the reconnect schedule resets after a connection stayed up this long
    // (-1: the app's default). The published figures use the default.
    int healthyAfterMs = -1;
    quint32 seed = 0;       // 0: from the clock (printed, so a run can be repeated)
    QString dataDir;        // empty: a temporary directory, removed unless --keep
    bool keep = false;
};

} // namespace sb::soak
