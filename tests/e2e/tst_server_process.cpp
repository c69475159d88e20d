// The real switchboard-server executable: its command line, SIGTERM (graceful, 1001, exit 0),
// SIGKILL (no acked message lost, seqs go on), and `token` for servers that take tokens.
#include "ServerProcess.h"
#include "TestClient.h"
#include "protocol/CloseCode.h"
#include "protocol/MessageType.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

class ServerProcessTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void versionPrintsTheVersion();
    void helpListsTheOptions();
    void badCommandLineExitsNonZeroWithAMessage_data();
    void badCommandLineExitsNonZeroWithAMessage();
    void sigtermAcksWhatItGotAndClosesWith1001();
    void portInUseExitsNonZero();
    void sigkillLosesNoAckedMessage();
    void sigkillLosesNoAckedChange();
    void tokenCommandPrintsATokenTheServerAccepts();

private:
    // A client that said hello (as a guest, or with `token`) and joined `room` when one is given.
    static std::unique_ptr<TestClient> connectClient(const QUrl &url, const QString &name,
                                                     const QString &room = {});
    QString secretFile() const { return m_dir.filePath(QStringLiteral("secret")); }

    QTemporaryDir m_dir; // the secret file
};

void ServerProcessTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile secret(secretFile());
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("e2e-process-secret-0123456789abcdef\n");
}

std::unique_ptr<TestClient> ServerProcessTest::connectClient(const QUrl &url, const QString &name,
                                                             const QString &room)
{
    auto client = std::make_unique<TestClient>();
    if (!client->open(url) || client->hello(name).type != T::Welcome)
        return nullptr;
    if (!room.isEmpty() && client->request(T::RoomJoin, {{"room", room}}).type != T::Ack)
        return nullptr;
    return client;
}

void ServerProcessTest::versionPrintsTheVersion()
{
    QByteArray output;
    QCOMPARE(ServerProcess::run({QStringLiteral("--version")}, &output), 0);
    QVERIFY2(output.contains("switchboard-server") && output.contains(SB_VERSION),
             output.constData());
}

void ServerProcessTest::helpListsTheOptions()
{
    QByteArray output;
    QCOMPARE(ServerProcess::run({QStringLiteral("--help")}, &output), 0);
    for (const char *option : {"--host", "--port", "--data-dir", "--allow-guests", "--no-guests",
                               "--rate-limit", "--max-message-bytes", "--heartbeat-ms", "--demo",
                               "--auth-secret-file", "token"})
        QVERIFY2(output.contains(option), option);
}

void ServerProcessTest::badCommandLineExitsNonZeroWithAMessage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("mentions");
    const auto row = [](const char *name, const QStringList &arguments, const char *mentions) {
        QTest::newRow(name) << arguments << QByteArray(mentions);
    };
    // `SECRET` stands for a valid secret file.
    row("port out of range", {"--port", "70000"}, "--port");
    row("rate limit not a number", {"--rate-limit", "x"}, "--rate-limit");
    row("heartbeat too short", {"--heartbeat-ms", "5"}, "--heartbeat-ms");
    row("max message too small", {"--max-message-bytes", "10"}, "--max-message-bytes");
    row("host not an address", {"--host", "nowhere"}, "--host");
    row("unknown option", {"--frobnicate"}, "frobnicate");
    row("unknown command", {"serve-please"}, "serve-please");
    row("no guests, no secret", {"--no-guests"}, "--auth-secret-file");
    row("guests both ways", {"--no-guests", "--allow-guests", "--auth-secret-file", "SECRET"},
        "contradict");
    row("missing secret file", {"--auth-secret-file", "/nonexistent/secret"},
        "/nonexistent/secret");
    row("token without user", {"token", "--auth-secret-file", "SECRET"}, "--user");
    row("token with a bad ttl",
        {"token", "--auth-secret-file", "SECRET", "--user", "alice", "--ttl", "soon"}, "--ttl");
    row("token without secret", {"token", "--user", "alice"}, "--auth-secret-file");
}

void ServerProcessTest::badCommandLineExitsNonZeroWithAMessage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, mentions);
    arguments.replaceInStrings(QStringLiteral("SECRET"), secretFile());
    // Should a mistake slip through, the server must not touch a real data dir or port.
    QTemporaryDir dataDir;
    if (!arguments.contains(QStringLiteral("--port")))
        arguments << QStringLiteral("--port") << QStringLiteral("0");
    arguments << QStringLiteral("--data-dir") << dataDir.path();
    QByteArray output;
    const int code = ServerProcess::run(arguments, &output, 5000);
    QVERIFY2(code > 0, qPrintable(QStringLiteral("exit code %1 (-1: still running)").arg(code)));
    QVERIFY2(output.contains(mentions), output.constData());
}

void ServerProcessTest::sigtermAcksWhatItGotAndClosesWith1001()
{
    QTemporaryDir dataDir;
    ServerProcess server;
    QVERIFY2(server.start(dataDir.path(), {QStringLiteral("--rate-limit"), QStringLiteral("0")}),
             server.output().constData());
    auto alice = connectClient(server.url(), QStringLiteral("alice"), QStringLiteral("general"));
    auto bob = connectClient(server.url(), QStringLiteral("bob"));
    QVERIFY(alice && bob);
    TestClient anonymous; // connected, no hello yet
    QVERIFY(anonymous.open(server.url()));

    // Messages the server has read (the pong after them proves it) when SIGTERM arrives.
    QStringList ids;
    for (int i = 0; i < 20; ++i)
        ids.append(alice->send(T::ChatSend, {{"room", "general"},
                                             {"text", QStringLiteral("last words %1").arg(i)}}));
    QVERIFY(alice->sync());
    server.sendTerminate();

    for (TestClient *client : {alice.get(), bob.get(), &anonymous}) {
        QVERIFY(client->waitClosed(10000));
        QCOMPARE(client->closeCode(), int(CloseCode::GoingAway));
    }
    // Every ack came before the goodbye.
    for (int i = 0; i < ids.size(); ++i) {
        const Envelope ack = alice->waitForReply(ids.at(i), 0);
        QCOMPARE(ack.type, T::Ack);
        QCOMPARE(ack.payload.value("seq").toInteger(), i + 1);
    }
    QVERIFY(server.waitForExit());
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QVERIFY2(server.exitCode() == 0, server.output().constData());
}

void ServerProcessTest::portInUseExitsNonZero()
{
    QTemporaryDir first, second;
    ServerProcess server;
    QVERIFY2(server.start(first.path()), server.output().constData());
    QByteArray output;
    const int code = ServerProcess::run({QStringLiteral("--port"), QString::number(server.port()),
                                         QStringLiteral("--data-dir"), second.path()},
                                        &output, 5000);
    QVERIFY2(code > 0, qPrintable(QStringLiteral("exit code %1").arg(code)));
    QVERIFY2(output.contains(QByteArray::number(server.port())), output.constData());
}

void ServerProcessTest::sigkillLosesNoAckedMessage()
{
    QTemporaryDir dataDir;
    const QStringList noLimit{QStringLiteral("--rate-limit"), QStringLiteral("0")};
    auto server = std::make_unique<ServerProcess>();
    QVERIFY2(server->start(dataDir.path(), noLimit), server->output().constData());
    const quint16 port = server->port();
    auto alice = connectClient(server->url(), QStringLiteral("alice"));
    QVERIFY(alice);
    const Envelope joined = alice->request(T::RoomJoin, {{"room", "durable"}});
    const QString epoch = joined.payload.value("epoch").toString();
    QVERIFY(!epoch.isEmpty());

    // Pipelined, as a busy client sends them; SIGKILL right after the last ack.
    constexpr int count = 200;
    QStringList ids;
    for (int i = 0; i < count; ++i)
        ids.append(alice->send(T::ChatSend, {{"room", "durable"},
                                             {"text", QStringLiteral("m%1").arg(i)}}));
    QHash<QString, qint64> seqOf;
    for (const QString &id : std::as_const(ids)) {
        const Envelope ack = alice->waitForReply(id);
        QCOMPARE(ack.type, T::Ack);
        seqOf.insert(id, ack.payload.value("seq").toInteger());
    }
    server->kill();
    QCOMPARE(server->exitStatus(), QProcess::CrashExit);
    QVERIFY(alice->waitClosed());

    // Same data dir, same port: a reconnecting client would not notice the difference.
    server = std::make_unique<ServerProcess>();
    QVERIFY2(server->start(dataDir.path(), noLimit, port), server->output().constData());
    QCOMPARE(server->port(), port);
    auto again = connectClient(server->url(), QStringLiteral("alice"));
    QVERIFY(again);
    const Envelope history = again->request(T::HistoryGet, {{"room", "durable"}, {"limit", count}});
    QCOMPARE(history.type, T::History);
    QCOMPARE(history.payload.value("has_more").toBool(), false);
    const QJsonArray messages = history.payload.value("messages").toArray();
    QCOMPARE(messages.size(), count);
    for (int i = 0; i < count; ++i) {
        const QJsonObject message = messages.at(i).toObject();
        QCOMPARE(message.value("seq").toInteger(), i + 1);
        QCOMPARE(message.value("client_id").toString(), ids.at(i));
        QCOMPARE(message.value("seq").toInteger(), seqOf.value(ids.at(i)));
        QCOMPARE(message.value("text").toString(), QStringLiteral("m%1").arg(i));
        QCOMPARE(message.value("from").toString(), QStringLiteral("alice"));
    }

    // The history stream is the same one (same epoch), and it goes on at the next seq.
    const Envelope rejoined =
        again->request(T::RoomJoin, {{"room", "durable"}, {"since", count}, {"epoch", epoch}});
    QCOMPARE(rejoined.payload.value("epoch").toString(), epoch);
    QCOMPARE(rejoined.payload.value("last_seq").toInteger(), count);
    QVERIFY(!rejoined.payload.contains("gap"));
    const Envelope next =
        again->request(T::ChatSend, {{"room", "durable"}, {"text", "after the crash"}});
    QCOMPARE(next.type, T::Ack);
    QCOMPARE(next.payload.value("seq").toInteger(), count + 1);
}

void ServerProcessTest::sigkillLosesNoAckedChange()
{
    QTemporaryDir dataDir;
    const QStringList noLimit{QStringLiteral("--rate-limit"), QStringLiteral("0")};
    auto server = std::make_unique<ServerProcess>();
    QVERIFY2(server->start(dataDir.path(), noLimit), server->output().constData());
    const quint16 port = server->port();
    auto alice = connectClient(server->url(), QStringLiteral("alice"), QStringLiteral("durable"));
    QVERIFY(alice);
    const auto seqOf = [&](const QString &type, const QJsonObject &payload) {
        const Envelope ack = alice->request(type, payload);
        return ack.type == T::Ack ? ack.payload.value("seq").toInteger() : -1;
    };
    const qint64 kept = seqOf(T::ChatSend, {{"room", "durable"}, {"text", "draft"}});
    const qint64 gone = seqOf(T::ChatSend, {{"room", "durable"}, {"text", "oops"}});
    QVERIFY(kept > 0 && gone > 0);
    // Pipelined, as a busy client sends them; SIGKILL right after the last ack.
    const QStringList ids{
        alice->send(T::ChatEdit, {{"room", "durable"}, {"seq", kept}, {"text", "final"}}),
        alice->send(T::ChatReact, {{"room", "durable"}, {"seq", kept}, {"emoji", "✅"}}),
        alice->send(T::ChatDelete, {{"room", "durable"}, {"seq", gone}}),
        alice->send(T::ChatSend, {{"room", "durable"}, {"text", "see above"}, {"reply_to", kept}}),
    };
    for (const QString &id : ids)
        QCOMPARE(alice->waitForReply(id).type, T::Ack);
    server->kill();
    QVERIFY(alice->waitClosed());

    server = std::make_unique<ServerProcess>();
    QVERIFY2(server->start(dataDir.path(), noLimit, port), server->output().constData());
    auto again = connectClient(server->url(), QStringLiteral("alice"));
    QVERIFY(again);
    const QJsonArray messages =
        again->request(T::HistoryGet, {{"room", "durable"}}).payload.value("messages").toArray();
    QCOMPARE(messages.size(), 3);
    const QJsonObject edited = messages.at(0).toObject();
    QCOMPARE(edited.value("text").toString(), QStringLiteral("final"));
    QVERIFY(edited.value("edited_ts").toInteger() > 0);
    QCOMPARE(edited.value("reactions").toArray().at(0).toObject().value("emoji").toString(), QStringLiteral("✅"));
    QCOMPARE(messages.at(1).toObject().value("deleted").toBool(), true);
    QCOMPARE(messages.at(2).toObject().value("reply_to").toObject().value("seq").toInteger(), kept);
    // The stream goes on after the changes' seqs: 2 messages + 3 changes, then the reply at 6.
    QCOMPARE(messages.at(2).toObject().value("seq").toInteger(), 6);
}

void ServerProcessTest::tokenCommandPrintsATokenTheServerAccepts()
{
    QByteArray output;
    QCOMPARE(ServerProcess::run({QStringLiteral("token"), QStringLiteral("--auth-secret-file"),
                                 secretFile(), QStringLiteral("--user"), QStringLiteral("alice"),
                                 QStringLiteral("--ttl"), QStringLiteral("1h"),
                                 QStringLiteral("--role"), QStringLiteral("admin")},
                                &output),
             0);
    const QByteArray token = output.trimmed().split('\n').constLast().trimmed();
    QCOMPARE(token.count('.'), 2);

    QTemporaryDir dataDir;
    ServerProcess server;
    QVERIFY2(server.start(dataDir.path(), {QStringLiteral("--auth-secret-file"), secretFile(),
                                           QStringLiteral("--no-guests")}),
             server.output().constData());
    TestClient admin;
    QVERIFY(admin.open(server.url()));
    const Envelope welcome = admin.hello({}, {{"token", QString::fromLatin1(token)}});
    QCOMPARE(welcome.type, T::Welcome);
    QCOMPARE(welcome.payload.value("user").toString(), QStringLiteral("alice"));
    QCOMPARE(welcome.payload.value("role").toString(), QStringLiteral("admin"));
    QCOMPARE(admin.request(T::Announce, {{"text", "signed in by token"}}).type, T::Ack);

    // The same server turns guests away.
    TestClient guest;
    QVERIFY(guest.open(server.url()));
    guest.send(T::Hello, {{"name", "guest"}});
    QVERIFY(guest.waitClosed());
    QCOMPARE(guest.closeCode(), int(CloseCode::Unauthorized));
}

QTEST_GUILESS_MAIN(ServerProcessTest)
#include "tst_server_process.moc"
