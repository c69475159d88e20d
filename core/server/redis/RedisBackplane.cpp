#include "RedisBackplane.h"

#include "RedisBlockingClient.h"
#include "RedisConnection.h"
#include "RedisKeys.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace sb::server {

namespace {

using Kind = ClusterEvent::Kind;

const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Join: return "join";
    case Kind::Leave: return "leave";
    case Kind::Status: return "status";
    case Kind::Typing: return "typing";
    case Kind::Announce: return "announce";
    case Kind::ToUser: return "user";
    }
    return "";
}

bool kindFromName(const QString &name, Kind *kind)
{
    for (Kind k : {Kind::Join, Kind::Leave, Kind::Status, Kind::Typing, Kind::Announce, Kind::ToUser}) {
        if (name == QLatin1String(kindName(k))) {
            *kind = k;
            return true;
        }
    }
    return false;
}

// The hash field "<instance>\x1f<user>" split back.
std::pair<QString, QString> splitMemberField(const QByteArray &field)
{
    const int at = field.indexOf(RedisKeys::separator());
    if (at < 0)
        return {};
    return {QString::fromUtf8(field.left(at)), QString::fromUtf8(field.mid(at + 1))};
}

} // namespace

RedisBackplane::RedisBackplane(int ttlMs, RedisConnection &commands, RedisBlockingClient &reader,
                               QObject *parent)
    : QObject(parent)
    , m_instance(QStringLiteral("%1-%2-%3")
                     .arg(QHostInfo::localHostName())
                     .arg(QCoreApplication::applicationPid())
                     .arg(QRandomGenerator::system()->bounded(0x10000), 4, 16, QLatin1Char('0')))
    , m_ttlMs(ttlMs)
    , m_commands(commands)
    , m_reader(reader)
{
    m_heartbeat.setInterval(qMax(100, m_ttlMs / 3));
    connect(&m_heartbeat, &QTimer::timeout, this, &RedisBackplane::heartbeat);
}

void RedisBackplane::start()
{
    heartbeat();
    m_heartbeat.start();
}

void RedisBackplane::stop()
{
    m_heartbeat.stop();
    // The survivors notice at their next check and clear the membership: their members hear
    // of whoever was still here.
    m_reader.command({QByteArrayLiteral("DEL"), RedisKeys::instanceAlive(m_instance)});
}

void RedisBackplane::heartbeat()
{
    m_commands.command({QByteArrayLiteral("SET"), RedisKeys::instanceAlive(m_instance),
                        QByteArrayLiteral("1"), QByteArrayLiteral("PX"), QByteArray::number(m_ttlMs)},
                       [](const redisReply *) {});
    m_commands.command({QByteArrayLiteral("SADD"), RedisKeys::instances(), m_instance.toUtf8()},
                       [](const redisReply *) {});
    for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) {
        m_commands.command({QByteArrayLiteral("SET"), RedisKeys::name(it.key()), it.value().toUtf8(),
                            QByteArrayLiteral("PX"), QByteArray::number(m_ttlMs)},
                           [](const redisReply *) {});
    }
    findDeadInstances();
}

bool RedisBackplane::claimName(const QString &user, const QString &owner)
{
    // Taken when free or already this owner's; refreshed with every heartbeat while held.
    static const QByteArray claim = QByteArrayLiteral(
        "local v = redis.call('GET', KEYS[1]) "
        "if (not v) or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
        "return 0");
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("EVAL"), claim, QByteArrayLiteral("1"),
                                                  RedisKeys::name(user), owner.toUtf8(),
                                                  QByteArray::number(m_ttlMs)});
    // Redis unreachable: this instance alone decides (a clash is fixed by no one, but nobody is
    // locked out of the chat while Redis restarts).
    if (!reply || RedisReply::isError(reply.get())) {
        m_names.insert(user, owner);
        return true;
    }
    if (RedisReply::integer(reply.get()) != 1)
        return false;
    m_names.insert(user, owner);
    return true;
}

void RedisBackplane::releaseName(const QString &user)
{
    const QString owner = m_names.take(user);
    if (owner.isEmpty())
        return;
    static const QByteArray release = QByteArrayLiteral(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");
    m_commands.command({QByteArrayLiteral("EVAL"), release, QByteArrayLiteral("1"),
                        RedisKeys::name(user), owner.toUtf8()},
                       [](const redisReply *) {});
}

void RedisBackplane::reconnected()
{
    heartbeat();
    if (!m_localMembership)
        return;
    for (const ClusterEvent &join : m_localMembership())
        storeMembership(join);
}

void RedisBackplane::findDeadInstances()
{
    const RedisReplyPtr known = m_reader.command({QByteArrayLiteral("SMEMBERS"), RedisKeys::instances()});
    if (!known || known->type != REDIS_REPLY_ARRAY)
        return;
    QStringList others;
    QList<RedisCommand> checks;
    for (size_t i = 0; i < known->elements; ++i) {
        const QString instance = QString::fromUtf8(RedisReply::string(known->element[i]));
        if (instance == m_instance)
            continue;
        others.append(instance);
        checks.append({QByteArrayLiteral("EXISTS"), RedisKeys::instanceAlive(instance)});
    }
    const std::vector<RedisReplyPtr> alive = m_reader.pipeline(checks);
    if (alive.size() != size_t(others.size()))
        return;
    for (qsizetype i = 0; i < others.size(); ++i) {
        if (RedisReply::integer(alive[size_t(i)].get(), 1) != 0)
            continue;
        qCInfo(lcRedis) << "instance" << others[i] << "stopped refreshing its liveness; its users are offline";
        notifyInstanceGone(others[i]);
        forgetInstance(others[i]);
    }
}

void RedisBackplane::forgetInstance(const QString &instance)
{
    const RedisReplyPtr rooms =
        m_reader.command({QByteArrayLiteral("SMEMBERS"), RedisKeys::instanceRooms(instance)});
    if (!rooms || rooms->type != REDIS_REPLY_ARRAY)
        return;
    QList<RedisCommand> cleanup;
    for (size_t i = 0; i < rooms->elements; ++i) {
        const QString room = QString::fromUtf8(RedisReply::string(rooms->element[i]));
        const RedisReplyPtr fields = m_reader.command({QByteArrayLiteral("HKEYS"), RedisKeys::members(room)});
        if (!fields || fields->type != REDIS_REPLY_ARRAY)
            continue;
        RedisCommand remove{QByteArrayLiteral("HDEL"), RedisKeys::members(room)};
        for (size_t f = 0; f < fields->elements; ++f) {
            const QByteArray field = RedisReply::string(fields->element[f]);
            if (splitMemberField(field).first == instance)
                remove.append(field);
        }
        if (remove.size() > 2)
            cleanup.append(remove);
    }
    cleanup.append({QByteArrayLiteral("DEL"), RedisKeys::instanceRooms(instance)});
    cleanup.append({QByteArrayLiteral("SREM"), RedisKeys::instances(), instance.toUtf8()});
    m_reader.pipeline(cleanup);
}

bool RedisBackplane::aliveNow(const QString &instance)
{
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("EXISTS"), RedisKeys::instanceAlive(instance)});
    return RedisReply::integer(reply.get(), 1) != 0;
}

QHash<QString, QHash<QString, QString>> RedisBackplane::remoteMembers(const QString &room)
{
    QHash<QString, QHash<QString, QString>> members;
    const RedisReplyPtr reply = m_reader.command({QByteArrayLiteral("HGETALL"), RedisKeys::members(room)});
    if (!reply || reply->type != REDIS_REPLY_ARRAY)
        return members;
    QHash<QString, bool> alive; // asked once per instance
    for (size_t i = 0; i + 1 < reply->elements; i += 2) {
        const auto [instance, user] = splitMemberField(RedisReply::string(reply->element[i]));
        if (instance.isEmpty() || instance == m_instance)
            continue;
        if (!alive.contains(instance))
            alive.insert(instance, aliveNow(instance));
        if (alive.value(instance))
            members[user].insert(instance, QString::fromUtf8(RedisReply::string(reply->element[i + 1])));
    }
    return members;
}

void RedisBackplane::storeMembership(const ClusterEvent &event)
{
    const QByteArray field = RedisKeys::memberField(m_instance, event.user);
    const auto ignore = [](const redisReply *) {};
    switch (event.kind) {
    case Kind::Join:
    case Kind::Status:
        m_commands.command({QByteArrayLiteral("HSET"), RedisKeys::members(event.room), field,
                            event.status.toUtf8()},
                           ignore);
        m_commands.command({QByteArrayLiteral("SADD"), RedisKeys::instanceRooms(m_instance),
                            event.room.toUtf8()},
                           ignore);
        break;
    case Kind::Leave:
        m_commands.command({QByteArrayLiteral("HDEL"), RedisKeys::members(event.room), field}, ignore);
        break;
    case Kind::Typing:
    case Kind::Announce:
    case Kind::ToUser:
        break;
    }
}

void RedisBackplane::publish(const ClusterEvent &event)
{
    storeMembership(event);
    QJsonObject o{{QLatin1String("k"), QStringLiteral("e")},
                  {QLatin1String("e"), QLatin1String(kindName(event.kind))},
                  {QLatin1String("n"), m_instance}};
    const auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("room", event.room);
    put("user", event.user);
    put("status", event.status);
    put("text", event.text);
    put("level", event.level);
    put("type", event.type);
    if (event.kind == Kind::ToUser)
        o.insert(QLatin1String("payload"), event.payload);
    if (event.kind == Kind::Typing)
        o.insert(QLatin1String("active"), event.active);
    m_commands.command({QByteArrayLiteral("PUBLISH"), RedisKeys::eventsChannel(),
                        QJsonDocument(o).toJson(QJsonDocument::Compact)},
                       [](const redisReply *) {});
}

void RedisBackplane::received(const QJsonObject &o)
{
    ClusterEvent event;
    event.instance = o.value(QLatin1String("n")).toString();
    if (event.instance == m_instance
        || !kindFromName(o.value(QLatin1String("e")).toString(), &event.kind))
        return;
    event.room = o.value(QLatin1String("room")).toString();
    event.user = o.value(QLatin1String("user")).toString();
    event.status = o.value(QLatin1String("status")).toString();
    event.active = o.value(QLatin1String("active")).toBool();
    event.text = o.value(QLatin1String("text")).toString();
    event.level = o.value(QLatin1String("level")).toString();
    event.type = o.value(QLatin1String("type")).toString();
    event.payload = o.value(QLatin1String("payload")).toObject();
    notifyEvent(event);
}

} // namespace sb::server
