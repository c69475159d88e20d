#pragma once

#include "Bar.h"
#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QByteArray>

namespace sb::server {

// The `ticker.history` reply, encoded for one connection's wire format. The envelope (type, id,
// ts and the payload's other fields) is the Codec's as always, with an empty `bars`; the bars
// are then written straight into it, as JSON text or with QCborStreamWriter. Building a
// QJsonObject per bar and running the generic encoder over them cost ~13 ms (JSON) and ~10 ms
// (CBOR) of a 5,000-bar page; written directly they cost about a millisecond
// (docs/benchmarks.md).
class TickerHistoryReply
{
public:
    // `envelope` without `bars` in its payload.
    static QByteArray encode(protocol::WireFormat format, protocol::Envelope envelope,
                             const QList<Bar> &bars);
    // A bar as the protocol spells it: {t, o, h, l, c, v}.
    static QJsonObject toJson(const Bar &bar);
};

} // namespace sb::server
