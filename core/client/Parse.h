#pragma once

#include "ChatTypes.h"

#include <QJsonObject>

namespace sb::client::Parse {

// Server payloads into the client's types (PROTOCOL.md, "Server → client").
// A chat.message or history entry, with its reply quote, edit, tombstone and reactions.
ChatMessage chatMessage(const QJsonObject &payload);
// A dm.message, filed under the conversation "@peer" as seen by `me`.
ChatMessage directMessage(const QJsonObject &payload, const QString &me);
QList<ChatMessage> history(const QJsonObject &payload);
// dm.history: its messages as the conversation "@peer" of `me`.
QList<ChatMessage> directHistory(const QJsonObject &payload, const QString &me);
// A chat.change, or (with `me`) a dm.change filed under "@peer". Nothing (target 0) when the
// change is of a kind this client does not know.
MessageChange change(const QJsonObject &payload, const QString &me = {});
// The hits of a `search` reply, DMs as "@peer".
QList<SearchHit> searchHits(const QJsonObject &payload);
QList<MarketTick> ticks(const QJsonObject &payload);
QList<PresenceEntry> presenceSnapshot(const QJsonObject &payload);

} // namespace sb::client::Parse
