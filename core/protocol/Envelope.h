#pragma once

#include <QJsonObject>
#include <QString>

namespace sb::protocol {

// One message on the wire: {type, id, ts, payload, meta} (PROTOCOL.md, "Envelope").
// A plain value; codecs turn it into JSON text or CBOR bytes and back.
struct Envelope
{
    QString type;        // routing key, never empty in a valid envelope
    QString id;          // correlation id; replies echo the request's id
    qint64 ts = 0;       // ms since the Unix epoch, set by the sender
    QJsonObject payload; // type-specific; absent on the wire means {}
    QJsonObject meta;    // optional extras (client version, trace id), never used for routing

    // An envelope stamped with the current wall-clock time.
    static Envelope make(QString type, QJsonObject payload = {}, QString id = {});

    // `ack {id, ...fields}` answering the request with correlation id `requestId`.
    static Envelope ack(const QString &requestId, QJsonObject fields = {});
    // `error {id?, code, message}`.
    static Envelope error(const QString &requestId, QLatin1String code, const QString &message);

    bool isValid() const { return !type.isEmpty(); }
    bool operator==(const Envelope &other) const = default;
};

} // namespace sb::protocol
