#pragma once

// Small payload builders and data-row helpers shared by the suites.

#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QHash>
#include <QJsonArray>

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

// The seqs of the messages of a history or dm.history page, in the page's order.
inline QList<qint64> seqsOf(const sb::protocol::Envelope &page)
{
    QList<qint64> seqs;
    for (const QJsonValue &message : page.payload.value(QStringLiteral("messages")).toArray())
        seqs.append(message.toObject().value(QStringLiteral("seq")).toInteger());
    return seqs;
}

// welcome.dms by peer: {with, last_seq, epoch}.
inline QHash<QString, QJsonObject> directsOf(const sb::protocol::Envelope &welcome)
{
    QHash<QString, QJsonObject> byPeer;
    for (const QJsonValue &value : welcome.payload.value(QStringLiteral("dms")).toArray())
        byPeer.insert(value.toObject().value(QStringLiteral("with")).toString(), value.toObject());
    return byPeer;
}

// A "format" column with a json and a cbor row.
inline void addFormatRows()
{
    QTest::addColumn<sb::protocol::WireFormat>("format");
    QTest::newRow("json") << sb::protocol::WireFormat::Json;
    QTest::newRow("cbor") << sb::protocol::WireFormat::Cbor;
}

} // namespace sb::test
