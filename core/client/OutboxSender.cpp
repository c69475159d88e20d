#include "OutboxSender.h"

#include "ConnectionManager.h"
#include "ConversationId.h"
#include "RequestTracker.h"
#include "protocol/Envelope.h"
#include "protocol/MessageType.h"

#include <QDateTime>

namespace sb::client {

namespace T = sb::protocol::MessageType;

namespace {

bool isDirect(const OutboxRecord &entry)
{
    return entry.kind == QLatin1String("dm");
}

} // namespace

OutboxSender::OutboxSender(ConnectionManager &connection, LocalStore &store,
                           RequestTracker &requests, RoomGateOf roomGate, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_requests(requests)
    , m_roomGate(std::move(roomGate))
    , m_outbox(new Outbox(store, this))
{
    m_clock.start();
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &OutboxSender::pump);
}

QString OutboxSender::add(const QString &kind, const QString &target, const QString &text)
{
    const OutboxRecord entry = m_outbox->add(kind, target, text, QDateTime::currentMSecsSinceEpoch());
    emitOwn(entry);
    pump();
    return entry.id;
}

void OutboxSender::retry(const QString &id)
{
    m_outbox->retry(id);
    if (const OutboxRecord *entry = m_outbox->find(id))
        emitOwn(*entry);
    pump();
}

void OutboxSender::discard(const QString &id)
{
    if (const OutboxRecord *entry = m_outbox->find(id)) {
        const QString conversation = toMessage(*entry).room;
        m_outbox->discard(id);
        emit ownMessageDiscarded(conversation, id);
    }
    pump();
}

void OutboxSender::pump()
{
    if (m_connection.state() != ConnectionState::Open || m_outbox->hasInFlight())
        return;
    const OutboxRecord *next = m_outbox->nextPending();
    if (!next)
        return;
    const bool chat = !isDirect(*next);
    const RoomGate gate = chat ? m_roomGate(next->target) : RoomGate::Open;
    if (gate == RoomGate::NotAMember) {
        m_outbox->markFailed(next->id, tr("You are not in #%1 any more.").arg(next->target));
        emitOwn(*next);
        pump();
        return;
    }
    if (gate == RoomGate::Resuming)
        return; // the join's ack pumps again
    // Pace sends so a reconnect with a full outbox never trips the server's rate limit.
    const qint64 wait = m_lastSendMs + SendSpacingMs - m_clock.elapsed();
    if (wait > 0) {
        m_pumpTimer.start(int(wait));
        return;
    }
    const QJsonObject payload{{chat ? QLatin1String("room") : QLatin1String("to"), next->target},
                              {QLatin1String("text"), next->text}};
    const QString id = next->id;
    m_requests.send(m_connection, chat ? QString(T::ChatSend) : QString(T::DmSend), payload,
                    {RequestTracker::Purpose::Send, next->target}, id);
    m_lastSendMs = m_clock.elapsed();
    m_outbox->markSent(id);
    emitOwn(*m_outbox->find(id));
}

void OutboxSender::acked(const protocol::Envelope &ack)
{
    if (const OutboxRecord *entry = m_outbox->find(ack.id)) {
        const OutboxRecord settled = *entry;
        m_outbox->markAcked(ack.id);
        emitOwn(settled, qint64(ack.payload.value(QLatin1String("seq")).toDouble()),
                qint64(ack.payload.value(QLatin1String("ts")).toDouble()));
    }
    pump();
}

void OutboxSender::refused(const QString &id, const QString &code, const QString &message)
{
    if (!m_outbox->find(id))
        return;
    const bool final = RequestTracker::isFinal(code);
    if (final)
        m_outbox->markFailed(id, message);
    else
        m_outbox->markRetryable(id, message);
    const OutboxRecord &entry = *m_outbox->find(id);
    emitOwn(entry);
    // Backing off: a store that is down for a while is not asked every second.
    m_pumpTimer.start(final ? 0 : Outbox::retryDelayMs(entry.attempts));
}

void OutboxSender::connectionLost()
{
    m_pumpTimer.stop();
    const QList<OutboxRecord> entries = m_outbox->entries();
    m_outbox->requeueInFlight();
    for (const OutboxRecord &entry : entries) {
        if (entry.state == DeliveryState::Sent)
            emitOwn(*m_outbox->find(entry.id));
    }
}

ChatMessage OutboxSender::toMessage(const OutboxRecord &entry) const
{
    ChatMessage m;
    m.room = (isDirect(entry) ? ConversationId::direct(entry.target) : ConversationId::room(entry.target)).key();
    m.from = m_connection.user().isEmpty() ? m_connection.identity().name : m_connection.user();
    m.text = entry.text;
    m.ts = entry.createdAt;
    m.clientId = entry.id;
    m.delivery = entry.state;
    m.error = entry.error;
    return m;
}

QList<ChatMessage> OutboxSender::unackedMessages(const QString &conversation) const
{
    QList<ChatMessage> messages;
    for (const OutboxRecord &entry : m_outbox->entries()) {
        const ChatMessage m = toMessage(entry);
        if (m.room == conversation)
            messages.append(m);
    }
    return messages;
}

void OutboxSender::emitOwn(const OutboxRecord &entry, qint64 seq, qint64 ts)
{
    ChatMessage m = toMessage(entry);
    if (seq > 0) {
        m.seq = seq;
        m.ts = ts;
        m.delivery = DeliveryState::Acked;
    }
    emit ownMessageUpdated(m);
}

} // namespace sb::client
