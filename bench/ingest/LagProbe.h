#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace bench {

// Event-loop lag: a precise timer every `intervalMs`; how late each timeout fires is how long
// the GUI thread was busy with something else (ingest, layout, painting).
class LagProbe : public QObject
{
    Q_OBJECT

public:
    explicit LagProbe(int intervalMs = 2, QObject *parent = nullptr);

    void start();
    void stop();
    // Lateness in ms at the given percentile (0–1); -1 without samples.
    double percentileMs(double p);
    size_t samples() const { return m_lateNs.size(); }

private:
    void onTimeout();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0; // when the timer was armed
    bool m_stopped = true;
    std::vector<qint64> m_lateNs;
};

} // namespace bench
