#pragma once

// What the Redis engine's suites (tst_redis, tst_redisoutage) share: the server configuration
// for instances on one test Redis, and ways to read what they hold.
#include "RedisProcess.h"
#include "TestClient.h"
#include "TestServer.h"
#include "protocol/MessageType.h"

#include <QJsonArray>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

namespace sb::test {

using sb::protocol::Envelope;

inline sb::server::ServerConfig redisConfig(const RedisProcess &redis)
{
    auto config = TestServer::defaultConfig();
    config.redisUrl = redis.url();
    config.feedEnabled = false;
    config.instanceTtlMs = 900;
    return config;
}

inline bool isChatIn(const Envelope &e, const QString &room, const QString &text)
{
    return e.type == sb::protocol::MessageType::ChatMessage && e.payload.value("room").toString() == room
           && e.payload.value("text").toString() == text;
}

inline QList<qint64> seqsOf(const QList<Envelope> &messages)
{
    QList<qint64> seqs;
    for (const Envelope &m : messages)
        seqs.append(qint64(m.payload.value("seq").toDouble()));
    return seqs;
}

inline QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

inline QStringList snapshotUsers(const Envelope &snapshot)
{
    QStringList users;
    for (const QJsonValue &u : snapshot.payload.value("users").toArray())
        users.append(u.toObject().value("user").toString());
    return users;
}

// Where each hit of a search reply is: "#room:seq" or "@peer:seq", in the reply's order.
inline QStringList placesOf(const Envelope &reply)
{
    QStringList places;
    for (const QJsonValue &v : reply.payload.value("hits").toArray()) {
        const QJsonObject hit = v.toObject();
        places.append(hit.contains("room")
                          ? QStringLiteral("#%1:%2").arg(hit.value("room").toString()).arg(hit.value("seq").toInteger())
                          : QStringLiteral("@%1:%2").arg(hit.value("with").toString()).arg(hit.value("seq").toInteger()));
    }
    return places;
}

// Every message of the room as (text, seq), read page by page from `url`.
inline QList<QPair<QString, qint64>> wholeHistory(const QUrl &url, const QString &room)
{
    QList<QPair<QString, qint64>> all;
    TestClient reader;
    if (!reader.open(url))
        return all;
    reader.hello("reader");
    QJsonObject request{{"room", room}, {"limit", 200}};
    for (;;) {
        const Envelope page = reader.request(sb::protocol::MessageType::HistoryGet, request);
        QList<QPair<QString, qint64>> older;
        for (const QJsonValue &v : page.payload.value("messages").toArray()) {
            const QJsonObject m = v.toObject();
            older.append({m.value("text").toString(), qint64(m.value("seq").toDouble())});
        }
        all = older + all;
        if (!page.payload.value("has_more").toBool() || older.isEmpty())
            return all;
        request.insert("before", older.first().second);
    }
}

// The keys of `redis` whose value (any field, member or stream entry of it) contains `needle`:
// what a delete must leave behind is none.
QStringList keysHolding(const RedisProcess &redis, const QByteArray &needle);

// The suites' fixture: a fresh redis-server for every test function. QtTest finds these slots
// in the base class, so a suite only lists its test functions.
class RedisSuite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

protected:
    std::unique_ptr<RedisProcess> m_redis;
    QTemporaryDir m_dir;
};

} // namespace sb::test
