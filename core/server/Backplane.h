#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace sb::server {

// Something one instance tells the others so their members hear of it: presence and typing, room
// membership, announcements, and envelopes for a user's sessions wherever they are (read markers,
// notification settings). Chat and DMs do not travel here: the store publishes what it accepts.
struct ClusterEvent
{
    enum class Kind { Join, Leave, Status, Typing, Announce, ToUser };

    Kind kind = Kind::Join;
    QString instance; // who sent it (filled in by the backplane)
    QString room;     // Join, Leave, Typing
    QString user;     // Join, Leave, Status, Typing, ToUser
    QString status;   // Join, Status
    bool active = false; // Typing
    QString text;     // Announce
    QString level;    // Announce
    QString type{};   // ToUser: the envelope's type and payload
    QJsonObject payload{};
};

// The link between server instances (with --redis). Without one, a server is alone and
// ServerContext::backplane is null.
class Backplane
{
public:
    using EventListener = std::function<void(const ClusterEvent &)>;
    using InstanceListener = std::function<void(const QString &instance)>;

    virtual ~Backplane() = default;

    virtual QString instanceId() const = 0;
    // Tells every other instance. Best effort: lost while the link is down (members are
    // re-read from the shared membership when it comes back).
    virtual void publish(const ClusterEvent &event) = 0;
    // Users of other live instances in the room, with their status, as stored in the shared
    // membership (read when this instance loads the room).
    virtual QHash<QString, QHash<QString, QString>> remoteMembers(const QString &room) = 0;

    // Takes `user` for `owner` (a client install, or "token" for signed-in users) across every
    // instance: true when nobody else holds it. Held while this instance has the user online,
    // then released; a crashed instance's names expire with its liveness.
    virtual bool claimName(const QString &user, const QString &owner) = 0;
    virtual void releaseName(const QString &user) = 0;

    // Events from other instances (never this one's own).
    void onEvent(EventListener listener) { m_eventListener = std::move(listener); }
    // An instance stopped refreshing its liveness (crashed): its users are offline.
    void onInstanceGone(InstanceListener listener) { m_goneListener = std::move(listener); }

protected:
    void notifyEvent(const ClusterEvent &event)
    {
        if (m_eventListener)
            m_eventListener(event);
    }
    void notifyInstanceGone(const QString &instance)
    {
        if (m_goneListener)
            m_goneListener(instance);
    }

private:
    EventListener m_eventListener;
    InstanceListener m_goneListener;
};

} // namespace sb::server
