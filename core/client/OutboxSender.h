#pragma once

#include "ChatTypes.h"
#include "Outbox.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>

namespace sb::protocol {
struct Envelope;
}

namespace sb::client {

class ConnectionManager;
class RequestTracker;

// Puts the outbox on the wire: its entries go out in order, one at a time, paced under the
// server's rate limit, each settled by the server's ack or error. A chat message (or a change in
// a room) waits until its room is joined on this connection; one for a room the user is no
// longer in fails with a reason. Messages report their state as ChatMessages; changes and read
// markers are settled through entryAcked / entryRefused for ChangeSender and ReadMarkers.
class OutboxSender : public QObject
{
    Q_OBJECT

public:
    static constexpr int SendSpacingMs = 150; // ≤ ~7 sends/s: under the server's 10/s limit

    enum class RoomGate { Open, Resuming, NotAMember };
    using RoomGateOf = std::function<RoomGate(const QString &room)>;

    OutboxSender(ConnectionManager &connection, LocalStore &store, RequestTracker &requests,
                 RoomGateOf roomGate, QObject *parent = nullptr);

    Outbox &outbox() { return *m_outbox; }
    // Loads what a previous run left (call once the store is open).
    void load() { m_outbox->load(); }

    // Queued at once (works offline), then sent when it can be; returns the entry's id. See
    // OutboxRecord for what kind, target, text and targetSeq hold.
    QString add(const QString &kind, const QString &target, const QString &text, qint64 targetSeq = 0);
    void retry(const QString &id);
    void discard(const QString &id);
    // Sends the next entry if the connection, its room and the pacing allow.
    void pump();
    void acked(const protocol::Envelope &ack);
    // The server refused entry `id`: failed for good, or retried after a back-off.
    void refused(const QString &id, const QString &code, const QString &message);
    // Whatever was on the wire is sent again, with the same ids, after the next welcome.
    void connectionLost();
    // The user's messages for `conversation` that the server has not acked yet.
    QList<ChatMessage> unackedMessages(const QString &conversation) const;
    // The conversation key ("general", "@bob") an entry is about.
    static QString conversationOf(const OutboxRecord &entry);

signals:
    // One of the user's messages changed state (pending, sent, failed, acked with its seq).
    void ownMessageUpdated(const sb::client::ChatMessage &message);
    void ownMessageDiscarded(const QString &conversation, const QString &clientId);
    // A change or read marker was stored (`ack` is the ack's payload) or refused for good; either
    // way it has left the outbox.
    void entryAcked(const sb::client::OutboxRecord &entry, const QJsonObject &ack);
    void entryRefused(const sb::client::OutboxRecord &entry, const QString &code, const QString &message);

private:
    void emitOwn(const OutboxRecord &entry, qint64 seq = 0, qint64 ts = 0);
    // Refused for good (`final`) or out of retries: a message stays Failed, anything else goes.
    void settleRefused(const QString &id, const QString &code, const QString &message, bool final);
    ChatMessage toMessage(const OutboxRecord &entry) const;

    ConnectionManager &m_connection;
    RequestTracker &m_requests;
    RoomGateOf m_roomGate;
    Outbox *m_outbox;
    QTimer m_pumpTimer;
    QElapsedTimer m_clock;
    qint64 m_lastSendMs = -SendSpacingMs;
};

} // namespace sb::client
