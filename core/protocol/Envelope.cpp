#include "Envelope.h"

#include "MessageType.h"

#include <QDateTime>

namespace sb::protocol {

Envelope Envelope::make(QString type, QJsonObject payload, QString id)
{
    Envelope e;
    e.type = std::move(type);
    e.id = std::move(id);
    e.ts = QDateTime::currentMSecsSinceEpoch();
    e.payload = std::move(payload);
    return e;
}

Envelope Envelope::ack(const QString &requestId, QJsonObject fields)
{
    if (!requestId.isEmpty())
        fields.insert(QLatin1String("id"), requestId);
    return make(MessageType::Ack, std::move(fields), requestId);
}

Envelope Envelope::error(const QString &requestId, QLatin1String code, const QString &message)
{
    QJsonObject fields{{QLatin1String("code"), QString(code)},
                       {QLatin1String("message"), message}};
    if (!requestId.isEmpty())
        fields.insert(QLatin1String("id"), requestId);
    return make(MessageType::Error, std::move(fields), requestId);
}

} // namespace sb::protocol
