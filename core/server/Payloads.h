#pragma once

#include "HistoryTypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sb::server {

struct RoomState;
class Registry;

// The payloads the server builds in more than one place, so each has one shape everywhere.
namespace Payloads {

// chat.message: {room, seq, from, text, ts, client_id}; history entries have the same shape.
QJsonObject chatMessage(const StoredMessage &message);
// dm.message: {from, to, text, seq, ts, client_id}
QJsonObject dmMessage(const StoredMessage &message);
// presence.snapshot: {room, users:[{user, status}]}
QJsonObject presenceSnapshot(const RoomState &room, const Registry &registry);
// {room, members, last_seq}, as in room.list and welcome
QJsonObject roomSummary(const QString &name, int members, qint64 lastSeq);

} // namespace Payloads
} // namespace sb::server
