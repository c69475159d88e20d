#pragma once

#include "RandomSource.h"

namespace sb::server {

// Trade volume that looks like a market's: activity comes in bursts (a level that wanders
// slowly, is kicked up now and then and by news, and decays back), big moves trade more than
// quiet ones, and one trade in a hundred is a block. The simulator asks it for each trade, the
// backfill for a whole bar of trades, with the same model, so history and live look alike.
// Pure: the random source comes in, so a seeded run is exact.
class VolumeModel
{
public:
    // The volume of `trades` trades (1 for one tick, e.g. 10 for a one-second bar) of an
    // instrument whose typical trade is `typicalVolume`, which together moved the price by
    // `moveSigmas` standard deviations; `news` says a jump happened among them.
    qint64 next(qint64 typicalVolume, double trades, double moveSigmas, bool news,
                RandomSource &random);

    // The current activity level (1 is normal; a burst is several times that).
    double activity() const;

    static constexpr double Decay = 0.01;         // per trade: a burst fades over ~100 trades
    static constexpr double Wander = 0.085;       // per trade: σ of the level's random walk
    static constexpr double BurstChance = 0.002;  // per trade: activity kicked up for no news
    static constexpr double BurstKick = 1.0;      // log-activity added by a burst
    static constexpr double NewsKick = 1.5;       // log-activity added by a jump
    static constexpr double BlockChance = 0.01;   // per trade
    static constexpr double BlockSize = 20;       // a block trade, in typical trades

private:
    // What depends only on the number of trades, worked out once for the backfill's bars.
    struct Step
    {
        double trades = 0;
        double keep = 1;        // of the level's log
        double spread = 0;      // σ of its change
        double burstChance = 0;
        double noiseSigma = 0;
    };
    const Step &stepFor(double trades);

    double m_logActivity = 0;
    Step m_step;
};

} // namespace sb::server
