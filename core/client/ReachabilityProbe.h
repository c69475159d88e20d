#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace sb::client {

// Knocks on the server's TCP port while the client waits out a long reconnect backoff, so a
// server that comes back is noticed within a knock instead of at the end of a 16–30 s wait.
// A knock is a bare TCP connect, aborted as soon as it succeeds: no WebSocket handshake, no
// hello, nothing the server has to process. It runs only while the remaining wait is long
// (a short wait ends before a knock could help), and stops at the first answer.
class ReachabilityProbe : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int everyMs = 2000;          // one knock this often
        int worthItAboveMs = 2000;   // knock only while more than this is left of the wait
    };
    // How long the wait still has to run, in ms (ConnectionManager::msUntilReconnect()).
    using Remaining = std::function<int()>;

    explicit ReachabilityProbe(QObject *parent = nullptr);
    ReachabilityProbe(Settings settings, QObject *parent = nullptr);
    ~ReachabilityProbe() override;

    // Whether a wait with `remainingMs` left deserves a knock now.
    static bool worthKnocking(int remainingMs, const Settings &settings);

    // Knocks on host:port every everyMs while worthKnocking(remaining()); the first knock comes
    // after one interval (the wait began with a refusal just now).
    void start(const QString &host, quint16 port, Remaining remaining);
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    // One scheduling step, as the timer runs it: knocks when the wait is long enough. A knock
    // still unanswered from the last step is abandoned first.
    void tick();
    int knocks() const { return m_knocks; } // since start()
    const Settings &settings() const { return m_settings; }

signals:
    void knocked();   // a knock went out
    void reachable(); // a knock was answered: the server is back; the probe has stopped

private:
    void abandonKnock();

    Settings m_settings;
    QTimer m_timer;
    QString m_host;
    quint16 m_port = 0;
    Remaining m_remaining;
    QPointer<QTcpSocket> m_socket;
    int m_knocks = 0;
};

} // namespace sb::client
