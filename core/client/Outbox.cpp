#include "Outbox.h"

#include <QRandomGenerator>

namespace sb::client {

Outbox::Outbox(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    qRegisterMetaType<OutboxRecord>();
}

void Outbox::load()
{
    m_entries = m_store.outbox();
    requeueInFlight();
    emit depthChanged(depth());
}

QString Outbox::newId(qint64 nowMs)
{
    static quint32 counter = 0;
    // Fixed-width base-36 so ids sort by time as text too.
    return QStringLiteral("c%1%2%3")
        .arg(QString::number(nowMs, 36).rightJustified(9, u'0'))
        .arg(QString::number(++counter % (36 * 36 * 36), 36).rightJustified(3, u'0'))
        .arg(QString::number(QRandomGenerator::global()->bounded(36 * 36 * 36 * 36), 36)
                 .rightJustified(4, u'0'));
}

OutboxRecord Outbox::add(const QString &kind, const QString &target, const QString &text,
                         qint64 nowMs, qint64 targetSeq)
{
    OutboxRecord entry{newId(nowMs), kind, target, text, nowMs, DeliveryState::Pending, 0, {}, targetSeq};
    m_store.saveOutbox(entry); // durable before anything goes on the wire
    m_entries.append(entry);
    emit entryChanged(entry);
    emit depthChanged(depth());
    return entry;
}

const OutboxRecord *Outbox::find(const QString &id) const
{
    for (const OutboxRecord &entry : m_entries) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

OutboxRecord *Outbox::findMutable(const QString &id)
{
    return const_cast<OutboxRecord *>(find(id));
}

const OutboxRecord *Outbox::nextPending() const
{
    for (const OutboxRecord &entry : m_entries) {
        if (entry.state == DeliveryState::Pending)
            return &entry;
    }
    return nullptr;
}

bool Outbox::hasInFlight() const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [](const OutboxRecord &e) { return e.state == DeliveryState::Sent; });
}

void Outbox::update(OutboxRecord &entry)
{
    m_store.saveOutbox(entry);
    emit entryChanged(entry);
}

void Outbox::setTargetSeq(const QString &id, qint64 seq)
{
    if (OutboxRecord *entry = findMutable(id); entry && entry->state == DeliveryState::Pending) {
        entry->targetSeq = seq;
        update(*entry);
    }
}

void Outbox::markSent(const QString &id)
{
    if (OutboxRecord *entry = findMutable(id)) {
        entry->state = DeliveryState::Sent;
        ++entry->attempts;
        update(*entry);
    }
}

void Outbox::markAcked(const QString &id)
{
    remove(id, true);
}

void Outbox::markFailed(const QString &id, const QString &error)
{
    if (OutboxRecord *entry = findMutable(id)) {
        entry->state = DeliveryState::Failed;
        entry->error = error;
        update(*entry);
    }
}

int Outbox::retryDelayMs(int attempts)
{
    constexpr int FirstMs = 1000;
    constexpr int LongestMs = 15000;
    return attempts <= 1 ? FirstMs : qMin(LongestMs, FirstMs << qMin(attempts - 1, 4));
}

void Outbox::markRetryable(const QString &id, const QString &error)
{
    OutboxRecord *entry = findMutable(id);
    if (!entry)
        return;
    if (entry->attempts >= MaxAttempts) {
        markFailed(id, error);
        return;
    }
    entry->state = DeliveryState::Pending;
    entry->error = error;
    update(*entry);
}

void Outbox::requeueInFlight()
{
    for (OutboxRecord &entry : m_entries) {
        if (entry.state == DeliveryState::Sent) {
            entry.state = DeliveryState::Pending;
            update(entry);
        }
    }
}

void Outbox::retry(const QString &id)
{
    if (OutboxRecord *entry = findMutable(id); entry && entry->state == DeliveryState::Failed) {
        entry->state = DeliveryState::Pending;
        entry->attempts = 0;
        entry->error.clear();
        update(*entry);
    }
}

void Outbox::discard(const QString &id)
{
    remove(id, false);
}

void Outbox::remove(const QString &id, bool acked)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].id == id) {
            m_entries.removeAt(i);
            m_store.removeOutbox(id);
            emit entryRemoved(id, acked);
            emit depthChanged(depth());
            return;
        }
    }
}

} // namespace sb::client
