#include "RandomSource.h"

#include <cmath>

namespace sb::server {

RandomSource::RandomSource(quint64 seed)
{
    // The state from the seed by splitmix64, as the generator's authors recommend.
    for (quint64 &word : m_state) {
        quint64 z = (seed += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        word = z ^ (z >> 31);
    }
}

double RandomSource::normal()
{
    if (m_spare) {
        const double spare = *m_spare;
        m_spare.reset();
        return spare;
    }
    double x, y, s;
    do {
        x = 2.0 * uniform() - 1.0;
        y = 2.0 * uniform() - 1.0;
        s = x * x + y * y;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    m_spare = y * factor;
    return x * factor;
}

} // namespace sb::server
