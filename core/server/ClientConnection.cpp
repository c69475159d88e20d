#include "ClientConnection.h"

#include "ServerConfig.h"
#include "ServerStats.h"
#include "SharedFrame.h"
#include "WsEngine.h"
#include "protocol/CloseCode.h"
#include "protocol/Codec.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcServerConnection, "switchboard.server.connection")

namespace sb::server {

using namespace sb::protocol;

namespace {
quint64 nextSerial()
{
    static quint64 serial = 0;
    return ++serial;
}
// A connection may earn this many strikes in a burst, and one back every 500 ms.
constexpr double StrikeBurst = 20;
constexpr double StrikesPerSecond = 2;
// Sends awaiting their ack, per connection. Far above what the chat rate limit lets through
// before a commit; only a client with rate limits off could reach it, and its latencies are
// then simply not measured.
constexpr qsizetype MaxTimedSends = 4096;

bool isTimedSend(const Envelope &request)
{
    return !request.id.isEmpty()
        && (request.type == MessageType::ChatSend || request.type == MessageType::DmSend);
}
} // namespace

ClientConnection::ClientConnection(WsConnection *socket, const ServerConfig &config,
                                   ServerStats &stats, Clock clock, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_config(config)
    , m_stats(stats)
    , m_clock(clock)
    , m_serial(nextSerial())
    , m_format(wireFormatForSubprotocol(socket->subprotocol()))
    , m_frameBucket(config.frameRatePerSecond, config.frameBurst, clock)
    , m_chatBucket(config.chatRatePerSecond, config.chatBurst, clock)
    , m_strikeBucket(StrikesPerSecond, StrikeBurst, clock)
{
    socket->attach(this, this);

    // `hello` must come first and soon; an anonymous socket holds resources for nothing.
    QTimer::singleShot(config.helloTimeoutMs, this, [this] {
        if (isIdentified() || m_closing)
            return;
        ++m_stats.authFailures.unauthenticated;
        close(CloseCode::Unauthorized,
              QStringLiteral("no hello within %1 ms").arg(m_config.helloTimeoutMs));
    });
}

ClientConnection::~ClientConnection() = default;

QHostAddress ClientConnection::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

void ClientConnection::identify(const QString &user, Role role, const QString &sessionId)
{
    m_user = user;
    m_role = role;
    m_sessionId = sessionId;
}

void ClientConnection::wsPong()
{
    m_pingOutstanding = false;
    m_missedPongs = 0;
}

void ClientConnection::wsError(const QString &what)
{
    qCDebug(lcServerConnection) << "socket error on" << m_serial << what;
}

void ClientConnection::wsClosed()
{
    m_closing = true;
    emit disconnected(this);
}

void ClientConnection::wsMessage(const QByteArray &frame, bool binary)
{
    ++m_stats.framesReceived;
    m_stats.bytesReceived += quint64(frame.size());
    if (m_closing)
        return;
    if (!m_frameBucket.tryTake()) {
        sendError({}, ErrorCode::RateLimited, QStringLiteral("too many frames; slow down"));
        addStrike(QStringLiteral("frame flood"));
        return;
    }
    // The frame's kind says its encoding; replies use the negotiated format either way.
    DecodeResult decoded = binary ? Codec::decodeCbor(frame) : Codec::decodeJson(frame);
    if (!decoded.ok()) {
        sendError(decoded.envelope.id, decoded.errorCode, decoded.errorMessage);
        addStrike(decoded.errorMessage);
        return;
    }
    if (const auto invalid = Validator::validateRequest(decoded.envelope)) {
        sendError(decoded.envelope.id, invalid->code, invalid->message);
        addStrike(invalid->message);
        return;
    }
    // Timed from here, after decoding, to the ack or error that echoes the id (see send()):
    // that span is what the server adds to the client's wait, whichever handler answers.
    // A retry of an id still in flight keeps the first arrival: the client waited since then.
    if (isTimedSend(decoded.envelope) && m_sendsAwaitingAck.size() < MaxTimedSends
        && !m_sendsAwaitingAck.contains(decoded.envelope.id))
        m_sendsAwaitingAck.insert(decoded.envelope.id, std::chrono::steady_clock::now());
    emit requestReceived(this, decoded.envelope);
}

void ClientConnection::send(const Envelope &envelope)
{
    QByteArray bytes = Codec::encode(envelope, m_format);
    write(m_format == WireFormat::Cbor ? WsMessage::binary(std::move(bytes))
                                       : WsMessage::text(std::move(bytes)));
    if (m_sendsAwaitingAck.isEmpty()
        || (envelope.type != MessageType::Ack && envelope.type != MessageType::Error))
        return;
    const auto sent = m_sendsAwaitingAck.constFind(envelope.id);
    if (sent == m_sendsAwaitingAck.cend())
        return;
    m_stats.ackLatency.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - *sent).count());
    m_sendsAwaitingAck.erase(sent);
}

void ClientConnection::send(const SharedFrame &frame)
{
    write(frame.message(m_format));
}

void ClientConnection::write(const WsMessage &message)
{
    if (!m_socket || m_closing)
        return;
    ++m_stats.framesSent;
    m_stats.bytesSent += quint64(message.bytes().size());
    m_socket->send(message);
    checkBackpressure();
}

qint64 ClientConnection::unsentBytes() const
{
    return m_socket ? m_socket->unsentBytes() : 0;
}

void ClientConnection::wsBytesWritten()
{
    if (unsentBytes() <= m_config.sendHardLimitBytes)
        m_overLimitSince = -1;
}

bool ClientConnection::isCongested() const
{
    return unsentBytes() > m_config.sendHighWaterBytes;
}

void ClientConnection::checkBackpressure()
{
    if (m_closing || unsentBytes() <= m_config.sendHardLimitBytes)
        return;
    const qint64 now = m_clock();
    if (m_overLimitSince < 0)
        m_overLimitSince = now;
    // A burst (a busy room's backlog after a commit) may pass the limit for a moment; only a
    // client that stays over it for the whole grace is too slow.
    if (now - m_overLimitSince < m_config.slowConsumerGraceMs)
        return;
    ++m_stats.slowConsumerCloses;
    // The close frame queues behind what the client is not reading.
    closeUnresponsive(CloseCode::SlowConsumer,
                      QStringLiteral("too slow: %1 KiB unsent; reconnect and resume with since")
                          .arg(unsentBytes() / 1024));
}

void ClientConnection::sendError(const QString &requestId, QLatin1String code,
                                 const QString &message)
{
    // Every rate_limited refusal passes here, whichever limit (frames, connection, user) said no.
    if (code == ErrorCode::RateLimited)
        ++m_stats.rateLimited;
    send(Envelope::error(requestId, code, message));
}

void ClientConnection::close(quint16 code, const QString &reason)
{
    if (!m_socket || m_closing)
        return;
    m_closing = true;
    qCDebug(lcServerConnection) << "closing" << m_serial << m_user << code << reason;
    m_socket->close(code, reason);
}

void ClientConnection::closeUnresponsive(quint16 code, const QString &reason)
{
    close(code, reason);
    // Give the close frame a moment, then cut the link: the peer is not reading.
    QTimer::singleShot(1000, this, [this] { m_socket->abort(); });
}

bool ClientConnection::tryChatSend()
{
    if (m_chatBucket.tryTake())
        return true;
    addStrike(QStringLiteral("chat rate limit"));
    return false;
}

void ClientConnection::addStrike(const QString &why)
{
    if (!m_strikeBucket.tryTake())
        close(CloseCode::Policy, QStringLiteral("too many refused frames (last: %1)").arg(why));
}

void ClientConnection::heartbeatTick()
{
    if (!m_socket || m_closing)
        return;
    if (m_pingOutstanding && ++m_missedPongs >= 2) {
        // A peer that stopped answering will not finish the closing handshake either.
        closeUnresponsive(CloseCode::HeartbeatTimeout, QStringLiteral("no pong to 2 pings"));
        return;
    }
    m_pingOutstanding = true;
    m_socket->ping();
}

} // namespace sb::server
