#include "RedisStore.h"

#include "protocol/ErrorCode.h"

#include "../HistoryStore.h"
#include "RedisBlockingClient.h"
#include "RedisConnection.h"
#include "RedisKeys.h"
#include "../ServerConfig.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace sb::server {

namespace {

// KEYS: seq, log, dedupe, epoch, rooms. ARGV: conversation, sender, recipient, client id, text,
// ts, history cap, dedupe seconds, channel, epoch for a new conversation.
// Returns {1, seq} for a new message, {0, "conversation\nseq\nts"} for a retry of a stored one.
const QByteArray AppendScript = QByteArrayLiteral(R"lua(
local prior = redis.call('GET', KEYS[3])
if prior then return {0, prior} end
redis.call('SET', KEYS[4], ARGV[10], 'NX')
if ARGV[3] == '' then redis.call('SADD', KEYS[5], ARGV[1]) end
local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], seq .. '-0',
           'f', ARGV[2], 'r', ARGV[3], 'x', ARGV[5], 't', ARGV[6], 'i', ARGV[4])
redis.call('SET', KEYS[3], ARGV[1] .. '\n' .. seq .. '\n' .. ARGV[6], 'EX', ARGV[8])
redis.call('PUBLISH', ARGV[9], cjson.encode({k = 'm', c = ARGV[1], s = seq, f = ARGV[2],
           r = ARGV[3], x = ARGV[5], t = tonumber(ARGV[6]), i = ARGV[4]}))
return {1, seq}
)lua");

// KEYS: the name's holder hash. ARGV: holder, now. Returns since when the holder holds the name:
// 0 for the first holder ever (what was sent to the name waited for it), else now on a change.
const QByteArray HoldNameScript = QByteArrayLiteral(R"lua(
local current = redis.call('HMGET', KEYS[1], 'h', 's')
if current[1] == ARGV[1] and current[2] then return tonumber(current[2]) end
local since = ARGV[2]
if not current[1] then since = '0' end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 's', since)
return tonumber(since)
)lua");

constexpr int FlushTimeoutMs = 5000;

QString field(const redisReply *entryFields, const char *name)
{
    for (size_t i = 0; i + 1 < entryFields->elements; i += 2) {
        if (RedisReply::string(entryFields->element[i]) == name)
            return QString::fromUtf8(RedisReply::string(entryFields->element[i + 1]));
    }
    return {};
}

} // namespace

RedisStore::RedisStore(const ServerConfig &config, RedisConnection &commands,
                       RedisBlockingClient &reader)
    : m_config(config)
    , m_commands(commands)
    , m_reader(reader)
    , m_scriptSha(QCryptographicHash::hash(AppendScript, QCryptographicHash::Sha1).toHex())
{
}

bool RedisStore::isAvailable() const
{
    // Both paths: a Redis that hangs keeps the asynchronous link up but fails the reads.
    return m_commands.isReady() && m_reader.isConnected();
}

void RedisStore::append(AppendRequest request, AppendCallback done)
{
    if (request.kind != ChangeKind::Message || request.replyTo > 0) {
        // The append script knows messages only; the rules of changes (author, target, reaction
        // limits) would have to run inside it, atomically with the seq. Not yet: say so.
        AppendResult refused;
        refused.refusedCode = QString(protocol::ErrorCode::NotFound);
        refused.refusedReason = QStringLiteral("replies, edits, deletes and reactions are not "
                                               "available on this server (--redis) yet");
        refused.error = refused.refusedReason;
        done(refused);
        return;
    }
    runAppend(request, true, std::move(done));
}

void RedisStore::runAppend(const AppendRequest &request, bool byHash, AppendCallback done)
{
    const RedisCommand command{
        byHash ? QByteArrayLiteral("EVALSHA") : QByteArrayLiteral("EVAL"),
        byHash ? m_scriptSha : AppendScript,
        QByteArrayLiteral("5"),
        RedisKeys::seq(request.conversation),
        RedisKeys::log(request.conversation),
        RedisKeys::dedupe(request.sender, request.clientId),
        RedisKeys::epoch(request.conversation),
        RedisKeys::rooms(),
        request.conversation.toUtf8(),
        request.sender.toUtf8(),
        request.recipient.toUtf8(),
        request.clientId.toUtf8(),
        request.text.toUtf8(),
        QByteArray::number(request.ts),
        QByteArray::number(m_config.redisHistoryCap),
        QByteArray::number(m_config.redisDedupeSeconds),
        RedisKeys::eventsChannel(),
        request.epoch.isEmpty() ? HistoryStore::newEpoch().toUtf8() : request.epoch.toUtf8(),
    };
    ++m_pending;
    const bool sent = m_commands.command(command, [this, request, byHash, done](const redisReply *reply) {
        --m_pending;
        // Redis caches scripts by hash until it restarts: after a restart, send it whole once.
        if (byHash && reply && reply->type == REDIS_REPLY_ERROR
            && RedisReply::string(reply).startsWith("NOSCRIPT")) {
            runAppend(request, false, done);
            return;
        }
        done(appendResult(request, reply));
    });
    if (!sent) {
        --m_pending;
        AppendResult failed;
        failed.error = QStringLiteral("Redis is unreachable");
        done(failed);
    }
}

AppendResult RedisStore::appendResult(const AppendRequest &request, const redisReply *reply)
{
    AppendResult result;
    if (!reply) {
        // The connection broke before the answer: the script may or may not have run. The
        // client retries with the same id, and the dedupe key answers for a message that was
        // stored after all.
        result.error = QStringLiteral("Redis connection lost before the message was confirmed");
        return result;
    }
    if (RedisReply::isError(reply)) {
        result.error = QString::fromUtf8(RedisReply::string(reply));
        qCWarning(lcRedis) << "the append script failed:" << result.error;
        return result;
    }
    StoredMessage &m = result.message;
    m.conversation = request.conversation;
    m.sender = request.sender;
    m.recipient = request.recipient;
    m.text = request.text;
    m.ts = request.ts;
    m.clientId = request.clientId;
    if (RedisReply::integer(RedisReply::element(reply, 0)) == 1) {
        m.seq = RedisReply::integer(RedisReply::element(reply, 1));
        result.ok = true;
        return result;
    }
    // A retry: the message stored earlier under this (sender, id).
    const QList<QByteArray> prior = RedisReply::string(RedisReply::element(reply, 1)).split('\n');
    if (prior.size() != 3) {
        result.error = QStringLiteral("unreadable dedupe record");
        return result;
    }
    if (QString::fromUtf8(prior[0]) != request.conversation) {
        result.idReused = true;
        return result;
    }
    result.ok = true;
    result.duplicate = true;
    m.seq = prior[1].toLongLong();
    m.ts = prior[2].toLongLong();
    return result;
}

void RedisStore::flush()
{
    // Shutdown: let the answers to what was sent arrive (they ack clients) before goodbye.
    QDeadlineTimer deadline(FlushTimeoutMs);
    while (m_pending > 0 && m_commands.isReady() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents, 20);
}

void RedisStore::close()
{
    flush();
}

ConversationInfo RedisStore::conversation(const QString &name)
{
    QList<RedisCommand> commands{
        {QByteArrayLiteral("SET"), RedisKeys::epoch(name), HistoryStore::newEpoch().toUtf8(),
         QByteArrayLiteral("NX")},
        {QByteArrayLiteral("GET"), RedisKeys::epoch(name)},
        {QByteArrayLiteral("GET"), RedisKeys::seq(name)},
    };
    const bool isRoom = !name.startsWith(QLatin1Char('@'));
    if (isRoom) {
        commands.append({QByteArrayLiteral("SADD"), RedisKeys::rooms(), name.toUtf8()});
    } else {
        // Each user's list of DM conversations, for the welcome (directConversations).
        const QStringList users = name.mid(1).split(QLatin1Char('/'));
        for (const QString &user : users) {
            const QString peer = HistoryStore::dmPeer(name, user);
            commands.append({QByteArrayLiteral("HSET"), RedisKeys::directs(user), peer.toUtf8(),
                             name.toUtf8()});
        }
    }
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline(commands);
    ConversationInfo info{name, {}, 0};
    if (replies.empty() || RedisReply::isError(replies[1].get())) {
        info.ok = false;
        return info;
    }
    info.epoch = QString::fromUtf8(RedisReply::string(replies[1].get()));
    info.lastSeq = RedisReply::integer(replies[2].get());
    return info;
}

bool RedisStore::exists(const QString &name)
{
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("EXISTS"), RedisKeys::epoch(name)});
    return RedisReply::integer(reply.get()) == 1;
}

QList<ConversationInfo> RedisStore::rooms()
{
    QList<ConversationInfo> result;
    const RedisReplyPtr names = m_reader.command({QByteArrayLiteral("SMEMBERS"), RedisKeys::rooms()});
    if (!names || names->type != REDIS_REPLY_ARRAY)
        return result;
    QList<RedisCommand> reads;
    for (size_t i = 0; i < names->elements; ++i) {
        const QString name = QString::fromUtf8(RedisReply::string(names->element[i]));
        result.append({name, {}, 0});
        reads.append({QByteArrayLiteral("MGET"), RedisKeys::epoch(name), RedisKeys::seq(name)});
    }
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline(reads);
    if (replies.size() != size_t(result.size()))
        return {};
    for (qsizetype i = 0; i < result.size(); ++i) {
        result[i].epoch = QString::fromUtf8(RedisReply::string(RedisReply::element(replies[size_t(i)].get(), 0)));
        result[i].lastSeq = RedisReply::integer(RedisReply::element(replies[size_t(i)].get(), 1));
    }
    std::sort(result.begin(), result.end(),
              [](const ConversationInfo &a, const ConversationInfo &b) { return a.name < b.name; });
    return result;
}

QList<StoredMessage> RedisStore::readEntries(const QString &conversation, const redisReply *entries) const
{
    QList<StoredMessage> messages;
    for (size_t i = 0; i < entries->elements; ++i) {
        const redisReply *entry = entries->element[i];
        const redisReply *fields = RedisReply::element(entry, 1);
        if (!fields || fields->type != REDIS_REPLY_ARRAY)
            continue;
        StoredMessage m;
        m.conversation = conversation;
        m.seq = RedisReply::string(RedisReply::element(entry, 0)).split('-').value(0).toLongLong();
        m.sender = field(fields, "f");
        m.recipient = field(fields, "r");
        m.text = field(fields, "x");
        m.ts = field(fields, "t").toLongLong();
        m.clientId = field(fields, "i");
        messages.append(m);
    }
    return messages;
}

HistoryPage RedisStore::newestPage(const QString &conversation, const QByteArray &newest,
                                   const QByteArray &oldest, int limit)
{
    // Newest first, one more than asked: that one tells whether older ones were left out.
    HistoryPage page;
    const RedisReplyPtr reply =
        m_reader.command({QByteArrayLiteral("XREVRANGE"), RedisKeys::log(conversation), newest, oldest,
                          QByteArrayLiteral("COUNT"), QByteArray::number(limit + 1)});
    if (!reply || reply->type != REDIS_REPLY_ARRAY) {
        page.ok = false;
        return page;
    }
    page.messages = readEntries(conversation, reply.get());
    if (page.messages.size() > limit) {
        page.hasMore = true;
        page.messages.removeLast();
    }
    std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

HistoryPage RedisStore::after(const QString &conversation, qint64 afterSeq, qint64 upToSeq, int limit)
{
    if (upToSeq <= afterSeq || limit <= 0)
        return {};
    HistoryPage page = newestPage(conversation, QByteArray::number(upToSeq),
                                  QByteArray::number(afterSeq + 1), limit);
    // Fewer than the range holds and none left out for the limit: the oldest were trimmed away.
    if (page.ok && !page.hasMore
        && (page.messages.isEmpty() || page.messages.first().seq > afterSeq + 1))
        page.hasMore = true;
    return page;
}

HistoryPage RedisStore::before(const QString &conversation, qint64 beforeSeq, int limit,
                               qint64 minTs)
{
    if (beforeSeq <= 1 || limit <= 0)
        return {};
    HistoryPage page =
        newestPage(conversation, QByteArray::number(beforeSeq - 1), QByteArrayLiteral("-"), limit);
    // Timestamps grow with seqs (up to the instances' clock skew): once one is too old, so are
    // all before it.
    const auto tooOld = [minTs](const StoredMessage &m) { return m.ts < minTs; };
    if (std::any_of(page.messages.cbegin(), page.messages.cend(), tooOld)) {
        page.messages.removeIf(tooOld);
        page.hasMore = false;
    }
    return page;
}

DirectConversations RedisStore::directConversations(const QString &user)
{
    DirectConversations result;
    const RedisReplyPtr pairs =
        m_reader.command({QByteArrayLiteral("HGETALL"), RedisKeys::directs(user)});
    if (!pairs || pairs->type != REDIS_REPLY_ARRAY) {
        result.ok = false;
        return result;
    }
    QList<RedisCommand> reads;
    for (size_t i = 0; i + 1 < pairs->elements; i += 2) {
        DirectConversation c;
        c.peer = QString::fromUtf8(RedisReply::string(pairs->element[i]));
        c.info.name = QString::fromUtf8(RedisReply::string(pairs->element[i + 1]));
        result.conversations.append(c);
        reads.append({QByteArrayLiteral("MGET"), RedisKeys::epoch(c.info.name), RedisKeys::seq(c.info.name)});
        reads.append({QByteArrayLiteral("XREVRANGE"), RedisKeys::log(c.info.name), QByteArrayLiteral("+"),
                      QByteArrayLiteral("-"), QByteArrayLiteral("COUNT"), QByteArrayLiteral("1")});
    }
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline(reads);
    if (replies.size() != size_t(reads.size())) {
        result.ok = false;
        return result;
    }
    for (qsizetype i = 0; i < result.conversations.size(); ++i) {
        DirectConversation &c = result.conversations[i];
        const redisReply *info = replies[size_t(2 * i)].get();
        c.info.epoch = QString::fromUtf8(RedisReply::string(RedisReply::element(info, 0)));
        c.info.lastSeq = RedisReply::integer(RedisReply::element(info, 1));
        const QList<StoredMessage> newest = readEntries(c.info.name, replies[size_t(2 * i + 1)].get());
        c.lastTs = newest.isEmpty() ? 0 : newest.constFirst().ts;
    }
    return result;
}

qint64 RedisStore::holdName(const QString &name, const QString &holder, qint64 now)
{
    const RedisReplyPtr reply =
        m_reader.command({QByteArrayLiteral("EVAL"), HoldNameScript, QByteArrayLiteral("1"),
                          RedisKeys::nameHolder(name), holder.toUtf8(), QByteArray::number(now)});
    if (!reply || reply->type != REDIS_REPLY_INTEGER)
        return -1;
    return RedisReply::integer(reply.get());
}

void RedisStore::published(const QJsonObject &o)
{
    StoredMessage m;
    m.conversation = o.value(QLatin1String("c")).toString();
    m.seq = qint64(o.value(QLatin1String("s")).toDouble());
    m.sender = o.value(QLatin1String("f")).toString();
    m.recipient = o.value(QLatin1String("r")).toString();
    m.text = o.value(QLatin1String("x")).toString();
    m.ts = qint64(o.value(QLatin1String("t")).toDouble());
    m.clientId = o.value(QLatin1String("i")).toString();
    if (m.conversation.isEmpty() || m.seq <= 0) {
        qCWarning(lcRedis) << "ignored an unreadable published message";
        return;
    }
    notifyStored(m);
}

} // namespace sb::server
