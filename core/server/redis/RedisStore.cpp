#include "RedisStore.h"

#include "../ChangeRules.h"
#include "../HistoryStore.h"
#include "InstanceSearchIndex.h"
#include "RedisBlockingClient.h"
#include "RedisConnection.h"
#include "RedisKeys.h"
#include "RedisMessageState.h"
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

// KEYS: seq, log, dedupe, epoch, rooms, texts, states, links. ARGV: 1 conversation, 2 sender,
// 3 recipient, 4 client id, 5 text, 6 ts, 7 history cap, 8 dedupe seconds, 9 channel, 10 epoch
// for a new conversation, 11 change kind ('' for a message), 12 the seq a change or reply names
// ('0' for none), 13 emoji, 14 the target's state as read, 15 its state after the change,
// 16 a reply's quoted author, 17 its quote, 18 how far behind the cap texts and states are kept.
// Returns {1, seq} for a new event, {0, "conversation\nseq\nts\nkind"} for a retry of a stored
// one, {2, state} when the target's state is no longer the one read (decide again).
const QByteArray AppendScript = QByteArrayLiteral(R"lua(
local prior = redis.call('GET', KEYS[3])
if prior then return {0, prior} end
local kind, target = ARGV[11], ARGV[12]
if target ~= '0' then
  local current = redis.call('HGET', KEYS[7], target) or ''
  if current ~= ARGV[14] then return {2, current} end
  if ARGV[15] ~= ARGV[14] then redis.call('HSET', KEYS[7], target, ARGV[15]) end
end
redis.call('SET', KEYS[4], ARGV[10], 'NX')
if ARGV[3] == '' then redis.call('SADD', KEYS[5], ARGV[1]) end
local seq = redis.call('INCR', KEYS[1])
local fields = {'f', ARGV[2], 'r', ARGV[3], 't', ARGV[6], 'i', ARGV[4]}
local event = {k = 'm', c = ARGV[1], s = seq, f = ARGV[2], r = ARGV[3], x = ARGV[5],
               t = tonumber(ARGV[6]), i = ARGV[4]}
local function add(...) for _, v in ipairs({...}) do fields[#fields + 1] = v end end
local function link(field)
  redis.call('HSET', KEYS[8], target, (redis.call('HGET', KEYS[8], target) or '') .. field .. ' ')
end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[6], seq, ARGV[5]) end
if kind ~= '' then
  add('k', kind, 'g', target, 'e', ARGV[13])
  event.n = kind
  event.g = tonumber(target)
  event.e = ARGV[13]
  if kind == 'edit' then
    redis.call('HSET', KEYS[6], target, ARGV[5])
    link(seq)
  elseif kind == 'delete' then
    local gone = {target}
    for field in string.gmatch(redis.call('HGET', KEYS[8], target) or '', '%S+') do
      gone[#gone + 1] = field
    end
    redis.call('HDEL', KEYS[6], unpack(gone))
    redis.call('HDEL', KEYS[8], target)
  end
elseif target ~= '0' then
  add('p', target, 'q', ARGV[16])
  redis.call('HSET', KEYS[6], seq .. 'q', ARGV[17])
  link(seq .. 'q')
  event.p = tonumber(target)
  event.q = ARGV[16]
  event.y = ARGV[17]
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], seq .. '-0', unpack(fields))
local old = seq - tonumber(ARGV[7]) - tonumber(ARGV[18])
if old > 0 then
  redis.call('HDEL', KEYS[6], old, old .. 'q')
  redis.call('HDEL', KEYS[7], old)
  redis.call('HDEL', KEYS[8], old)
end
redis.call('SET', KEYS[3], ARGV[1] .. '\n' .. seq .. '\n' .. ARGV[6] .. '\n' .. kind, 'EX', ARGV[8])
redis.call('PUBLISH', ARGV[9], cjson.encode(event))
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

// KEYS: the user's read markers. ARGV: conversation key, seq. Returns the marker kept: the seq,
// or the higher one already there (markers only move forward).
const QByteArray MarkReadScript = QByteArrayLiteral(R"lua(
local kept = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local seq = tonumber(ARGV[2])
if seq > kept then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return seq
end
return kept
)lua");

constexpr int FlushTimeoutMs = 5000;
// The stream is trimmed with MAXLEN ~ (whole nodes of ~100 entries): texts and states are kept
// this far beyond the cap, so an entry still in the stream always has them.
constexpr int TrimSlack = 1000;
// Reads and decisions again when the target changed meanwhile: races are short, so this many
// in a row means something is wrong.
constexpr int MaxDecisions = 20;

// The event `request` stores (its seq not known yet).
StoredMessage storedAs(const AppendRequest &request)
{
    StoredMessage m{request.conversation, 0, request.sender, request.recipient, request.text,
                    request.ts, request.clientId};
    m.kind = request.kind;
    m.target = request.target;
    m.emoji = request.emoji;
    m.replyTo = request.replyTo;
    return m;
}

QByteArray quoteField(qint64 seq)
{
    return QByteArray::number(seq) + 'q';
}

bool isString(const redisReply *reply)
{
    return reply && reply->type == REDIS_REPLY_STRING;
}

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

RedisStore::~RedisStore() = default;

bool RedisStore::isAvailable() const
{
    // Both paths: a Redis that hangs keeps the asynchronous link up but fails the reads.
    return m_commands.isReady() && m_reader.isConnected();
}

void RedisStore::append(AppendRequest request, AppendCallback done)
{
    AppendPlan plan{std::move(request), {}, {}, {}, {}, 0};
    if (!ChangeRules::isChecked(plan.request)) {
        runAppend(plan, true, std::move(done));
        return;
    }
    decideAndRun(std::move(plan), std::move(done));
}

void RedisStore::decideAndRun(AppendPlan plan, AppendCallback done)
{
    if (++plan.attempts > MaxDecisions) {
        AppendResult failed;
        failed.error = QStringLiteral("the message changed %1 times while the change was decided")
                           .arg(MaxDecisions);
        done(failed);
        return;
    }
    if (std::optional<AppendResult> answer = decide(plan)) {
        done(*answer);
        return;
    }
    runAppend(plan, true, std::move(done));
}

std::optional<AppendResult> RedisStore::decide(AppendPlan &plan)
{
    const AppendRequest &request = plan.request;
    const qint64 targetSeq = request.kind == ChangeKind::Message ? request.replyTo : request.target;
    const QByteArray target = QByteArray::number(targetSeq);
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline({
        {QByteArrayLiteral("GET"), RedisKeys::dedupe(request.sender, request.clientId)},
        {QByteArrayLiteral("GET"), RedisKeys::seq(request.conversation)},
        {QByteArrayLiteral("XRANGE"), RedisKeys::log(request.conversation), target, target},
        {QByteArrayLiteral("HGET"), RedisKeys::texts(request.conversation), target},
        {QByteArrayLiteral("HGET"), RedisKeys::states(request.conversation), target},
    });
    if (replies.size() != 5 || RedisReply::isError(replies[2].get())) {
        AppendResult failed;
        failed.error = QStringLiteral("Redis is unreachable");
        return failed;
    }
    // A retry first: the original was decided and stored, and the rules may refuse the same
    // change now (a deleted message cannot be deleted again).
    if (isString(replies[0].get()))
        return earlierResult(request, RedisReply::string(replies[0].get()));

    std::optional<ChangeTarget> found;
    QList<StoredMessage> entries = readEntries(request.conversation, replies[2].get());
    RedisMessageState state = RedisMessageState::decode(RedisReply::string(replies[4].get()));
    if (!entries.isEmpty() && entries.constFirst().kind == ChangeKind::Message) {
        StoredMessage &message = entries.first();
        if (isString(replies[3].get()))
            message.text = QString::fromUtf8(RedisReply::string(replies[3].get()));
        state.applyTo(message);
        found = ChangeTarget{message.sender, message.text, message.deletedTs != 0, message.reactions};
    }
    StoredMessage quote;
    if (std::optional<Refusal> refusal =
            ChangeRules::check(request, RedisReply::integer(replies[1].get()), found, quote)) {
        AppendResult refused;
        refused.refusedCode = refusal->code;
        refused.refusedReason = refusal->reason;
        refused.error = refusal->reason;
        return refused;
    }
    plan.stateRead = RedisReply::string(replies[4].get());
    plan.stateWritten = plan.stateRead;
    plan.replyFrom = quote.replyFrom;
    plan.replyText = quote.replyText;
    if (request.kind != ChangeKind::Message) {
        StoredMessage &message = entries.first();
        ChangeRules::fold(message, request);
        plan.stateWritten = RedisMessageState::of(message, state.version + 1).encode();
    }
    return std::nullopt;
}

void RedisStore::runAppend(const AppendPlan &plan, bool byHash, AppendCallback done)
{
    const AppendRequest &request = plan.request;
    const qint64 target = request.kind == ChangeKind::Message ? request.replyTo : request.target;
    const RedisCommand command{
        byHash ? QByteArrayLiteral("EVALSHA") : QByteArrayLiteral("EVAL"),
        byHash ? m_scriptSha : AppendScript,
        QByteArrayLiteral("8"),
        RedisKeys::seq(request.conversation),
        RedisKeys::log(request.conversation),
        RedisKeys::dedupe(request.sender, request.clientId),
        RedisKeys::epoch(request.conversation),
        RedisKeys::rooms(),
        RedisKeys::texts(request.conversation),
        RedisKeys::states(request.conversation),
        RedisKeys::links(request.conversation),
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
        request.kind == ChangeKind::Message ? QByteArray() : changeKindName(request.kind).toUtf8(),
        QByteArray::number(target),
        request.emoji.toUtf8(),
        plan.stateRead,
        plan.stateWritten,
        plan.replyFrom.toUtf8(),
        plan.replyText.toUtf8(),
        QByteArray::number(TrimSlack),
    };
    ++m_pending;
    const bool sent = m_commands.command(command, [this, plan, byHash, done](const redisReply *reply) {
        --m_pending;
        // Redis caches scripts by hash until it restarts: after a restart, send it whole once.
        if (byHash && reply && reply->type == REDIS_REPLY_ERROR
            && RedisReply::string(reply).startsWith("NOSCRIPT")) {
            runAppend(plan, false, done);
            return;
        }
        // The target changed between the read and the script: decide again on what it is now.
        if (reply && !RedisReply::isError(reply) && RedisReply::integer(RedisReply::element(reply, 0)) == 2) {
            decideAndRun(plan, done);
            return;
        }
        done(appendResult(plan, reply));
    });
    if (!sent) {
        --m_pending;
        AppendResult failed;
        failed.error = QStringLiteral("Redis is unreachable");
        done(failed);
    }
}

AppendResult RedisStore::appendResult(const AppendPlan &plan, const redisReply *reply)
{
    const AppendRequest &request = plan.request;
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
    if (RedisReply::integer(RedisReply::element(reply, 0)) != 1)
        return earlierResult(request, RedisReply::string(RedisReply::element(reply, 1)));
    StoredMessage &m = result.message;
    m = storedAs(request);
    m.replyFrom = plan.replyFrom;
    m.replyText = plan.replyText;
    m.seq = RedisReply::integer(RedisReply::element(reply, 1));
    result.ok = true;
    return result;
}

AppendResult RedisStore::earlierResult(const AppendRequest &request, const QByteArray &record)
{
    // "conversation\nseq\nts\nkind": the event stored earlier under this (sender, id); records
    // written before changes existed have no kind (a message).
    AppendResult result;
    const QList<QByteArray> prior = record.split('\n');
    if (prior.size() < 3) {
        result.error = QStringLiteral("unreadable dedupe record");
        return result;
    }
    const QString kind = QString::fromUtf8(prior.value(3));
    if (QString::fromUtf8(prior[0]) != request.conversation
        || changeKindFromName(kind) != request.kind) {
        // Not a retry: a client reusing ids. Storing nothing and saying so beats acking a
        // message the user never meant.
        result.idReused = true;
        result.error = QStringLiteral("id already used for another message");
        return result;
    }
    StoredMessage &m = result.message;
    m = storedAs(request);
    m.seq = prior[1].toLongLong();
    m.ts = prior[2].toLongLong();
    result.ok = true;
    result.duplicate = true;
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
    if (m_search)
        m_search->close();
}

bool RedisStore::openSearch(QString *error)
{
    auto index = std::make_unique<InstanceSearchIndex>(*this, m_config.redisHistoryCap);
    if (!index->open(m_config.dataDir, error))
        return false;
    m_search = std::move(index);
    return true;
}

void RedisStore::catchUpSearch()
{
    if (!m_search)
        return;
    if (const std::optional<QList<ConversationInfo>> all = allConversations())
        m_search->catchUp(*all);
    else
        qCWarning(lcRedis) << "cannot list the conversations to catch the search index up; later";
}

std::optional<SearchResult> RedisStore::search(const SearchRequest &request)
{
    if (!m_search)
        return std::nullopt;
    return m_search->search(request);
}

std::optional<QList<ConversationInfo>> RedisStore::allConversations()
{
    // Every conversation has its epoch key. SCAN walks them without blocking Redis for long.
    const QByteArray prefix = RedisKeys::conversationPrefix();
    const QByteArray suffix = QByteArrayLiteral(":epoch"); // as RedisKeys::epoch() ends
    QList<ConversationInfo> all;
    QByteArray cursor = QByteArrayLiteral("0");
    do {
        const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("SCAN"), cursor, QByteArrayLiteral("MATCH"),
                                                      prefix + '*' + suffix, QByteArrayLiteral("COUNT"),
                                                      QByteArrayLiteral("1000")});
        const redisReply *keys = RedisReply::element(reply.get(), 1);
        if (!keys || keys->type != REDIS_REPLY_ARRAY)
            return std::nullopt;
        cursor = RedisReply::string(RedisReply::element(reply.get(), 0));
        for (size_t i = 0; i < keys->elements; ++i) {
            const QByteArray key = RedisReply::string(keys->element[i]);
            all.append({QString::fromUtf8(key.mid(prefix.size(), key.size() - prefix.size() - suffix.size())), {}, 0});
        }
    } while (cursor != "0");
    QList<RedisCommand> reads;
    for (const ConversationInfo &c : std::as_const(all))
        reads.append({QByteArrayLiteral("MGET"), RedisKeys::epoch(c.name), RedisKeys::seq(c.name)});
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline(reads);
    if (replies.size() != size_t(all.size()))
        return std::nullopt;
    for (qsizetype i = 0; i < all.size(); ++i) {
        all[i].epoch = QString::fromUtf8(RedisReply::string(RedisReply::element(replies[size_t(i)].get(), 0)));
        all[i].lastSeq = RedisReply::integer(RedisReply::element(replies[size_t(i)].get(), 1));
    }
    return all;
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
    if (!entries || entries->type != REDIS_REPLY_ARRAY)
        return messages;
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
        m.text = field(fields, "x"); // entries appended before texts moved out of the stream
        m.ts = field(fields, "t").toLongLong();
        m.clientId = field(fields, "i");
        m.kind = changeKindFromName(field(fields, "k"));
        m.target = field(fields, "g").toLongLong();
        m.emoji = field(fields, "e");
        m.replyTo = field(fields, "p").toLongLong();
        m.replyFrom = field(fields, "q");
        messages.append(m);
    }
    return messages;
}

bool RedisStore::foldState(const QString &conversation, QList<StoredMessage> &events)
{
    if (events.isEmpty())
        return true;
    RedisCommand texts{QByteArrayLiteral("HMGET"), RedisKeys::texts(conversation)};
    RedisCommand states{QByteArrayLiteral("HMGET"), RedisKeys::states(conversation)};
    for (const StoredMessage &event : std::as_const(events)) {
        texts.append(QByteArray::number(event.seq));
        texts.append(quoteField(event.seq));
        states.append(QByteArray::number(event.seq));
    }
    const std::vector<RedisReplyPtr> replies = m_reader.pipeline({texts, states});
    if (replies.size() != 2 || RedisReply::isError(replies[0].get()) || RedisReply::isError(replies[1].get()))
        return false;
    for (qsizetype i = 0; i < events.size(); ++i) {
        StoredMessage &event = events[i];
        const redisReply *text = RedisReply::element(replies[0].get(), size_t(2 * i));
        if (isString(text))
            event.text = QString::fromUtf8(RedisReply::string(text));
        if (event.replyTo > 0)
            event.replyText = QString::fromUtf8(RedisReply::string(RedisReply::element(replies[0].get(), size_t(2 * i + 1))));
        if (event.kind == ChangeKind::Message)
            RedisMessageState::decode(RedisReply::string(RedisReply::element(replies[1].get(), size_t(i)))).applyTo(event);
    }
    return true;
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
    page.ok = foldState(conversation, page.messages);
    return page;
}

HistoryPage RedisStore::messagePage(const QString &conversation, qint64 startSeq, bool newestFirst,
                                    int limit, qint64 minTs)
{
    // Changes hold seqs of their own and are skipped, so the stream is read in chunks until the
    // page (and one more, which tells whether more remain) is full.
    HistoryPage page;
    QList<StoredMessage> found;
    const int chunk = qBound(100, 2 * (limit + 1), 1000);
    qint64 next = startSeq;
    bool tooOld = false;
    while (!tooOld && found.size() <= limit && next >= 1) {
        const RedisReplyPtr reply = m_reader.command(
            {newestFirst ? QByteArrayLiteral("XREVRANGE") : QByteArrayLiteral("XRANGE"),
             RedisKeys::log(conversation), QByteArray::number(next),
             newestFirst ? QByteArrayLiteral("-") : QByteArrayLiteral("+"), QByteArrayLiteral("COUNT"),
             QByteArray::number(chunk)});
        if (!reply || reply->type != REDIS_REPLY_ARRAY) {
            page.ok = false;
            return page;
        }
        const QList<StoredMessage> entries = readEntries(conversation, reply.get());
        for (const StoredMessage &entry : entries) {
            if (entry.kind != ChangeKind::Message)
                continue;
            if (entry.ts < minTs) {
                // Timestamps grow with seqs: older ones are all too old, newer ones may pass.
                tooOld = newestFirst;
                if (tooOld)
                    break;
                continue;
            }
            found.append(entry);
            if (found.size() > limit)
                break;
        }
        if (reply->elements < size_t(chunk) || entries.isEmpty())
            break;
        next = newestFirst ? entries.constLast().seq - 1 : entries.constLast().seq + 1;
    }
    const bool more = found.size() > limit;
    if (more)
        found.removeLast();
    if (newestFirst) {
        page.hasMore = more;
        std::reverse(found.begin(), found.end());
    } else {
        page.hasNewer = more;
    }
    page.messages = found;
    page.ok = foldState(conversation, page.messages);
    return page;
}

HistoryPage RedisStore::messagesBefore(const QString &conversation, qint64 beforeSeq, int limit,
                                       qint64 minTs)
{
    if (beforeSeq <= 1 || limit <= 0)
        return {};
    return messagePage(conversation, beforeSeq - 1, true, limit, minTs);
}

HistoryPage RedisStore::messagesAfter(const QString &conversation, qint64 afterSeq, int limit,
                                      qint64 minTs)
{
    if (limit <= 0)
        return {};
    return messagePage(conversation, afterSeq + 1, false, limit, minTs);
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

qint64 RedisStore::markRead(const QString &user, const QString &conversationKey, qint64 seq)
{
    const RedisReplyPtr reply =
        m_reader.command({QByteArrayLiteral("EVAL"), MarkReadScript, QByteArrayLiteral("1"),
                          RedisKeys::readMarkers(user), conversationKey.toUtf8(), QByteArray::number(seq)});
    if (!reply || reply->type != REDIS_REPLY_INTEGER)
        return -1;
    return RedisReply::integer(reply.get());
}

QHash<QString, qint64> RedisStore::readMarkers(const QString &user)
{
    QHash<QString, qint64> markers;
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("HGETALL"), RedisKeys::readMarkers(user)});
    for (size_t i = 0; reply && reply->type == REDIS_REPLY_ARRAY && i + 1 < reply->elements; i += 2) {
        markers.insert(QString::fromUtf8(RedisReply::string(reply->element[i])),
                       RedisReply::integer(reply->element[i + 1]));
    }
    return markers;
}

void RedisStore::setNotify(const QString &user, const QString &conversationKey,
                           const NotifySetting &setting)
{
    // "<level> <0|1>": both fields at once, as NotifyHandler merged them.
    const QByteArray value = setting.level.toUtf8() + (setting.muted ? " 1" : " 0");
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("HSET"), RedisKeys::notifySettings(user),
                                                  conversationKey.toUtf8(), value});
    if (RedisReply::isError(reply.get()))
        qCWarning(lcRedis) << "could not keep the notification setting of" << user << "for" << conversationKey;
}

QHash<QString, NotifySetting> RedisStore::notifySettings(const QString &user)
{
    QHash<QString, NotifySetting> settings;
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("HGETALL"), RedisKeys::notifySettings(user)});
    for (size_t i = 0; reply && reply->type == REDIS_REPLY_ARRAY && i + 1 < reply->elements; i += 2) {
        const QList<QByteArray> parts = RedisReply::string(reply->element[i + 1]).split(' ');
        settings.insert(QString::fromUtf8(RedisReply::string(reply->element[i])),
                        NotifySetting{QString::fromUtf8(parts.value(0)), parts.value(1) == "1"});
    }
    return settings;
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
    m.kind = changeKindFromName(o.value(QLatin1String("n")).toString());
    m.target = qint64(o.value(QLatin1String("g")).toDouble());
    m.emoji = o.value(QLatin1String("e")).toString();
    m.replyTo = qint64(o.value(QLatin1String("p")).toDouble());
    m.replyFrom = o.value(QLatin1String("q")).toString();
    m.replyText = o.value(QLatin1String("y")).toString();
    if (m.conversation.isEmpty() || m.seq <= 0) {
        qCWarning(lcRedis) << "ignored an unreadable published message";
        return;
    }
    // The index first: once a session hears of a message, searching finds it.
    if (m_search)
        m_search->note(m);
    notifyStored(m);
}

} // namespace sb::server
