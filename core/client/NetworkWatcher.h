#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace sb::client {

// Tells when the connection deserves a check right now rather than at the next heartbeat: the
// network came back (QNetworkInformation, where the platform has a backend), or the machine
// woke from sleep (the wall clock jumped ahead of the monotonic clock, which stops in suspend).
class NetworkWatcher : public QObject
{
    Q_OBJECT

public:
    explicit NetworkWatcher(QObject *parent = nullptr);

signals:
    void networkBack();
    void wokeUp(qint64 sleptMs);

private:
    void checkClocks();

    QTimer m_timer;
    QElapsedTimer m_monotonic;
    qint64 m_wallAtStart = 0;
    qint64 m_lastSkew = 0;
};

} // namespace sb::client
