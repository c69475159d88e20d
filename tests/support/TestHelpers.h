#pragma once

// Small payload builders and data-row helpers shared by the suites.

#include "protocol/WireFormat.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTest>

namespace sb::test {

// {"room": room}: the payload of room.join, room.leave, history.get, …
inline QJsonObject inRoom(const QString &room)
{
    return {{QStringLiteral("room"), room}};
}

// A hello payload naming the client install: connections with the same one are the same guest.
inline QJsonObject clientInstance(const QString &id)
{
    return {{QStringLiteral("client"), QJsonObject{{QStringLiteral("instance"), id}}}};
}

// The seqs first, first + 1, …, last.
inline QList<qint64> seqRange(qint64 first, qint64 last)
{
    QList<qint64> seqs;
    for (qint64 seq = first; seq <= last; ++seq)
        seqs.append(seq);
    return seqs;
}

// A "format" column with a json and a cbor row.
inline void addFormatRows()
{
    QTest::addColumn<sb::protocol::WireFormat>("format");
    QTest::newRow("json") << sb::protocol::WireFormat::Json;
    QTest::newRow("cbor") << sb::protocol::WireFormat::Cbor;
}

} // namespace sb::test
