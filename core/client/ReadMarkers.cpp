#include "ReadMarkers.h"

#include "ConnectionManager.h"
#include "ConversationId.h"
#include "OutboxSender.h"
#include "protocol/MessageType.h"

namespace sb::client {

ReadMarkers::ReadMarkers(OutboxSender &sender, ConnectionManager &connection, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_connection(connection)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ReadMarkers::flush);
    connect(&sender, &OutboxSender::entryAcked, this, &ReadMarkers::onAcked);
}

const OutboxRecord *ReadMarkers::queued(const QString &conversation) const
{
    for (const OutboxRecord &entry : m_sender.outbox().entries()) {
        if (entry.kind == OutboxKind::Read && entry.target == conversation)
            return m_sender.outbox().find(entry.id);
    }
    return nullptr;
}

void ReadMarkers::markRead(const QString &conversation, qint64 seq)
{
    if (conversation.isEmpty() || seq <= marker(conversation) || seq <= m_wanted.value(conversation, -1))
        return;
    if (const OutboxRecord *entry = queued(conversation); entry && seq <= entry->targetSeq)
        return;
    m_wanted.insert(conversation, seq);
    if (!m_debounce.isActive())
        m_debounce.start();
}

void ReadMarkers::flush()
{
    for (auto it = m_wanted.cbegin(); it != m_wanted.cend(); ++it) {
        const OutboxRecord *entry = queued(it.key());
        // A marker only moves forward on the server, so the one waiting may simply move on.
        if (entry && entry->state == DeliveryState::Pending)
            m_sender.outbox().setTargetSeq(entry->id, it.value());
        else
            m_sender.add(OutboxKind::Read, it.key(), {}, it.value());
    }
    m_wanted.clear();
    m_sender.pump();
}

void ReadMarkers::learn(const QString &conversation, qint64 seq)
{
    if (conversation.isEmpty() || seq <= marker(conversation))
        return;
    m_markers.insert(conversation, seq);
    emit markerChanged(conversation, seq);
}

void ReadMarkers::welcomed(const QJsonObject &welcome)
{
    const QJsonObject markers = welcome.value(QLatin1String("read_markers")).toObject();
    for (auto it = markers.constBegin(); it != markers.constEnd(); ++it)
        learn(it.key(), qint64(it.value().toDouble()));
}

bool ReadMarkers::handle(const protocol::Envelope &e)
{
    if (e.type != protocol::MessageType::ReadMarker)
        return false;
    const QJsonObject &p = e.payload;
    const qint64 seq = qint64(p.value(QLatin1String("seq")).toDouble());
    if (p.contains(QLatin1String("room"))) {
        learn(p.value(QLatin1String("room")).toString(), seq);
        return true;
    }
    const QString key = ConversationId::direct(p.value(QLatin1String("with")).toString()).key();
    if (p.value(QLatin1String("user")).toString() == m_connection.user()) {
        learn(key, seq);
    } else if (seq > peerReadSeq(key)) {
        m_peers.insert(key, seq);
        emit peerReadChanged(key, seq);
    }
    return true;
}

void ReadMarkers::onAcked(const OutboxRecord &entry, const QJsonObject &ack)
{
    if (entry.kind == OutboxKind::Read) // the ack carries the marker the server kept
        learn(entry.target, qint64(ack.value(QLatin1String("seq")).toDouble()));
}

} // namespace sb::client
