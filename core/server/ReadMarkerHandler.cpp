#include "ReadMarkerHandler.h"

#include "ClientConnection.h"
#include "HistoryStore.h"
#include "ServerContext.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

namespace sb::server {

using namespace sb::protocol;

namespace {
qint64 seqOf(const Envelope &request)
{
    return qint64(request.payload.value(QLatin1String("seq")).toDouble());
}

QString directKey(const QString &peer)
{
    return QLatin1Char('@') + peer;
}
} // namespace

bool ReadMarkerHandler::withinStream(ClientConnection *connection, const Envelope &request,
                                     qint64 seq, qint64 lastSeq)
{
    if (seq <= lastSeq)
        return true;
    connection->sendError(request.id, ErrorCode::InvalidArgument,
                          QStringLiteral("seq %1 is beyond the conversation's last (%2)").arg(seq).arg(lastSeq));
    return false;
}

void ReadMarkerHandler::roomRead(ClientConnection *connection, const Envelope &request)
{
    const QString name = request.payload.value(QLatin1String("room")).toString();
    const RoomState *room = m_context.readableRoom(connection, request.id, name);
    if (!room)
        return;
    const qint64 seq = seqOf(request);
    if (!withinStream(connection, request, seq, room->lastSeq))
        return;
    record(connection, request, name, seq, {{QLatin1String("room"), name}});
}

void ReadMarkerHandler::dmRead(ClientConnection *connection, const Envelope &request)
{
    const QString peer = request.payload.value(QLatin1String("with")).toString();
    const QString conversation = HistoryStore::dmConversation(connection->user(), peer);
    const qint64 seq = seqOf(request);
    const qint64 lastSeq = m_context.store->exists(conversation)
        ? m_context.store->conversation(conversation).lastSeq
        : 0;
    if (!withinStream(connection, request, seq, lastSeq))
        return;
    const qint64 kept =
        record(connection, request, directKey(peer), seq, {{QLatin1String("with"), peer}});
    if (kept != seq || peer == connection->user())
        return;
    // "Seen": the other side learns how far this user has read their conversation.
    m_context.toUserEverywhere(peer, nullptr,
                               Envelope::make(MessageType::ReadMarker,
                                              {{QLatin1String("with"), connection->user()},
                                               {QLatin1String("seq"), seq},
                                               {QLatin1String("user"), connection->user()}}));
}

qint64 ReadMarkerHandler::record(ClientConnection *connection, const Envelope &request,
                                 const QString &key, qint64 seq, QJsonObject marker)
{
    const qint64 kept = m_context.store->markRead(connection->user(), key, seq);
    if (kept < 0) {
        connection->sendError(request.id, ErrorCode::Internal,
                              QStringLiteral("the message store is unreachable; retry in a moment"));
        return kept;
    }
    marker.insert(QLatin1String("seq"), kept);
    connection->send(Envelope::ack(request.id, marker));
    if (kept != seq)
        return kept; // an older marker than the one kept: nothing moved
    marker.insert(QLatin1String("user"), connection->user());
    m_context.toUserEverywhere(connection->user(), connection,
                               Envelope::make(MessageType::ReadMarker, marker));
    return kept;
}

QJsonObject ReadMarkerHandler::markersOf(const ClientConnection &connection)
{
    QJsonObject markers;
    const QHash<QString, qint64> kept = m_context.store->readMarkers(connection.user());
    for (auto it = kept.cbegin(); it != kept.cend(); ++it) {
        // A private room the token no longer names stays unseen.
        if (it.key().startsWith(QLatin1Char('@')) || connection.mayEnter(it.key(), m_context.config.privateRooms))
            markers.insert(it.key(), it.value());
    }
    return markers;
}

} // namespace sb::server
