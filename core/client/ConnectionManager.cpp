#include "ConnectionManager.h"

#include "NetworkWatcher.h"
#include "protocol/CloseCode.h"
#include "protocol/Codec.h"
#include "protocol/MessageType.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QRandomGenerator>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

Q_LOGGING_CATEGORY(lcClientConnection, "switchboard.client.connection")

namespace sb::client {

using namespace sb::protocol;

namespace {

constexpr int AbnormalClose = 1006; // RFC 6455: the connection dropped without a close frame
constexpr int CloseGraceMs = 2000;
constexpr int ProbeWithinMs = 5000;

// Bytes a client frame of `payload` bytes takes on the wire: header, 4-byte mask, payload.
qint64 frameSize(qint64 payload)
{
    return payload + 4 + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
}

} // namespace

ConnectionManager::ConnectionManager(QObject *parent)
    : ConnectionManager(Options{}, [] { return QRandomGenerator::global()->generateDouble(); },
                        parent)
{
}

ConnectionManager::ConnectionManager(Options options, ReconnectPolicy::Random random,
                                     QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_policy(options.reconnect, std::move(random))
    , m_heartbeat(options.heartbeatMs)
    , m_probe(options.probe)
{
    qRegisterMetaType<ConnectionState>();
    qRegisterMetaType<StateReason>();
    qRegisterMetaType<QSslCertificate>(); // certificateRejected crosses a queued connection
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        // Also covers Qt 6.4's failed handshake, which stays "connecting" forever.
        lost(AbnormalClose, tr("The server did not answer within %1 s.")
                                .arg(m_options.connectTimeoutMs / 1000));
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ConnectionManager::startAttempt);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &ConnectionManager::heartbeatTick);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        lost(QWebSocketProtocol::CloseCodeNormal, tr("Disconnected."));
    });

    connect(&m_probe, &ReachabilityProbe::reachable, this, &ConnectionManager::onServerReachable);

    m_network = new NetworkWatcher(this);
    connect(m_network, &NetworkWatcher::networkBack, this, &ConnectionManager::checkNow);
    connect(m_network, &NetworkWatcher::wokeUp, this, &ConnectionManager::checkNow);
}

ConnectionManager::~ConnectionManager()
{
    discardSocket();
}

void ConnectionManager::open(const QUrl &url)
{
    m_url = url;
    m_userClosed = false;
    m_policy.reset();
    if (m_state != ConnectionState::Disconnected && m_state != ConnectionState::WaitingToReconnect)
        discardSocket();
    startAttempt();
}

void ConnectionManager::close()
{
    m_userClosed = true;
    m_reconnectTimer.stop();
    m_probe.stop();
    switch (m_state) {
    case ConnectionState::Handshaking:
    case ConnectionState::Open:
        setState(ConnectionState::Closing, {QWebSocketProtocol::CloseCodeNormal, tr("Disconnecting…")});
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
        m_closeTimer.start(CloseGraceMs);
        break;
    case ConnectionState::Connecting:
        // close() while the handshake runs misbehaves in Qt 6.4: abort instead.
        lost(QWebSocketProtocol::CloseCodeNormal, tr("Disconnected."));
        break;
    case ConnectionState::WaitingToReconnect:
        setState(ConnectionState::Disconnected, {QWebSocketProtocol::CloseCodeNormal, tr("Disconnected.")});
        break;
    case ConnectionState::Closing:
    case ConnectionState::Disconnected:
        break;
    }
}

void ConnectionManager::reconnectNow()
{
    if (m_url.isEmpty())
        return;
    if (m_state == ConnectionState::WaitingToReconnect || m_state == ConnectionState::Disconnected) {
        m_userClosed = false;
        m_policy.reset();
        m_reconnectTimer.stop();
        startAttempt();
    }
}

void ConnectionManager::checkNow()
{
    if (m_state == ConnectionState::WaitingToReconnect) {
        reconnectNow();
    } else if (m_state == ConnectionState::Open) {
        // The link may have died while we slept: prove it alive now or start over.
        m_heartbeat.probe(now(), ProbeWithinMs);
        send(Envelope::make(MessageType::Ping, {{QLatin1String("t"), now()}}));
        m_socket->ping();
    }
}

void ConnectionManager::onServerReachable()
{
    if (m_state != ConnectionState::WaitingToReconnect)
        return;
    qCInfo(lcClientConnection) << "the server answers again; reconnecting now";
    // A sign of life: whatever the schedule had grown to is over.
    m_policy.reset();
    m_reconnectTimer.stop();
    emit serverReachable();
    startAttempt();
}

bool ConnectionManager::serverUnreachable() const
{
    if (m_state != ConnectionState::Connecting || !m_socket)
        return false;
    switch (m_socket->error()) {
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::NetworkError:
        return true;
    default:
        return false;
    }
}

void ConnectionManager::startAttempt()
{
    m_probe.stop();
    discardSocket();
    m_welcome = {};
    setState(ConnectionState::Connecting, {0, tr("Connecting to %1…").arg(m_url.toDisplayString())});

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, &ConnectionManager::onSocketConnected);
    connect(socket, &QWebSocket::disconnected, this, &ConnectionManager::onSocketDisconnected);
    // Qt 6.4 has no errorOccurred yet.
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &ConnectionManager::onSocketError);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text.toUtf8(), false); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { onFrame(bytes, true); });
    connect(socket, &QWebSocket::pong, this, [this] { m_heartbeat.received(now()); });
    connect(socket, &QWebSocket::bytesWritten, this, &ConnectionManager::onBytesWritten);
    connect(socket, &QWebSocket::sslErrors, this, &ConnectionManager::onSslErrors);

    QWebSocketHandshakeOptions options;
    options.setSubprotocols(m_options.preferCbor ? QStringList{CborSubprotocol, JsonSubprotocol}
                                                 : QStringList{JsonSubprotocol});
    m_connectTimer.start(m_options.connectTimeoutMs);
    socket->open(QNetworkRequest(m_url), options);
}

void ConnectionManager::onSocketConnected()
{
    m_format = wireFormatForSubprotocol(m_socket->subprotocol());
    setState(ConnectionState::Handshaking, {0, tr("Signing in…")});
    QJsonObject hello{{QLatin1String("client"),
                       QJsonObject{{QLatin1String("app"), QLatin1String("switchboard")},
                                   {QLatin1String("version"), m_identity.appVersion},
                                   {QLatin1String("instance"), m_identity.instance}}}};
    if (!m_identity.name.isEmpty())
        hello.insert(QLatin1String("name"), m_identity.name);
    if (!m_identity.token.isEmpty())
        hello.insert(QLatin1String("token"), m_identity.token);
    write(Codec::encode(Envelope::make(MessageType::Hello, hello, QStringLiteral("hello")), m_format));
}

void ConnectionManager::onSocketError()
{
    if (!m_socket)
        return;
    const QString error = m_socket->errorString();
    qCInfo(lcClientConnection) << "socket error:" << error;
    if (m_state == ConnectionState::Connecting || m_state == ConnectionState::Handshaking) {
        // A failed handshake may never emit disconnected() in Qt 6.4: end the attempt here.
        lost(AbnormalClose, error);
    } else {
        m_reason.message = error;
    }
}

QString ConnectionManager::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':'));
}

void ConnectionManager::onSslErrors(const QList<QSslError> &errors)
{
    // QWebSocket's configuration has no peer certificate yet at this point; the errors carry it.
    QSslCertificate certificate;
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull()) {
            certificate = error.certificate();
            break;
        }
    }
    if (!certificate.isNull() && m_pinned.contains(fingerprint(certificate))) {
        // The user trusted exactly this certificate; any other still fails.
        m_socket->ignoreSslErrors(errors);
        return;
    }
    QStringList words;
    for (const QSslError &error : errors)
        words.append(error.errorString());
    const QString why = words.join(QStringLiteral("; "));
    qCWarning(lcClientConnection) << "certificate refused:" << why;
    emit certificateRejected(certificate, why);
    // Retrying cannot make the certificate trustworthy: stop until the user decides.
    lost(protocol::CloseCode::Forbidden, tr("The server's certificate is not trusted: %1").arg(why));
}

void ConnectionManager::onSocketDisconnected()
{
    if (!m_socket)
        return;
    int code = m_socket->closeCode();
    QString reason = m_socket->closeReason();
    // Qt reports 1000 when the TCP connection simply dropped (no close frame). Our server
    // never closes with 1000, so without a reason and without our own close() it was a drop.
    if (code == QWebSocketProtocol::CloseCodeNormal && reason.isEmpty() && !m_userClosed)
        code = AbnormalClose;
    if (reason.isEmpty())
        reason = dropReason();
    lost(code, reason);
}

QString ConnectionManager::dropReason() const
{
    if (m_state == ConnectionState::Open)
        return tr("The connection was lost.");
    // Before Open the state's own text ("Connecting to …") would read as the reason: the
    // status bar would say "Reconnecting in 4 s · Connecting to …". Say what went wrong.
    if (m_socket && m_socket->error() != QAbstractSocket::UnknownSocketError)
        return m_socket->errorString();
    return tr("The server could not be reached.");
}

void ConnectionManager::lost(int closeCode, const QString &message)
{
    if (m_state == ConnectionState::Disconnected || m_state == ConnectionState::WaitingToReconnect)
        return;
    m_connectTimer.stop();
    m_closeTimer.stop();
    m_heartbeatTimer.stop();
    const bool unreachable = serverUnreachable();
    discardSocket();
    m_welcome = {};

    if (m_userClosed) {
        setState(ConnectionState::Disconnected, {QWebSocketProtocol::CloseCodeNormal, tr("Disconnected.")});
        return;
    }
    if (!ReconnectPolicy::shouldReconnect(closeCode)) {
        // The server refused who we are (4001/4003) or ended the session: retrying would only
        // repeat it. The user sees why and decides.
        setState(ConnectionState::Disconnected, {closeCode, message});
        return;
    }
    m_policy.connectionLost(m_openedAtMs, now());
    m_openedAtMs = -1;
    const int delay = m_policy.nextDelayMs();
    m_reconnectTimer.start(delay);
    if (unreachable && ReachabilityProbe::worthKnocking(delay, m_probe.settings())) {
        const bool secure = m_url.scheme() == QLatin1String("wss");
        m_probe.start(m_url.host(), quint16(m_url.port(secure ? 443 : 80)),
                      [this] { return msUntilReconnect(); });
    }
    setState(ConnectionState::WaitingToReconnect, {closeCode, message});
    emit reconnectScheduled(delay);
}

void ConnectionManager::discardSocket()
{
    m_queue.clear();
    m_unwritten = 0;
    updateCongestion();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void ConnectionManager::setState(ConnectionState state, StateReason reason)
{
    m_reason = reason;
    if (state == m_state && state != ConnectionState::WaitingToReconnect)
        return;
    qCInfo(lcClientConnection).noquote() << "state:" << stateName(state) << reason.closeCode << reason.message;
    m_state = state;
    emit stateChanged(state, reason);
}

void ConnectionManager::onFrame(const QByteArray &frame, bool binary)
{
    m_heartbeat.received(now());
    const DecodeResult decoded = binary ? Codec::decodeCbor(frame) : Codec::decodeJson(frame);
    if (!decoded.ok()) {
        qCWarning(lcClientConnection) << "undecodable frame from the server:" << decoded.errorMessage;
        return;
    }
    const Envelope &envelope = decoded.envelope;
    if (m_state == ConnectionState::Handshaking) {
        if (envelope.type == MessageType::Error) {
            // The server refused our hello (a bad name, say): retrying would only repeat it.
            lost(CloseCode::Unauthorized,
                 envelope.payload.value(QLatin1String("message")).toString());
            return;
        }
        if (envelope.type != MessageType::Welcome)
            return; // nothing else is meaningful before the welcome
        m_connectTimer.stop();
        m_welcome = envelope.payload;
        // The server's interval, or ours when we want to know sooner.
        m_heartbeat.setInterval(qMin(m_options.heartbeatMs,
                                     envelope.payload.value(QLatin1String("heartbeat_ms"))
                                         .toInt(m_options.heartbeatMs)));
        m_heartbeat.start(now());
        m_heartbeatTimer.start(qMax(100, m_heartbeat.intervalMs() / 4));
        m_openedAtMs = now();
        setState(ConnectionState::Open,
                 {0, tr("Connected as %1.").arg(user())});
        emit opened(m_welcome);
        return;
    }
    if (envelope.type == MessageType::Pong) {
        const QJsonValue t = envelope.payload.value(QLatin1String("t"));
        if (t.isDouble()) {
            m_heartbeat.pong(qint64(t.toDouble()), now());
            emit rttChanged(m_heartbeat.rttMs());
        }
    }
    emit envelopeReceived(envelope);
}

void ConnectionManager::heartbeatTick()
{
    if (m_state != ConnectionState::Open)
        return;
    switch (m_heartbeat.tick(now())) {
    case HeartbeatMonitor::Action::None:
        break;
    case HeartbeatMonitor::Action::SendPing:
        m_socket->ping(QByteArray::number(++m_pingSerial));
        send(Envelope::make(MessageType::Ping, {{QLatin1String("t"), now()}}));
        break;
    case HeartbeatMonitor::Action::GiveUp:
        qCInfo(lcClientConnection) << "the server went silent; abandoning the connection";
        lost(4000, tr("The server stopped answering."));
        break;
    }
}

bool ConnectionManager::send(const Envelope &envelope)
{
    if (m_state != ConnectionState::Open || !m_socket)
        return false;
    write(Codec::encode(envelope, m_format));
    return true;
}

void ConnectionManager::write(const QByteArray &frame)
{
    if (m_queue.isEmpty() && m_unwritten < m_options.sendHighWaterBytes)
        transmit(frame);
    else
        m_queue.append(frame);
    updateCongestion();
}

void ConnectionManager::transmit(const QByteArray &frame)
{
    m_unwritten += frameSize(frame.size());
    if (m_format == WireFormat::Cbor)
        m_socket->sendBinaryMessage(frame);
    else
        m_socket->sendTextMessage(QString::fromUtf8(frame));
}

void ConnectionManager::onBytesWritten(qint64 bytes)
{
    m_unwritten = qMax<qint64>(0, m_unwritten - bytes);
    pump();
}

void ConnectionManager::pump()
{
    while (!m_queue.isEmpty() && m_unwritten < m_options.sendHighWaterBytes && m_socket)
        transmit(m_queue.takeFirst());
    updateCongestion();
}

void ConnectionManager::updateCongestion()
{
    const bool congested = !m_queue.isEmpty() || m_unwritten >= m_options.sendHighWaterBytes;
    if (congested != m_congested) {
        m_congested = congested;
        emit congestionChanged(congested);
    }
}

qint64 ConnectionManager::queuedBytes() const
{
    qint64 queued = m_unwritten;
    for (const QByteArray &frame : m_queue)
        queued += frameSize(frame.size());
    return queued;
}

int ConnectionManager::msUntilReconnect() const
{
    return m_reconnectTimer.isActive() ? m_reconnectTimer.remainingTime() : 0;
}

QString ConnectionManager::user() const
{
    return m_welcome.value(QLatin1String("user")).toString();
}

} // namespace sb::client
