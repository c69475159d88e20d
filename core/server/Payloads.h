#pragma once

#include "HistoryTypes.h"
#include "protocol/Envelope.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sb::server {

struct RoomState;
class Registry;

// The payloads the server builds in more than one place, so each has one shape everywhere.
namespace Payloads {

// chat.message: {room, seq, from, text, ts, client_id}, and what is so of it: reply_to {seq, from,
// text}, edited_ts, deleted + deleted_ts, reactions [{emoji, count, users}]. History entries
// have the same shape.
QJsonObject chatMessage(const StoredMessage &message);
// dm.message: {from, to, text, seq, ts, client_id}, and the same state as chat.message.
QJsonObject dmMessage(const StoredMessage &message);
// A room's stream event as it goes out: chat.message, or chat.change {room, seq, from, ts,
// client_id, change, target, text (edit), emoji (react, unreact)}.
protocol::Envelope roomEvent(const StoredMessage &event);
// A DM stream's event: dm.message, or dm.change {from, to, seq, ts, client_id, change, target, …}.
protocol::Envelope directEvent(const StoredMessage &event);
// presence.snapshot: {room, users:[{user, status}]}
QJsonObject presenceSnapshot(const RoomState &room, const Registry &registry);
// {room, members, last_seq}, as in room.list and welcome
QJsonObject roomSummary(const QString &name, int members, qint64 lastSeq);

} // namespace Payloads
} // namespace sb::server
