#pragma once

#include "ChatTypes.h"

#include <QJsonObject>

namespace sb::client::Parse {

// Server payloads into the client's types (PROTOCOL.md, "Server → client").
ChatMessage chatMessage(const QJsonObject &payload);
// A dm.message, filed under the conversation "@peer" as seen by `me`.
ChatMessage directMessage(const QJsonObject &payload, const QString &me);
QList<ChatMessage> history(const QJsonObject &payload);
// dm.history: its messages as the conversation "@peer" of `me`.
QList<ChatMessage> directHistory(const QJsonObject &payload, const QString &me);
QList<MarketTick> ticks(const QJsonObject &payload);
QList<PresenceEntry> presenceSnapshot(const QJsonObject &payload);

} // namespace sb::client::Parse
