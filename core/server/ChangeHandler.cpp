#include "ChangeHandler.h"

#include "ChatHandler.h"
#include "ClientConnection.h"
#include "ServerContext.h"
#include "protocol/Envelope.h"
#include "protocol/MessageType.h"

namespace sb::server {

using namespace sb::protocol;

void ChangeHandler::change(ClientConnection *connection, const Envelope &request)
{
    namespace T = MessageType;
    const bool direct = request.type == T::DmEdit || request.type == T::DmDelete || request.type == T::DmReact;
    if (direct)
        inDirect(connection, request, kindOf(request));
    else
        inRoom(connection, request, kindOf(request));
}

ChangeKind ChangeHandler::kindOf(const Envelope &request)
{
    namespace T = MessageType;
    if (request.type == T::ChatEdit || request.type == T::DmEdit)
        return ChangeKind::Edit;
    if (request.type == T::ChatDelete || request.type == T::DmDelete)
        return ChangeKind::Delete;
    return request.payload.value(QLatin1String("remove")).toBool() ? ChangeKind::Unreact
                                                                   : ChangeKind::React;
}

void ChangeHandler::describe(AppendRequest &append, const Envelope &request, ChangeKind kind)
{
    append.kind = kind;
    append.target = qint64(request.payload.value(QLatin1String("seq")).toDouble());
    append.emoji = request.payload.value(QLatin1String("emoji")).toString();
    if (kind != ChangeKind::Edit)
        append.text.clear(); // only an edit carries text into the stream
}

void ChangeHandler::inRoom(ClientConnection *connection, const Envelope &request, ChangeKind kind)
{
    RoomState *room = m_chat.joinedRoom(connection, request);
    if (!room || !m_chat.admitSend(connection, request))
        return;
    AppendRequest append{room->name, room->epoch, connection->user(), {}, request.id,
                         request.payload.value(QLatin1String("text")).toString(), m_context.wallNow()};
    describe(append, request, kind);
    // An administrator may remove anyone's message in any room (moderation); in DMs nobody may.
    append.moderator = connection->role() == Role::Admin;
    m_chat.storeAndAck(connection, std::move(append), ChatHandler::AckNames::Room);
}

void ChangeHandler::inDirect(ClientConnection *connection, const Envelope &request, ChangeKind kind)
{
    if (!m_chat.admitSend(connection, request))
        return;
    std::optional<AppendRequest> append = m_chat.directAppend(connection, request);
    if (!append)
        return;
    describe(*append, request, kind);
    m_chat.storeAndAck(connection, std::move(*append), ChatHandler::AckNames::Recipient);
}

} // namespace sb::server
