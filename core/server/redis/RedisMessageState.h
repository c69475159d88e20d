#pragma once

#include "../HistoryTypes.h"

#include <QByteArray>

namespace sb::server {

// What its changes made of a message, as RedisStore keeps it: one field per changed message in
// the conversation's state hash (a message never changed has none). JSON written by this class
// only; the append script never parses it, it compares the field whole with what the instance
// read when it decided the change (compare-and-set), so `version` counts the changes taken and
// any change in between makes the field differ.
struct RedisMessageState
{
    qint64 editedTs = 0;
    qint64 deletedTs = 0;
    QList<Reaction> reactions;
    int version = 0;

    // An empty or unreadable field is the state of a message never changed.
    static RedisMessageState decode(const QByteArray &field);
    // The state `message` (its changes folded in) is in after `version` changes.
    static RedisMessageState of(const StoredMessage &message, int version);
    QByteArray encode() const;
    // Folds the state into the message read from the stream (a tombstone loses its text).
    void applyTo(StoredMessage &message) const;
};

} // namespace sb::server
