#include "Conversations.h"

#include "ConversationId.h"
#include "LocalStore.h"

namespace sb::client {

namespace {

bool isDirect(const QString &conversation)
{
    return ConversationId::isDirectKey(conversation);
}

} // namespace

Conversations::Conversations(LocalStore &store)
    : m_store(store)
{
}

void Conversations::load()
{
    m_rooms.clear();
    m_directs.clear();
    for (const RoomRecord &record : m_store.rooms()) {
        const ConversationSync sync(record.room, record.lastSeq, record.epoch);
        if (sync.isDirect())
            m_directs.insert(record.room, sync);
        else if (record.joined)
            m_rooms.insert(record.room, sync);
    }
}

qint64 Conversations::watermark(const QString &conversation) const
{
    return (isDirect(conversation) ? m_directs : m_rooms).value(conversation).watermark();
}

ConversationSync *Conversations::find(const QString &conversation)
{
    QHash<QString, ConversationSync> &syncs = isDirect(conversation) ? m_directs : m_rooms;
    const auto it = syncs.find(conversation);
    return it == syncs.end() ? nullptr : &*it;
}

ConversationSync &Conversations::joinRoom(const QString &room)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        it = m_rooms.insert(room, ConversationSync(room));
    save(*it);
    return *it;
}

void Conversations::leaveRoom(const QString &room)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    save(*it, false);
    m_rooms.erase(it);
}

ConversationSync &Conversations::direct(const QString &conversation)
{
    auto it = m_directs.find(conversation);
    if (it == m_directs.end()) {
        // DMs cached by a version that kept no resume point for them: go on from the newest,
        // rather than deliver them again as new.
        const QList<ChatMessage> newest = m_store.latestMessages(conversation, 1);
        const qint64 cached = newest.isEmpty() ? 0 : newest.constFirst().seq;
        it = m_directs.insert(conversation, ConversationSync(conversation, cached));
    }
    return *it;
}

void Conversations::forEachRoom(const std::function<void(const ConversationSync &)> &visit) const
{
    for (const ConversationSync &sync : m_rooms)
        visit(sync);
}

void Conversations::requestsLost()
{
    for (ConversationSync &sync : m_rooms)
        sync.requestLost();
    for (ConversationSync &sync : m_directs)
        sync.requestLost();
}

void Conversations::save(const ConversationSync &sync, bool joined)
{
    m_store.saveRoom({sync.key(), sync.watermark(), sync.epoch(), joined});
}

QStringList Conversations::sortedKeys(const QHash<QString, ConversationSync> &syncs)
{
    QStringList keys = syncs.keys();
    keys.sort();
    return keys;
}

} // namespace sb::client
