#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

namespace sb::client {

class ConnectionManager;

// Remembers why each request of this connection went out, so the reply (ack, error or history,
// matched by the envelope id) reaches the code that asked. Pushes and ids it never issued come
// back as Purpose::Other. Forgets everything when the connection is lost: what was on the wire is
// sent again after the next welcome.
//
// A request the server leaves unanswered on a link that stays up (heartbeats still answered, so
// the connection is not dropped as a ghost) is given up after its deadline: timedOut() hands it
// back to the code that asked, which treats it as a passing fault (TimedOut is not final) and asks
// again. A late reply to it is then matched to the new request under the same id, or ignored.
class RequestTracker : public QObject
{
    Q_OBJECT

public:
    enum class Purpose { Join, Leave, Fill, Recent, Older, Around, Refresh, Send, Search, Other };
    struct Request
    {
        Purpose purpose = Purpose::Other;
        QString room; // the room or "@peer" it is about, if any
        qint64 seq = 0; // Around: the seq the page opens at
    };

    // The error code a timed-out request is reported with. The client's own: never on the wire.
    static inline const QString TimedOut = QStringLiteral("timeout");
    static constexpr int DefaultTimeoutMs = 30'000;

    explicit RequestTracker(QObject *parent = nullptr);

    // Errors after which sending the same request again cannot succeed (anything but a rate
    // limit, a passing server fault or no answer in time).
    static bool isFinal(const QString &code);

    // Sends `type` with `payload` under `id` (a fresh "r<n>" when empty) and remembers `request`
    // for its reply. Returns the id; a request that could not go out is not remembered.
    QString send(ConnectionManager &connection, const QString &type, const QJsonObject &payload,
                 const Request &request, QString id = {});
    // What `id` was sent for; forgotten from now on (a reply comes once).
    Request take(const QString &id);
    bool isPending(const QString &id) const { return m_requests.contains(id); }
    int pendingCount() const { return int(m_requests.size()); }
    void clear();

    // How long a request may wait for its reply (applies to requests sent from now on).
    void setTimeout(int ms) { m_timeoutMs = qMax(1, ms); }
    int timeout() const { return m_timeoutMs; }

signals:
    void timedOut(const QString &id, const sb::client::RequestTracker::Request &request);

private:
    struct Pending
    {
        Request request;
        qint64 deadlineMs = 0; // on m_clock
    };
    void expire();

    QHash<QString, Pending> m_requests;
    int m_nextId = 0;
    int m_timeoutMs = DefaultTimeoutMs;
    QElapsedTimer m_clock;
    QTimer m_sweep; // runs only while requests wait
};

} // namespace sb::client
