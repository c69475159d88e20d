#include "NetworkWatcher.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QNetworkInformation>

Q_LOGGING_CATEGORY(lcNetwork, "switchboard.client.network")

namespace sb::client {

namespace {
constexpr int CheckEveryMs = 2000;
constexpr qint64 JumpThresholdMs = 5000;
} // namespace

NetworkWatcher::NetworkWatcher(QObject *parent)
    : QObject(parent)
{
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online) {
                        qCInfo(lcNetwork) << "network is back";
                        emit networkBack();
                    }
                });
    } else {
        qCDebug(lcNetwork) << "no network information backend; relying on heartbeats";
    }
    m_monotonic.start();
    m_wallAtStart = QDateTime::currentMSecsSinceEpoch();
    m_timer.setInterval(CheckEveryMs);
    connect(&m_timer, &QTimer::timeout, this, &NetworkWatcher::checkClocks);
    m_timer.start();
}

void NetworkWatcher::checkClocks()
{
    // Wall time minus monotonic time is constant while the machine runs; it grows by the length
    // of a suspend. (A manual clock change looks the same, and a spurious check is harmless.)
    const qint64 skew = QDateTime::currentMSecsSinceEpoch() - m_wallAtStart - m_monotonic.elapsed();
    if (skew - m_lastSkew > JumpThresholdMs) {
        qCInfo(lcNetwork) << "woke up after about" << (skew - m_lastSkew) / 1000 << "s";
        emit wokeUp(skew - m_lastSkew);
    }
    m_lastSkew = skew;
}

} // namespace sb::client
