#pragma once

#include "LocalStore.h"
#include "protocol/Envelope.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace sb::client {

class ConnectionManager;
class OutboxSender;

// How far the user has read each conversation, as the server keeps it for all their devices
// (docs/protocol.md, "room.read / dm.read"), and how far the other side of each DM read ("Seen").
// markRead() only moves forward and is debounced: reading down a busy room sends one marker a
// second at most, through the outbox, so a marker set offline goes out after the reconnect (a
// marker still waiting there is moved on instead of queueing another). The server's markers come
// from the welcome, from read.marker pushes (the user's other sessions) and from the acks.
class ReadMarkers : public QObject
{
    Q_OBJECT

public:
    static constexpr int DebounceMs = 1000;

    ReadMarkers(OutboxSender &sender, ConnectionManager &connection, QObject *parent = nullptr);

    // The user has seen `conversation` (a room, or "@peer") up to `seq`.
    void markRead(const QString &conversation, qint64 seq);
    // The server's marker, -1 when the conversation was never marked.
    qint64 marker(const QString &conversation) const { return m_markers.value(conversation, -1); }
    // A DM: how far the peer has read it (-1 unknown); the user's messages up to it are "Seen".
    qint64 peerReadSeq(const QString &conversation) const { return m_peers.value(conversation, -1); }

    // The welcome's read_markers.
    void welcomed(const QJsonObject &welcome);
    // True when `envelope` was a read.marker push (and its signal went out).
    bool handle(const protocol::Envelope &envelope);

signals:
    // The server's marker of the user moved forward (another device read, or ours was acked).
    void markerChanged(const QString &conversation, qint64 seq);
    void peerReadChanged(const QString &conversation, qint64 seq);

private:
    void flush();
    void learn(const QString &conversation, qint64 seq);
    void onAcked(const OutboxRecord &entry, const QJsonObject &ack);
    // The marker waiting in the outbox for `conversation`, if any.
    const OutboxRecord *queued(const QString &conversation) const;

    OutboxSender &m_sender;
    ConnectionManager &m_connection;
    QHash<QString, qint64> m_markers; // the server's
    QHash<QString, qint64> m_wanted;  // read here, waiting for the debounce
    QHash<QString, qint64> m_peers;
    QTimer m_debounce;
};

} // namespace sb::client
