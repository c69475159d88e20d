#pragma once

// Building the client's ChatMessage values the model and view suites feed in.

#include "client/ChatTypes.h"

#include <QString>

namespace sb::test {

// An acked message (seq > 0) or, with seq 0, one not acked yet.
inline sb::client::ChatMessage chatMessage(const QString &room, qint64 seq, const QString &from,
                                           const QString &text, qint64 ts,
                                           const QString &clientId = {})
{
    sb::client::ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.from = from;
    m.text = text;
    m.ts = ts;
    m.clientId = clientId;
    return m;
}

} // namespace sb::test
