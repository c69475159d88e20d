#pragma once

// Helpers shared by the protocol/Validator suites (tst_validatorrequests, tst_validatorfields):
// a client request to validate and the payload keys most requests carry.

#include "protocol/Envelope.h"

#include <QJsonObject>
#include <QString>

namespace sb::test {

inline sb::protocol::Envelope request(const QString &type, const QJsonObject &payload,
                                      const QString &id = QStringLiteral("r-1"))
{
    sb::protocol::Envelope e;
    e.type = type;
    e.id = id;
    e.ts = 1732300000000;
    e.payload = payload;
    return e;
}

inline const QString Room = QStringLiteral("room");
inline const QString Text = QStringLiteral("text");

} // namespace sb::test
