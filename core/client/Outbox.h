#pragma once

#include "LocalStore.h"

#include <QObject>

#include <optional>

namespace sb::client {

// What an outbox entry is (OutboxRecord::kind): stored in the local store, so never renamed.
namespace OutboxKind {
inline constexpr QLatin1String Chat{"chat"};
inline constexpr QLatin1String Dm{"dm"};
inline constexpr QLatin1String Edit{"edit"};
inline constexpr QLatin1String Delete{"delete"};
inline constexpr QLatin1String React{"react"};
inline constexpr QLatin1String Unreact{"unreact"};
inline constexpr QLatin1String Read{"read"};
// A message the user wrote (a row in the chat with Retry and Discard), not a change or a marker.
inline bool isMessage(const QString &kind) { return kind == Chat || kind == Dm; }
} // namespace OutboxKind

// Every chat and DM the user writes, from the moment they press Enter until the server acked it,
// and every edit, delete, reaction and read marker, which queue the same way. Each entry is written to the local store before anything is sent, so it survives a lost
// connection and an app restart; it is sent in order, one at a time, and resent with the same id
// after a reconnect (the server dedupes). Pure bookkeeping: Session decides when to send.
class Outbox : public QObject
{
    Q_OBJECT

public:
    // Sends before a transient failure makes an entry Failed. With retryDelayMs() the last one
    // goes out about a minute after the first: a server restart or a short Redis outage is
    // ridden out instead of asking the user to press Retry.
    static constexpr int MaxAttempts = 8;
    // How long to wait before sending an entry again after its `attempts`-th send failed for a
    // passing reason: 1, 2, 4, 8 s, then 15 s.
    static int retryDelayMs(int attempts);

    explicit Outbox(LocalStore &store, QObject *parent = nullptr);

    // Loads what a previous run left; anything that was on the wire goes back to Pending.
    void load();
    OutboxRecord add(const QString &kind, const QString &target, const QString &text, qint64 nowMs,
                     qint64 targetSeq = 0);
    // A newer seq for an entry still waiting (a read marker that moved on before it went out).
    void setTargetSeq(const QString &id, qint64 seq);

    QList<OutboxRecord> entries() const { return m_entries; }
    const OutboxRecord *find(const QString &id) const;
    // The oldest entry waiting to be sent (a Failed one does not hold the others back).
    const OutboxRecord *nextPending() const;
    bool hasInFlight() const;
    int depth() const { return int(m_entries.size()); }

    void markSent(const QString &id);
    void markAcked(const QString &id);
    // A final refusal (invalid, forbidden, too large): the user decides.
    void markFailed(const QString &id, const QString &error);
    // A transient failure (rate limited, server error): back to Pending until MaxAttempts.
    void markRetryable(const QString &id, const QString &error);
    // The connection was lost: whatever was on the wire will be sent again.
    void requeueInFlight();
    void retry(const QString &id);
    void discard(const QString &id);

    // Time-ordered, unique ids (ms timestamp, counter, random): the server's dedupe index
    // stays append-only and fast with them (DESIGN.md, "Recipes").
    static QString newId(qint64 nowMs);

signals:
    void entryChanged(const sb::client::OutboxRecord &entry);
    void entryRemoved(const QString &id, bool acked);
    void depthChanged(int depth);

private:
    OutboxRecord *findMutable(const QString &id);
    void update(OutboxRecord &entry);
    void remove(const QString &id, bool acked);

    LocalStore &m_store;
    QList<OutboxRecord> m_entries; // creation order
};

} // namespace sb::client

Q_DECLARE_METATYPE(sb::client::OutboxRecord)
