#include "OutboxSender.h"

#include "ConnectionManager.h"
#include "ConversationId.h"
#include "RequestTracker.h"
#include "protocol/Envelope.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QDateTime>

namespace sb::client {

namespace T = sb::protocol::MessageType;

namespace {

bool isDirect(const OutboxRecord &entry)
{
    return entry.kind == OutboxKind::Dm
        || (!OutboxKind::isMessage(entry.kind) && ConversationId::isDirectKey(entry.target));
}

// The room an entry needs joined on this connection, if any: messages and changes in rooms do
// (the server refuses them otherwise), read markers and DMs do not.
QString roomNeeded(const OutboxRecord &entry)
{
    if (isDirect(entry) || entry.kind == OutboxKind::Read)
        return {};
    return entry.target;
}

struct WireRequest
{
    QString type;
    QJsonObject payload;
};

// The request that puts `entry` on the wire (docs/protocol.md: chat.send, dm.send, the changes,
// room.read / dm.read).
WireRequest wireRequestFor(const OutboxRecord &entry)
{
    const bool direct = isDirect(entry);
    const QString name = OutboxKind::isMessage(entry.kind) ? entry.target
                                                           : ConversationId::fromKey(entry.target).name();
    QJsonObject payload{{direct ? QLatin1String("to") : QLatin1String("room"), name}};
    const QString &kind = entry.kind;
    if (OutboxKind::isMessage(kind)) {
        payload.insert(QLatin1String("text"), entry.text);
        if (entry.targetSeq > 0)
            payload.insert(QLatin1String("reply_to"), entry.targetSeq);
        return {direct ? QString(T::DmSend) : QString(T::ChatSend), payload};
    }
    payload.insert(QLatin1String("seq"), entry.targetSeq);
    if (kind == OutboxKind::Read) {
        if (direct) // dm.read names the other user `with`
            payload = {{QLatin1String("with"), name}, {QLatin1String("seq"), entry.targetSeq}};
        return {direct ? QString(T::DmRead) : QString(T::RoomRead), payload};
    }
    if (kind == OutboxKind::Edit) {
        payload.insert(QLatin1String("text"), entry.text);
        return {direct ? QString(T::DmEdit) : QString(T::ChatEdit), payload};
    }
    if (kind == OutboxKind::Delete)
        return {direct ? QString(T::DmDelete) : QString(T::ChatDelete), payload};
    payload.insert(QLatin1String("emoji"), entry.text);
    if (kind == OutboxKind::Unreact)
        payload.insert(QLatin1String("remove"), true);
    return {direct ? QString(T::DmReact) : QString(T::ChatReact), payload};
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

QString OutboxSender::add(const QString &kind, const QString &target, const QString &text,
                         qint64 targetSeq)
{
    const OutboxRecord entry =
        m_outbox->add(kind, target, text, QDateTime::currentMSecsSinceEpoch(), targetSeq);
    if (OutboxKind::isMessage(kind))
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
    const QString room = roomNeeded(*next);
    const RoomGate gate = room.isEmpty() ? RoomGate::Open : m_roomGate(room);
    if (gate == RoomGate::NotAMember) {
        settleRefused(next->id, QString(protocol::ErrorCode::Forbidden),
                      tr("You are not in #%1 any more.").arg(room), true);
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
    const WireRequest request = wireRequestFor(*next);
    const QString id = next->id;
    m_requests.send(m_connection, request.type, request.payload,
                    {RequestTracker::Purpose::Send, next->target}, id);
    m_lastSendMs = m_clock.elapsed();
    m_outbox->markSent(id);
    if (OutboxKind::isMessage(m_outbox->find(id)->kind))
        emitOwn(*m_outbox->find(id));
}

void OutboxSender::acked(const protocol::Envelope &ack)
{
    if (const OutboxRecord *entry = m_outbox->find(ack.id)) {
        const OutboxRecord settled = *entry;
        m_outbox->markAcked(ack.id);
        if (OutboxKind::isMessage(settled.kind))
            emitOwn(settled, qint64(ack.payload.value(QLatin1String("seq")).toDouble()),
                    qint64(ack.payload.value(QLatin1String("ts")).toDouble()));
        else
            emit entryAcked(settled, ack.payload);
    }
    pump();
}

void OutboxSender::refused(const QString &id, const QString &code, const QString &message)
{
    const OutboxRecord *entry = m_outbox->find(id);
    if (!entry)
        return;
    const bool final = RequestTracker::isFinal(code);
    if (!final) {
        m_outbox->markRetryable(id, message);
        entry = m_outbox->find(id);
    }
    if (final || entry->state == DeliveryState::Failed) {
        settleRefused(id, code, message, final);
    } else if (OutboxKind::isMessage(entry->kind)) {
        emitOwn(*entry);
    }
    // Backing off: a store that is down for a while is not asked every second.
    entry = m_outbox->find(id);
    m_pumpTimer.start(!entry || entry->state == DeliveryState::Failed ? 0 : Outbox::retryDelayMs(entry->attempts));
}

void OutboxSender::settleRefused(const QString &id, const QString &code, const QString &message, bool final)
{
    const OutboxRecord entry = *m_outbox->find(id);
    if (OutboxKind::isMessage(entry.kind)) {
        // A message stays, Failed, for the user to retry or discard.
        if (final)
            m_outbox->markFailed(id, message);
        emitOwn(*m_outbox->find(id));
        return;
    }
    // A change or a marker has no row to retry it from: it goes, and the user is told.
    m_outbox->discard(id);
    emit entryRefused(entry, code, message);
}

void OutboxSender::connectionLost()
{
    m_pumpTimer.stop();
    const QList<OutboxRecord> entries = m_outbox->entries();
    m_outbox->requeueInFlight();
    for (const OutboxRecord &entry : entries) {
        if (entry.state == DeliveryState::Sent && OutboxKind::isMessage(entry.kind))
            emitOwn(*m_outbox->find(entry.id));
    }
}

QString OutboxSender::conversationOf(const OutboxRecord &entry)
{
    if (!OutboxKind::isMessage(entry.kind))
        return entry.target;
    return (isDirect(entry) ? ConversationId::direct(entry.target) : ConversationId::room(entry.target)).key();
}

ChatMessage OutboxSender::toMessage(const OutboxRecord &entry) const
{
    ChatMessage m;
    m.room = conversationOf(entry);
    m.from = m_connection.user().isEmpty() ? m_connection.identity().name : m_connection.user();
    m.text = entry.text;
    m.ts = entry.createdAt;
    m.clientId = entry.id;
    m.delivery = entry.state;
    m.error = entry.error;
    if (entry.targetSeq > 0) // a reply: the quote is filled in by whoever shows the original
        m.editState().replyTo = entry.targetSeq;
    return m;
}

QList<ChatMessage> OutboxSender::unackedMessages(const QString &conversation) const
{
    QList<ChatMessage> messages;
    for (const OutboxRecord &entry : m_outbox->entries()) {
        if (OutboxKind::isMessage(entry.kind) && conversationOf(entry) == conversation)
            messages.append(toMessage(entry));
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
