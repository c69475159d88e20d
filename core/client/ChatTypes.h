#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace sb::client {

// Where one of the user's own messages is on its way to everyone else.
enum class DeliveryState {
    Pending, // in the outbox, not yet sent (offline, or waiting its turn)
    Sent,    // on the wire, no ack yet
    Acked,   // stored by the server: it has a seq
    Failed,  // refused or out of retries: the user may retry or discard it
};

// A chat or DM message as the client shows and caches it. `room` is the room name, or
// "@peer" for a direct conversation. seq is 0 until the server acked it.
struct ChatMessage
{
    QString room;
    qint64 seq = 0;
    QString from;
    QString text;
    qint64 ts = 0; // ms since the Unix epoch
    QString clientId;
    DeliveryState delivery = DeliveryState::Acked;
    QString error; // why it failed, for the user

    bool isConfirmed() const { return seq > 0; }
};

// One trade from the market feed.
struct MarketTick
{
    QString symbol;
    double price = 0;
    qint64 volume = 0;
    qint64 ts = 0; // ms since the Unix epoch
};

struct PresenceEntry
{
    QString user;
    QString status; // online | away | busy | offline
};

} // namespace sb::client

Q_DECLARE_METATYPE(sb::client::ChatMessage)
Q_DECLARE_METATYPE(sb::client::MarketTick)
