#pragma once

#include "ConversationSync.h"

#include <QHash>
#include <QStringList>

#include <functional>

namespace sb::client {

class LocalStore;

// The conversations this client keeps in sync, each with its resume point: the rooms the user is
// in, and every direct conversation seen ("@peer"). Kept in the local store, so a restart resumes
// each from where it ended.
class Conversations
{
public:
    explicit Conversations(LocalStore &store);

    // What the store holds (rooms left since are not loaded).
    void load();

    QStringList rooms() const { return sortedKeys(m_rooms); }
    QStringList directs() const { return sortedKeys(m_directs); }
    bool hasRoom(const QString &room) const { return m_rooms.contains(room); }
    qint64 watermark(const QString &conversation) const;

    // A room the user is in or a known DM conversation; null otherwise.
    ConversationSync *find(const QString &conversation);
    // The room's sync, made (and saved) when the user joins it for the first time.
    ConversationSync &joinRoom(const QString &room);
    // Saved as left, and no longer kept in sync.
    void leaveRoom(const QString &room);
    // The DM conversation's sync, made on first use.
    ConversationSync &direct(const QString &conversation);

    void forEachRoom(const std::function<void(const ConversationSync &)> &visit) const;
    // The connection was lost: no sync waits for an answer any more.
    void requestsLost();
    void save(const ConversationSync &sync, bool joined = true);

private:
    static QStringList sortedKeys(const QHash<QString, ConversationSync> &syncs);

    LocalStore &m_store;
    QHash<QString, ConversationSync> m_rooms;
    QHash<QString, ConversationSync> m_directs;
};

} // namespace sb::client
