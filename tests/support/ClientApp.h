#pragma once

// The desktop app's client core without widgets, for suites that drive it against the real
// server: a ConnectionManager, a Session on its own store dir, and what the session received.
#include "TestClient.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "protocol/MessageType.h"

#include <QJsonArray>
#include <QSignalSpy>

#include <memory>

// Fast schedule, lowest jitter: delays 50, 100, 200, 200… ms.
inline sb::client::ConnectionManager::Options fastClientOptions()
{
    sb::client::ConnectionManager::Options options;
    options.connectTimeoutMs = 3000;
    options.reconnect.initialMs = 100;
    options.reconnect.maxMs = 400;
    return options;
}

// No jitter, steep: delays 500, 2000, 8000, 32000 ms; long waits come after three refusals.
inline sb::client::ConnectionManager::Options slowBackoffOptions()
{
    sb::client::ConnectionManager::Options options;
    options.connectTimeoutMs = 3000;
    options.reconnect.initialMs = 500;
    options.reconnect.factor = 4.0;
    options.reconnect.maxMs = 120000;
    options.reconnect.jitterLow = 1.0;
    options.reconnect.jitterHigh = 1.0;
    return options;
}

inline std::unique_ptr<sb::client::ConnectionManager> makeClientConnection(const QString &name)
{
    auto connection =
        std::make_unique<sb::client::ConnectionManager>(fastClientOptions(), [] { return 0.0; });
    connection->setIdentity({name, {}, QStringLiteral("test-%1").arg(name), QStringLiteral("test")});
    return connection;
}

// Every chat.message of `room` the server has, as texts in seq order.
inline QStringList historyTexts(const QUrl &url, const QString &room, int limit = 200)
{
    TestClient reader;
    if (!reader.open(url))
        return {QStringLiteral("<no connection>")};
    reader.hello(QStringLiteral("reader"));
    const sb::protocol::Envelope page = reader.request(
        sb::protocol::MessageType::HistoryGet,
        {{QStringLiteral("room"), room}, {QStringLiteral("limit"), limit}});
    QStringList texts;
    for (const QJsonValue &m : page.payload.value(QLatin1String("messages")).toArray())
        texts.append(m.toObject().value(QLatin1String("text")).toString());
    return texts;
}

struct ClientApp
{
    explicit ClientApp(const QString &user, const QString &dir)
        : connection(makeClientConnection(user))
        , session(std::make_unique<sb::client::Session>(*connection))
        , storeDir(dir)
        , received(session.get(), &sb::client::Session::messagesReceived)
    {
    }
    bool start(const QUrl &url)
    {
        QString error;
        return session->start(url, connection->identity(), storeDir, &error);
    }
    QStringList receivedTexts(const QString &room) const
    {
        QStringList texts;
        for (const QList<QVariant> &args : received) {
            if (args.at(0).toString() == room) {
                for (const sb::client::ChatMessage &m : args.at(1).value<QList<sb::client::ChatMessage>>())
                    texts.append(m.text);
            }
        }
        return texts;
    }

    std::unique_ptr<sb::client::ConnectionManager> connection;
    std::unique_ptr<sb::client::Session> session;
    QString storeDir;
    QSignalSpy received;
};
