#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace sb::soak {

// One chat or DM a soak client handed to its Session (what the user typed).
struct SentRecord
{
    QString id;     // the envelope id the outbox gave it: the server's dedupe key
    QString kind;   // "chat" or "dm"
    QString target; // room, or user for a DM
    QString text;
};

// One message the Session delivered to the app, in the order it was delivered.
struct ReceivedRecord
{
    qint64 seq = 0;
    QString clientId;
};

// Everything one client did and saw over the whole run, across rebuilds of its Session.
struct ClientLog
{
    QString user;
    QStringList rooms;
    QList<SentRecord> sent;
    // Per room: the seq the client's history started from (its first join's last_seq), and
    // every message the Session delivered for the room.
    QHash<QString, qint64> startSeq;
    QHash<QString, QList<ReceivedRecord>> received;
    // Per DM peer: dm.message copies delivered (seq is per user pair).
    QHash<QString, QList<ReceivedRecord>> direct;
    int historyResets = 0; // a room's epoch changed under the client (history lost)
    int failed = 0;        // outbox entries that ended Failed (never sent on their own)
};

// One stored message as the server's history has it.
struct StoredRecord
{
    qint64 seq = 0;
    QString sender;
    QString clientId;
    QString text;
};

// conversation name ("general", or "@a/b" for a DM pair) → its rows in seq order.
using ServerHistory = QHash<QString, QList<StoredRecord>>;

} // namespace sb::soak
