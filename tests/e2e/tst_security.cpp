// Serving on a network without being the weak point: wss:// with a certificate made here,
// plain public binds refused, private rooms, browser origins, and a per-address cap.
#include "TestClient.h"
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "protocol/MessageType.h"
#include "server/Jwt.h"

#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

const QByteArray Secret = "security-suite-secret-0123456789";

QString token(const QString &user, const QStringList &rooms = {})
{
    QJsonObject claims{{"sub", user}, {"exp", QDateTime::currentSecsSinceEpoch() + 600}};
    if (!rooms.isEmpty())
        claims.insert("rooms", QJsonArray::fromStringList(rooms));
    return QString::fromLatin1(sb::server::Jwt::sign(claims, Secret));
}

// Opens a QWebSocket the way a browser would, with an Origin header. True once connected.
bool browserConnects(const QUrl &url, const QString &origin)
{
    QWebSocket socket(origin);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy failed(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    socket.open(url);
    if (!QTest::qWaitFor([&] { return !connected.isEmpty() || !failed.isEmpty(); }, 5000))
        return false;
    const bool ok = !connected.isEmpty();
    socket.abort();
    return ok;
}

} // namespace

class SecurityTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tlsRoundTrip();
    void untrustedCertificateIsRefusedByTheClient();
    void plainPublicBindIsRefused();
    void privateRoomsNeedTheirClaim();
    void browserOriginsAreChecked();
    void connectionsPerAddressAreCapped();
    void oneUserShareOneSendBudget();
    void clientPinsACertificateTheUserTrusted();

private:
    QTemporaryDir m_dir;
    QString m_cert, m_key;
};

void SecurityTest::initTestCase()
{
    m_cert = m_dir.filePath("cert.pem");
    m_key = m_dir.filePath("key.pem");
    const int made = QProcess::execute("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                                   "-keyout", m_key, "-out", m_cert, "-days", "1",
                                                   "-subj", "/CN=127.0.0.1",
                                                   "-addext", "subjectAltName=IP:127.0.0.1"});
    QCOMPARE(made, 0);
}

void SecurityTest::tlsRoundTrip()
{
    auto config = TestServer::defaultConfig();
    config.tlsCertFile = m_cert;
    config.tlsKeyFile = m_key;
    TestServer server(config);
    QVERIFY2(server.isRunning(), qPrintable(server.error()));
    QCOMPARE(server.url().scheme(), QStringLiteral("wss"));

    TestClient alice;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(m_cert)); // trust exactly this certificate
    alice.socket().setSslConfiguration(tls);
    QVERIFY(alice.open(server.url()));
    QCOMPARE(alice.hello("alice").type, T::Welcome);
    alice.request(T::RoomJoin, {{"room", "general"}});
    QCOMPARE(alice.request(T::ChatSend, {{"room", "general"}, {"text", "over tls"}}).type, T::Ack);
    QCOMPARE(alice.waitForType(T::ChatMessage).payload.value("text").toString(), QStringLiteral("over tls"));
}

void SecurityTest::untrustedCertificateIsRefusedByTheClient()
{
    auto config = TestServer::defaultConfig();
    config.tlsCertFile = m_cert;
    config.tlsKeyFile = m_key;
    TestServer server(config);
    QVERIFY(server.isRunning());
    // Verification is on by default: a self-signed certificate nobody trusts stops the client.
    QWebSocket socket;
    QSignalSpy sslErrors(&socket, &QWebSocket::sslErrors);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(server.url());
    QTRY_VERIFY(!sslErrors.isEmpty());
    QVERIFY(connected.isEmpty());
    socket.abort();
}

void SecurityTest::plainPublicBindIsRefused()
{
    auto config = TestServer::defaultConfig();
    config.host = QHostAddress::AnyIPv4;
    TestServer refused(config);
    QVERIFY(!refused.isRunning());
    QVERIFY(refused.error().contains("--tls-cert"));
    QVERIFY(refused.error().contains("--insecure-public"));

    config.insecurePublic = true;
    TestServer allowed(config);
    QVERIFY2(allowed.isRunning(), qPrintable(allowed.error()));
}

void SecurityTest::privateRoomsNeedTheirClaim()
{
    auto config = TestServer::defaultConfig();
    config.authSecret = Secret;
    config.privateRooms = {"vault"};
    TestServer server(config);

    TestClient insider, outsider, guest;
    for (TestClient *client : {&insider, &outsider, &guest})
        QVERIFY(client->open(server.url()));
    QCOMPARE(insider.hello({}, {{"token", token("ines", {"vault"})}}).type, T::Welcome);
    QCOMPARE(outsider.hello({}, {{"token", token("otto", {"other"})}}).type, T::Welcome);
    QCOMPARE(guest.hello("gus").type, T::Welcome);

    QCOMPARE(insider.request(T::RoomJoin, {{"room", "vault"}}).type, T::Ack);
    QCOMPARE(insider.request(T::ChatSend, {{"room", "vault"}, {"text", "the code is 1234"}}).type, T::Ack);
    for (TestClient *client : {&outsider, &guest}) {
        const Envelope join = client->request(T::RoomJoin, {{"room", "vault"}});
        QCOMPARE(join.payload.value("code").toString(), QStringLiteral("forbidden"));
        const Envelope history = client->request(T::HistoryGet, {{"room", "vault"}});
        QCOMPARE(history.payload.value("code").toString(), QStringLiteral("forbidden"));
        QCOMPARE(client->request(T::RoomJoin, {{"room", "lobby"}}).type, T::Ack); // others are open
        // A private room stays unseen: not in room.list for those who may not enter it.
        const QJsonArray rooms = client->request(T::RoomList).payload.value("rooms").toArray();
        for (const QJsonValue &room : rooms)
            QVERIFY(room.toObject().value("room").toString() != QLatin1String("vault"));
    }
    const QJsonArray insiderRooms = insider.request(T::RoomList).payload.value("rooms").toArray();
    QVERIFY(std::any_of(insiderRooms.begin(), insiderRooms.end(), [](const QJsonValue &room) {
        return room.toObject().value("room").toString() == QLatin1String("vault");
    }));
}

void SecurityTest::browserOriginsAreChecked()
{
    auto config = TestServer::defaultConfig();
    config.allowedOrigins = {"https://switchboard.example"};
    TestServer server(config);
    QVERIFY(browserConnects(server.url(), "https://switchboard.example"));
    QVERIFY(!browserConnects(server.url(), "https://evil.example"));
    QVERIFY(browserConnects(server.url(), QString())); // native clients send no Origin
}

void SecurityTest::connectionsPerAddressAreCapped()
{
    auto config = TestServer::defaultConfig();
    config.maxConnectionsPerIp = 3;
    TestServer server(config);
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<TestClient>());
        QVERIFY(clients.back()->open(server.url()));
        QCOMPARE(clients.back()->hello(QStringLiteral("c%1").arg(i)).type, T::Welcome);
    }
    TestClient fourth;
    fourth.open(server.url());
    QVERIFY(fourth.waitClosed());
    QCOMPARE(fourth.closeCode(), 1008);
    // When one leaves, there is room again.
    clients.front().reset();
    QTRY_COMPARE(server.server().connectionCount(), 2);
    TestClient fifth;
    QVERIFY(fifth.open(server.url()));
    QCOMPARE(fifth.hello("c5").type, T::Welcome);
}

void SecurityTest::oneUserShareOneSendBudget()
{
    auto config = TestServer::defaultConfig();
    config.chatRatePerSecond = 100; // each connection alone is far from its limit…
    config.chatBurst = 100;
    config.userRatePerSecond = 0.001; // …but the user as a whole gets five, and no refill to speak of
    config.userBurst = 5;
    TestServer server(config);
    TestClient first, second;
    for (TestClient *session : {&first, &second}) {
        QVERIFY(session->open(server.url()));
        QCOMPARE(session->hello("alice", {{"client", QJsonObject{{"instance", "alices-laptop"}}}})
                     .payload.value("user").toString(),
                 QStringLiteral("alice"));
        session->request(T::RoomJoin, {{"room", "general"}});
    }
    int acked = 0, limited = 0;
    for (int i = 0; i < 4; ++i) {
        for (TestClient *session : {&first, &second}) {
            const Envelope reply = session->request(T::ChatSend, {{"room", "general"}, {"text", "hi"}});
            acked += reply.type == T::Ack;
            limited += reply.payload.value("code").toString() == QLatin1String("rate_limited");
        }
    }
    QCOMPARE(acked, 5);
    QCOMPARE(limited, 3);
}

void SecurityTest::clientPinsACertificateTheUserTrusted()
{
    auto config = TestServer::defaultConfig();
    config.tlsCertFile = m_cert;
    config.tlsKeyFile = m_key;
    TestServer server(config);
    sb::client::ConnectionManager connection;
    connection.setIdentity({"alice", {}, "alice-pc", "test"});
    QSignalSpy rejected(&connection, &sb::client::ConnectionManager::certificateRejected);
    QSignalSpy scheduled(&connection, &sb::client::ConnectionManager::reconnectScheduled);

    // Verification on by default: refused, said why, and no retry loop.
    connection.open(server.url());
    QTRY_COMPARE(rejected.size(), 1);
    QTRY_COMPARE(connection.state(), sb::client::ConnectionState::Disconnected);
    QCOMPARE(scheduled.size(), 0);
    const auto certificate = rejected.at(0).at(0).value<QSslCertificate>();
    const QString fingerprint = sb::client::ConnectionManager::fingerprint(certificate);
    QCOMPARE(certificate, QSslCertificate::fromPath(m_cert).constFirst());
    QCOMPARE(fingerprint.count(':'), 31); // 32 bytes of SHA-256

    // A pin for some other certificate changes nothing.
    connection.setPinnedCertificates({QString(95, QLatin1Char('0'))});
    connection.reconnectNow();
    QTRY_COMPARE(rejected.size(), 2);

    // The user trusted this one: pinned, the next attempt gets in.
    connection.setPinnedCertificates({fingerprint});
    connection.reconnectNow();
    QTRY_COMPARE(connection.state(), sb::client::ConnectionState::Open);
}

QTEST_GUILESS_MAIN(SecurityTest)
#include "tst_security.moc"
