#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace sb::client {

class ConnectionManager;

// Remembers why each request of this connection went out, so the reply (ack, error or history,
// matched by the envelope id) reaches the code that asked. Pushes and ids it never issued come
// back as Purpose::Other. Forgets everything when the connection is lost: what was on the wire is
// sent again after the next welcome.
class RequestTracker
{
public:
    enum class Purpose { Join, Leave, Fill, Recent, Older, Around, Refresh, Send, Search, Other };
    struct Request
    {
        Purpose purpose = Purpose::Other;
        QString room; // the room or "@peer" it is about, if any
        qint64 seq = 0; // Around: the seq the page opens at
    };

    // Errors after which sending the same request again cannot succeed (anything but a rate
    // limit or a passing server fault).
    static bool isFinal(const QString &code);

    // Sends `type` with `payload` under `id` (a fresh "r<n>" when empty) and remembers `request`
    // for its reply. Returns the id; a request that could not go out is not remembered.
    QString send(ConnectionManager &connection, const QString &type, const QJsonObject &payload,
                 const Request &request, QString id = {});
    // What `id` was sent for; forgotten from now on (a reply comes once).
    Request take(const QString &id) { return m_requests.take(id); }
    bool isPending(const QString &id) const { return m_requests.contains(id); }
    int pendingCount() const { return int(m_requests.size()); }
    void clear() { m_requests.clear(); }

private:
    QHash<QString, Request> m_requests;
    int m_nextId = 0;
};

} // namespace sb::client
