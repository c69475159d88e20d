#include "Delivery.h"

#include "Payloads.h"
#include "ServerContext.h"
#include "protocol/Envelope.h"
#include "protocol/MessageType.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDelivery, "switchboard.server.delivery")

namespace sb::server {

using namespace sb::protocol;

namespace {
// How many missing messages one gap fill reads at a time.
constexpr int FillPage = 1000;
} // namespace

void Delivery::stored(const StoredMessage &message)
{
    if (!message.recipient.isEmpty()) {
        m_context.fanout.toUsers({message.sender, message.recipient}, Payloads::directEvent(message));
        return;
    }
    // A room nobody here has loaded needs nothing: its state is read from the store on first use.
    RoomState *room = m_context.registry.findRoom(message.conversation);
    if (!room || message.seq <= room->lastSeq)
        return;
    if (message.seq > room->lastSeq + 1)
        fillUpTo(*room, message.seq - 1);
    if (message.seq == room->lastSeq + 1)
        deliverToRoom(*room, message);
}

void Delivery::catchUp(RoomState &room)
{
    const ConversationInfo info = m_context.store->conversation(room.name);
    if (info.ok && info.lastSeq > room.lastSeq)
        fillUpTo(room, info.lastSeq);
}

void Delivery::fillUpTo(RoomState &room, qint64 seq)
{
    while (room.lastSeq < seq) {
        const qint64 from = room.lastSeq;
        const HistoryPage page =
            m_context.store->after(room.name, from, qMin(seq, from + FillPage), FillPage);
        if (!page.ok) {
            // The store is unreachable: the next message or the reconnect's catch-up retries.
            qCWarning(lcDelivery) << "cannot read the messages missing in" << room.name << "after"
                                  << from;
            return;
        }
        for (const StoredMessage &message : page.messages)
            deliverToRoom(room, message);
        if (room.lastSeq == from) {
            // Trimmed from the store (Redis keeps a capped history): skip what is gone, as a
            // resuming client would see `gap:true` for it.
            qCWarning(lcDelivery) << "messages" << from + 1 << "to" << qMin(seq, from + FillPage)
                                  << "of" << room.name << "are no longer stored";
            room.lastSeq = qMin(seq, from + FillPage);
        }
    }
}

void Delivery::deliverToRoom(RoomState &room, const StoredMessage &message)
{
    if (message.seq <= room.lastSeq)
        return;
    room.lastSeq = message.seq;
    // Changes go out in the same order as messages, each with its seq (chat.change).
    m_context.fanout.toRoom(room, Payloads::roomEvent(message));
}

} // namespace sb::server
