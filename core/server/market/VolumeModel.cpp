#include "VolumeModel.h"

#include <cmath>

namespace sb::server {

const VolumeModel::Step &VolumeModel::stepFor(double trades)
{
    if (m_step.trades == trades)
        return m_step;
    // The level is an AR(1) in log space; `trades` steps of it at once, exactly.
    const double keep1 = 1.0 - Decay;
    m_step.trades = trades;
    m_step.keep = std::pow(keep1, trades);
    m_step.spread = Wander * std::sqrt((1.0 - m_step.keep * m_step.keep) / (1.0 - keep1 * keep1));
    m_step.burstChance = 1.0 - std::pow(1.0 - BurstChance, trades);
    // Lot sizes spread widely for one trade, less for the sum of many (mean 1 either way).
    m_step.noiseSigma = 0.7 / std::sqrt(trades);
    return m_step;
}

qint64 VolumeModel::next(qint64 typicalVolume, double trades, double moveSigmas, bool news,
                         RandomSource &random)
{
    const Step &step = stepFor(qMax(1.0, trades));
    m_logActivity = m_logActivity * step.keep + step.spread * random.normal();
    if (random.uniform() < step.burstChance)
        m_logActivity += BurstKick;
    if (news)
        m_logActivity += NewsKick;

    // |z| of a normal averages 0.8: quiet trades come out at ~0.4 of a move of 2σ's size.
    const double move = 0.3 + 0.9 * std::abs(moveSigmas);
    const double sigma = step.noiseSigma;
    const double noise = std::exp(sigma * random.normal() - 0.5 * sigma * sigma);
    double volume = double(typicalVolume) * step.trades * activity() * move * noise;
    // Blocks: one trade in a hundred is twenty lots (for many trades, their expected share).
    if (step.trades < 2) {
        if (random.uniform() < BlockChance)
            volume *= BlockSize;
    } else {
        volume += double(typicalVolume) * BlockSize * BlockChance * step.trades * noise;
    }
    return qMax<qint64>(1, qint64(std::llround(volume)));
}

double VolumeModel::activity() const
{
    return std::exp(m_logActivity);
}

} // namespace sb::server
