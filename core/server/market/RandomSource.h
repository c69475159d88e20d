#pragma once

#include <QtGlobal>

#include <optional>

namespace sb::server {

// The market's random draws from one seeded generator: uniform numbers and standard normals
// (Marsaglia's polar method, both values of each pair used). The backfill draws millions of
// them, so the generator is xoshiro256** (Blackman and Vigna; a few multiplies and shifts a
// draw) and there is no trigonometry: against QRandomGenerator and Box–Muller, that cut the
// time to make a backfilled bar by more than half. Seeded, so a test replays a run exactly.
class RandomSource
{
public:
    explicit RandomSource(quint64 seed);

    // [0, 1), 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // 0 … highest − 1
    quint32 bounded(quint32 highest) { return quint32(uniform() * highest); }
    double normal();

private:
    quint64 next()
    {
        const quint64 result = rotate(m_state[1] * 5, 7) * 9;
        const quint64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotate(m_state[3], 45);
        return result;
    }
    static quint64 rotate(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }

    quint64 m_state[4];
    std::optional<double> m_spare;
};

} // namespace sb::server
