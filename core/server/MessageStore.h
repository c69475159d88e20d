#pragma once

#include "HistoryTypes.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace sb::server {

// Where chat and DM history lives and where sequence numbers come from: SQLite in one process
// (HistoryStore) or Redis shared by several (RedisStore). Handlers only see this interface.
//
// Delivery does not go through append()'s callback: every message the store accepts, from this
// process or (with Redis) any other, reaches the listener set with onStored(), in seq order per
// conversation as far as the engine can tell (Delivery fills the gaps it sees).
class MessageStore
{
public:
    using StoredListener = std::function<void(const StoredMessage &)>;

    virtual ~MessageStore() = default;

    // Makes the message durable and assigns its seq; `done` runs on the caller's thread after
    // the commit (or the failure), in the order the appends were made.
    virtual void append(AppendRequest request, AppendCallback done) = 0;
    // Blocks until every append made so far has finished and its callback has run.
    virtual void flush() = 0;
    // Finishes what is queued and lets go of the storage. Safe to call twice.
    virtual void close() = 0;
    // False while the storage cannot be reached (Redis down): sends are refused with an error.
    virtual bool isAvailable() const = 0;

    // The conversation's epoch and last stored seq; a conversation seen for the first time gets a
    // fresh epoch, stored at once. `ok` is false when the storage could not be read.
    virtual ConversationInfo conversation(const QString &name) = 0;
    // Whether the conversation was ever created (by this process or another).
    virtual bool exists(const QString &name) = 0;
    // Known rooms (not DMs), by name.
    virtual QList<ConversationInfo> rooms() = 0;

    // Messages with afterSeq < seq ≤ upToSeq: the newest `limit` of them, ascending. hasMore is
    // set when some were left out (skipped for the limit, or trimmed from the store).
    virtual HistoryPage after(const QString &conversation, qint64 afterSeq, qint64 upToSeq,
                              int limit) = 0;
    // The newest `limit` messages with seq < beforeSeq and ts ≥ minTs, ascending. hasMore is set
    // when older ones that pass remain. (Every override keeps the default: 0, no ts bound.)
    virtual HistoryPage before(const QString &conversation, qint64 beforeSeq, int limit,
                               qint64 minTs = 0) = 0;

    // What history.get and dm.history show: like before(), but messages only (a stream's
    // changes are folded into the messages they change: text after edits, tombstones,
    // reactions, reply quotes). By default before(), for a store whose streams hold only
    // messages.
    virtual HistoryPage messagesBefore(const QString &conversation, qint64 beforeSeq, int limit,
                                       qint64 minTs = 0)
    {
        return before(conversation, beforeSeq, limit, minTs);
    }
    // The oldest `limit` messages (no changes, as above) with seq > afterSeq and ts ≥ minTs,
    // ascending; hasNewer is set when newer ones remain. Streams of messages only have no holes,
    // so there the seqs after afterSeq follow one by one.
    virtual HistoryPage messagesAfter(const QString &conversation, qint64 afterSeq, int limit,
                                      qint64 minTs = 0)
    {
        HistoryPage page = after(conversation, afterSeq, afterSeq + limit + 1, limit + 1);
        page.hasMore = false;
        page.messages.removeIf([minTs](const StoredMessage &m) { return m.ts < minTs; });
        page.hasNewer = page.messages.size() > limit;
        if (page.hasNewer)
            page.messages.removeLast();
        return page;
    }
    // The page around `seq` (a jump to a quoted or found message): `seq` and the messages before
    // it, and up to limit/2 after it, ascending; hasMore says older ones remain, hasNewer newer.
    HistoryPage messagesAround(const QString &conversation, qint64 seq, int limit, qint64 minTs = 0)
    {
        const int newer = limit / 2;
        HistoryPage page = messagesBefore(conversation, seq + 1, limit - newer, minTs);
        if (!page.ok || newer == 0)
            return page;
        const HistoryPage after = messagesAfter(conversation, seq, newer, minTs);
        page.ok = after.ok;
        page.hasNewer = after.hasNewer;
        page.messages.append(after.messages);
        return page;
    }

    // The DM conversations `user` takes part in (see HistoryStore::dmConversation).
    virtual DirectConversations directConversations(const QString &user) = 0;
    // Records that `holder` (a guest's install id, or "token" for signed-in users) holds the user
    // name `name` from `now` on, and returns since when it has held it without anybody else
    // holding it in between: a guest sees DMs of its name from then on only, never those of an
    // earlier guest who went by the same name. The first holder a name ever has gets 0: what
    // was sent to the name before waited for it. -1 when the store could not be reached.
    virtual qint64 holdName(const QString &name, const QString &holder, qint64 now) = 0;

    // Read markers: how far `user` has read each conversation, keyed as the user names it (a
    // room's name, or "@peer"). A marker only moves forward: markRead returns the marker after
    // the call (`seq`, or the higher one already kept), -1 when the store could not be reached.
    // A store that keeps none forgets them: this process still passes them to the user's
    // sessions.
    virtual qint64 markRead(const QString &user, const QString &conversationKey, qint64 seq)
    {
        Q_UNUSED(user);
        Q_UNUSED(conversationKey);
        return seq;
    }
    virtual QHash<QString, qint64> readMarkers(const QString &user)
    {
        Q_UNUSED(user);
        return {};
    }

    // Notification settings, keyed like the read markers. A store that keeps none forgets them:
    // this process still passes them to the user's sessions.
    virtual void setNotify(const QString &user, const QString &conversationKey,
                           const NotifySetting &setting)
    {
        Q_UNUSED(user);
        Q_UNUSED(conversationKey);
        Q_UNUSED(setting);
    }
    virtual QHash<QString, NotifySetting> notifySettings(const QString &user)
    {
        Q_UNUSED(user);
        return {};
    }

    // Full-text search over the conversations named in `request`. Nullopt when this store has
    // no index (Redis today).
    virtual std::optional<SearchResult> search(const SearchRequest &request)
    {
        Q_UNUSED(request);
        return std::nullopt;
    }

    void onStored(StoredListener listener) { m_storedListener = std::move(listener); }

protected:
    void notifyStored(const StoredMessage &message)
    {
        if (m_storedListener)
            m_storedListener(message);
    }

private:
    StoredListener m_storedListener;
};

} // namespace sb::server
