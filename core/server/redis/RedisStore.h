#pragma once

#include "../MessageStore.h"
#include "RedisReply.h"

#include <QByteArray>
#include <QJsonObject>

#include <memory>
#include <optional>

namespace sb::server {

class InstanceSearchIndex;
class RedisBlockingClient;
class RedisConnection;
struct ServerConfig;

// History in Redis, shared by every instance. Per conversation: a counter (`seq`), a stream
// (`log`) whose entry ids are `<seq>-0`, so resume and paging are plain XRANGE/XREVRANGE, capped
// with MAXLEN ~, an epoch, and beside the stream the texts (a delete takes them away; stream
// entries cannot change) and the state of changed messages (RedisKeys). One Lua script checks
// the dedupe key, assigns the seq, appends, remembers the id (SET EX) and publishes the event,
// atomically: every instance receives each conversation's events in seq order, and a retried
// send never gets a second seq.
//
// Replies, edits, deletes and reactions are events of the stream like messages. The instance
// reads the target and decides with ChangeRules, as SQLite does; the script then stores the
// change only if the target's state is still the one decided on (compare-and-set), and otherwise
// the instance reads again and decides again. So a 21st reaction or a second delete racing from
// another instance is refused, never stored. (Such a retry can make an append's callback come
// after a later one's.)
class RedisStore : public MessageStore
{
public:
    RedisStore(const ServerConfig &config, RedisConnection &commands, RedisBlockingClient &reader);
    ~RedisStore() override;

    void append(AppendRequest request, AppendCallback done) override;
    void flush() override;
    void close() override;
    bool isAvailable() const override;

    ConversationInfo conversation(const QString &name) override;
    bool exists(const QString &name) override;
    QList<ConversationInfo> rooms() override;
    HistoryPage after(const QString &conversation, qint64 afterSeq, qint64 upToSeq,
                      int limit) override;
    HistoryPage before(const QString &conversation, qint64 beforeSeq, int limit,
                       qint64 minTs = 0) override;
    HistoryPage messagesBefore(const QString &conversation, qint64 beforeSeq, int limit,
                               qint64 minTs = 0) override;
    HistoryPage messagesAfter(const QString &conversation, qint64 afterSeq, int limit,
                              qint64 minTs = 0) override;
    DirectConversations directConversations(const QString &user) override;
    qint64 holdName(const QString &name, const QString &holder, qint64 now) override;
    // Markers in a hash per user, moved forward by a script (atomically, whichever instance
    // reports); settings in another. Both read and written at once (blocking), like history.
    qint64 markRead(const QString &user, const QString &conversationKey, qint64 seq) override;
    QHash<QString, qint64> readMarkers(const QString &user) override;
    void setNotify(const QString &user, const QString &conversationKey,
                   const NotifySetting &setting) override;
    QHash<QString, NotifySetting> notifySettings(const QString &user) override;

    // Search: this instance's own index (InstanceSearchIndex) in the data dir, fed with every
    // event published and caught up from the streams. False (search then unavailable) when no
    // index file can be had.
    bool openSearch(QString *error);
    // Reads into the index whatever it lacks (start, and after pub/sub was lost).
    void catchUpSearch();
    std::optional<SearchResult> search(const SearchRequest &request) override;

    // A message another instance (or this one) stored, as published by the append script.
    void published(const QJsonObject &message);

private:
    // An append as the script gets it: for a change or a reply, what was decided on.
    struct AppendPlan
    {
        AppendRequest request;
        QByteArray stateRead;    // the target's state field as read (compared by the script)
        QByteArray stateWritten; // what the change makes of it
        QString replyFrom, replyText;
        int attempts = 0;
    };

    // Reads the target of a change or reply and applies the rules: the plan, or the answer
    // (refused, a retry of a stored one, Redis unreachable).
    std::optional<AppendResult> decide(AppendPlan &plan);
    void decideAndRun(AppendPlan plan, AppendCallback done);
    void runAppend(const AppendPlan &plan, bool byHash, AppendCallback done);
    static AppendResult appendResult(const AppendPlan &plan, const redisReply *reply);
    // What a dedupe record says of a request with its id: a retry, or an id reused.
    static AppendResult earlierResult(const AppendRequest &request, const QByteArray &record);
    // The newest `limit` stream entries between two ids (XREVRANGE bounds), ascending.
    HistoryPage newestPage(const QString &conversation, const QByteArray &newest,
                           const QByteArray &oldest, int limit);
    // Up to `limit` messages (changes skipped) from `startSeq` on, newest first or oldest first;
    // hasMore (newest first) or hasNewer says more remain.
    HistoryPage messagePage(const QString &conversation, qint64 startSeq, bool newestFirst,
                            int limit, qint64 minTs);
    // The stream's entries as they were appended (texts and state not read yet).
    QList<StoredMessage> readEntries(const QString &conversation, const redisReply *entries) const;
    // Reads the texts and folds in the state of `events` (one round trip). False when Redis
    // could not be read.
    bool foldState(const QString &conversation, QList<StoredMessage> &events);

    const ServerConfig &m_config;
    RedisConnection &m_commands;
    RedisBlockingClient &m_reader;
    // Every conversation in Redis (rooms and DMs) with its epoch and last seq; nullopt when
    // Redis could not be read.
    std::optional<QList<ConversationInfo>> allConversations();

    QByteArray m_scriptSha;
    std::unique_ptr<InstanceSearchIndex> m_search;
    int m_pending = 0; // appends sent and not answered
};

} // namespace sb::server
