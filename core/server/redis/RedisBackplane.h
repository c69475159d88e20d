#pragma once

#include "../Backplane.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace sb::server {

class RedisBlockingClient;
class RedisConnection;

// Instances on one Redis as one server: events go out on the shared channel, membership is kept
// in one hash per room (field "<instance>\x1f<user>" → status) so an instance loading a room
// sees who is there elsewhere, and liveness is a key each instance refreshes (PX ttl) every
// third of the ttl. An instance whose key expired crashed: the first survivor to notice tells
// its members those users left and clears the dead instance's membership.
class RedisBackplane : public QObject, public Backplane
{
    Q_OBJECT

public:
    // What this instance's members are, to register again after Redis came back (a restarted
    // Redis without persistence, or events published while the link was down).
    using LocalMembership = std::function<QList<ClusterEvent>()>;

    RedisBackplane(int ttlMs, RedisConnection &commands, RedisBlockingClient &reader,
                   QObject *parent = nullptr);

    QString instanceId() const override { return m_instance; }
    void publish(const ClusterEvent &event) override;
    QHash<QString, QHash<QString, QString>> remoteMembers(const QString &room) override;
    bool claimName(const QString &user, const QString &owner) override;
    void releaseName(const QString &user) override;

    void setLocalMembership(LocalMembership membership) { m_localMembership = std::move(membership); }
    void start();
    // Graceful stop: this instance's liveness goes at once.
    void stop();
    // A cluster event from the shared channel.
    void received(const QJsonObject &message);
    // The command link is back: refresh liveness and re-register local members.
    void reconnected();

private:
    void heartbeat();
    void findDeadInstances();
    void forgetInstance(const QString &instance);
    void storeMembership(const ClusterEvent &event);
    bool aliveNow(const QString &instance);

    QString m_instance;
    int m_ttlMs;
    RedisConnection &m_commands;
    RedisBlockingClient &m_reader;
    QTimer m_heartbeat;
    LocalMembership m_localMembership;
    QHash<QString, QString> m_names; // user → owner, claimed by this instance and refreshed
};

} // namespace sb::server
