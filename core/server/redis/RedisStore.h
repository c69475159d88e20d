#pragma once

#include "../MessageStore.h"
#include "RedisReply.h"

#include <QByteArray>
#include <QJsonObject>

namespace sb::server {

class RedisBlockingClient;
class RedisConnection;
struct ServerConfig;

// History in Redis, shared by every instance. Per conversation: a counter (`seq`), a stream
// (`log`) whose entry ids are `<seq>-0`, so resume and paging are plain XRANGE/XREVRANGE, capped
// with MAXLEN ~, and an epoch. One Lua script checks the dedupe key, assigns the seq, appends,
// remembers the id (SET EX) and publishes the message, atomically: every instance receives each
// room's messages in seq order, and a retried send never gets a second seq.
class RedisStore : public MessageStore
{
public:
    RedisStore(const ServerConfig &config, RedisConnection &commands, RedisBlockingClient &reader);

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
    DirectConversations directConversations(const QString &user) override;
    qint64 holdName(const QString &name, const QString &holder, qint64 now) override;

    // A message another instance (or this one) stored, as published by the append script.
    void published(const QJsonObject &message);

private:
    void runAppend(const AppendRequest &request, bool byHash, AppendCallback done);
    static AppendResult appendResult(const AppendRequest &request, const redisReply *reply);
    // The newest `limit` stream entries between two ids (XREVRANGE bounds), ascending.
    HistoryPage newestPage(const QString &conversation, const QByteArray &newest,
                           const QByteArray &oldest, int limit);
    QList<StoredMessage> readEntries(const QString &conversation, const redisReply *entries) const;

    const ServerConfig &m_config;
    RedisConnection &m_commands;
    RedisBlockingClient &m_reader;
    QByteArray m_scriptSha;
    int m_pending = 0; // appends sent and not answered
};

} // namespace sb::server
