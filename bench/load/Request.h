#pragma once

#include <QCborMap>
#include <QJsonDocument>
#include <QJsonObject>

#include <string>

namespace bench {

// A request in the connection's format. JSON is written by hand; CBOR through QCborMap.
inline std::string request(bool cbor, const char *type, const char *id, const QCborMap &payload)
{
    if (cbor) {
        const QByteArray bytes = QCborMap{{QLatin1String("type"), QLatin1String(type)},
                                          {QLatin1String("id"), QLatin1String(id)},
                                          {QLatin1String("payload"), payload}}
                                     .toCborValue()
                                     .toCbor();
        return bytes.toStdString();
    }
    const QByteArray json = QJsonDocument(payload.toJsonObject()).toJson(QJsonDocument::Compact);
    return "{\"type\":\"" + std::string(type) + "\",\"id\":\"" + id + "\",\"payload\":" + json.toStdString() + "}";
}

} // namespace bench
