#include "ChangeSender.h"

#include "ConnectionManager.h"
#include "OutboxSender.h"

#include <QHash>

namespace sb::client {

namespace {

using Kind = MessageChange::Kind;

const QHash<QString, Kind> &changeKinds()
{
    static const QHash<QString, Kind> kinds{{OutboxKind::Edit, Kind::Edit},
                                            {OutboxKind::Delete, Kind::Delete},
                                            {OutboxKind::React, Kind::React},
                                            {OutboxKind::Unreact, Kind::Unreact}};
    return kinds;
}

bool isChange(const OutboxRecord &entry)
{
    return changeKinds().contains(entry.kind);
}

bool isReaction(const OutboxRecord &entry)
{
    return entry.kind == OutboxKind::React || entry.kind == OutboxKind::Unreact;
}

} // namespace

ChangeSender::ChangeSender(OutboxSender &sender, ConnectionManager &connection, QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_connection(connection)
{
    qRegisterMetaType<MessageChange>();
    connect(&sender, &OutboxSender::entryAcked, this, &ChangeSender::onAcked);
    connect(&sender, &OutboxSender::entryRefused, this, &ChangeSender::onRefused);
}

QString ChangeSender::edit(const QString &conversation, qint64 seq, const QString &text)
{
    return add(OutboxKind::Edit, conversation, seq, text);
}

QString ChangeSender::remove(const QString &conversation, qint64 seq)
{
    return add(OutboxKind::Delete, conversation, seq, {});
}

QString ChangeSender::react(const QString &conversation, qint64 seq, const QString &emoji, bool add)
{
    return this->add(add ? OutboxKind::React : OutboxKind::Unreact, conversation, seq, emoji);
}

QString ChangeSender::add(const QString &kind, const QString &conversation, qint64 seq,
                          const QString &text)
{
    const QString id = m_sender.add(kind, conversation, text, seq);
    // The sender may have settled it already (refused at once: a room the user left).
    if (const OutboxRecord *entry = m_sender.outbox().find(id))
        emit changeQueued(toChange(*entry));
    return id;
}

bool ChangeSender::withdrawReaction(const QString &conversation, qint64 seq, const QString &emoji)
{
    const QList<OutboxRecord> entries = m_sender.outbox().entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (!isReaction(*it) || it->target != conversation || it->targetSeq != seq || it->text != emoji)
            continue;
        // Only what the server cannot have seen: once sent, it may be stored, and goes its way.
        if (it->state != DeliveryState::Pending || it->attempts > 0)
            return false;
        const MessageChange change = toChange(*it);
        m_sender.outbox().discard(it->id);
        emit changeWithdrawn(change);
        return true;
    }
    return false;
}

QList<MessageChange> ChangeSender::pending(const QString &conversation) const
{
    QList<MessageChange> changes;
    for (const OutboxRecord &entry : m_sender.outbox().entries()) {
        if (isChange(entry) && entry.target == conversation)
            changes.append(toChange(entry));
    }
    return changes;
}

MessageChange ChangeSender::toChange(const OutboxRecord &entry) const
{
    MessageChange change;
    change.room = entry.target;
    change.target = entry.targetSeq;
    change.kind = changeKinds().value(entry.kind);
    change.from = m_connection.user().isEmpty() ? m_connection.identity().name : m_connection.user();
    if (change.kind == Kind::Edit)
        change.text = entry.text;
    else if (change.kind != Kind::Delete)
        change.emoji = entry.text;
    change.ts = entry.createdAt;
    change.clientId = entry.id;
    return change;
}

void ChangeSender::onAcked(const OutboxRecord &entry, const QJsonObject &ack)
{
    if (!isChange(entry))
        return;
    MessageChange change = toChange(entry);
    change.seq = qint64(ack.value(QLatin1String("seq")).toDouble());
    change.ts = qint64(ack.value(QLatin1String("ts")).toDouble());
    emit changeAcked(change);
}

void ChangeSender::onRefused(const OutboxRecord &entry, const QString &code, const QString &message)
{
    if (isChange(entry))
        emit changeRefused(toChange(entry), code, message);
}

} // namespace sb::client
