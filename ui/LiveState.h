#pragma once

#include <QCoreApplication>
#include <QString>

namespace sb::ui {

// Whether the data on screen (prices, presence) is live, and if not, as of when: what the watchlist and the
// chart grey out and label while the session is disconnected (client::Session::isLive() and
// lastLiveMs()). Data that was never live (nothing received yet) is not called stale: there is
// nothing on screen to mistrust.
struct LiveState {
    Q_DECLARE_TR_FUNCTIONS(LiveState)

public:
    bool live = true;
    qint64 lastLiveMs = 0; // wall clock, ms since the epoch; 0 if never live

    bool isStale() const { return !live && lastLiveMs > 0; }
    // "Not live — last update 14:02" (with the date when it was not today), empty while live.
    QString text() const;
    // When it was last live: "14:02", or "3 Dec 14:02" when that was not today; empty while live.
    QString sinceText() const;
};

} // namespace sb::ui
