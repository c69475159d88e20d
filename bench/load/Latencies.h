#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bench {

// Latency samples in nanoseconds; percentiles by selection over the merged samples.
class Latencies
{
public:
    void add(uint64_t ns) { m_samples.push_back(ns); }
    void merge(const Latencies &other)
    {
        m_samples.insert(m_samples.end(), other.m_samples.begin(), other.m_samples.end());
    }
    size_t count() const { return m_samples.size(); }
    // p in [0, 1]; milliseconds; -1 without samples.
    double percentileMs(double p)
    {
        if (m_samples.empty())
            return -1;
        const size_t k = std::min(m_samples.size() - 1, size_t(p * double(m_samples.size())));
        std::nth_element(m_samples.begin(), m_samples.begin() + long(k), m_samples.end());
        return double(m_samples[k]) / 1e6;
    }

private:
    std::vector<uint64_t> m_samples;
};

} // namespace bench
