#pragma once

#include <QLatin1String>

// The `type` strings of PROTOCOL.md: the routing keys of every envelope. Stable; never rename.
namespace sb::protocol::MessageType {

// Client → server
inline constexpr QLatin1String Hello{"hello"};
inline constexpr QLatin1String RoomJoin{"room.join"};
inline constexpr QLatin1String RoomLeave{"room.leave"};
inline constexpr QLatin1String RoomList{"room.list"};
inline constexpr QLatin1String ChatSend{"chat.send"};
inline constexpr QLatin1String DmSend{"dm.send"};
inline constexpr QLatin1String Typing{"typing"};
inline constexpr QLatin1String PresenceSet{"presence.set"};
inline constexpr QLatin1String HistoryGet{"history.get"};
// An extension of v1 (docs/protocol.md): a direct conversation's history; the reply has this type too.
inline constexpr QLatin1String DmHistory{"dm.history"};
inline constexpr QLatin1String TickerSubscribe{"ticker.subscribe"};
inline constexpr QLatin1String TickerUnsubscribe{"ticker.unsubscribe"};
// A symbol's OHLCV bars at an interval, from the feed's one-second bars; the reply has this type too.
inline constexpr QLatin1String TickerHistory{"ticker.history"};
inline constexpr QLatin1String Ping{"ping"};
inline constexpr QLatin1String Announce{"announce"};
// Changes to a stored message (docs/protocol.md, "Replies, edits, deletes, reactions"): each is an
// event of the conversation's stream with a seq of its own.
inline constexpr QLatin1String ChatEdit{"chat.edit"};
inline constexpr QLatin1String ChatDelete{"chat.delete"};
inline constexpr QLatin1String ChatReact{"chat.react"};
inline constexpr QLatin1String DmEdit{"dm.edit"};
inline constexpr QLatin1String DmDelete{"dm.delete"};
inline constexpr QLatin1String DmReact{"dm.react"};
// Read markers: per user, not events of the stream; the server pushes them as `read.marker`.
inline constexpr QLatin1String RoomRead{"room.read"};
inline constexpr QLatin1String DmRead{"dm.read"};
// Notification settings per conversation (level all | mentions | none, and mute), kept per user
// with the read markers; the server pushes them to the user's other sessions as `notify.settings`.
inline constexpr QLatin1String RoomNotify{"room.notify"};
inline constexpr QLatin1String DmNotify{"dm.notify"};
// Full-text search over what the user may read; the reply has this type too.
inline constexpr QLatin1String Search{"search"};

// Server → client (`room.list`, `typing` and `announce` are shared with the requests above)
inline constexpr QLatin1String Welcome{"welcome"};
inline constexpr QLatin1String ChatMessage{"chat.message"};
inline constexpr QLatin1String DmMessage{"dm.message"};
// An edit, delete or reaction of a room message or a DM (old clients ignore them).
inline constexpr QLatin1String ChatChange{"chat.change"};
inline constexpr QLatin1String DmChange{"dm.change"};
inline constexpr QLatin1String ReadMarker{"read.marker"};
inline constexpr QLatin1String NotifySettings{"notify.settings"};
inline constexpr QLatin1String RoomEvent{"room.event"};
inline constexpr QLatin1String Presence{"presence"};
inline constexpr QLatin1String PresenceSnapshot{"presence.snapshot"};
inline constexpr QLatin1String History{"history"};
inline constexpr QLatin1String TickerBatch{"ticker.batch"};
inline constexpr QLatin1String Pong{"pong"};
inline constexpr QLatin1String Ack{"ack"};
inline constexpr QLatin1String Error{"error"};

} // namespace sb::protocol::MessageType
