#include "DemoBot.h"

#include "protocol/Codec.h"
#include "protocol/MessageType.h"
#include "protocol/WireFormat.h"

#include <QJsonArray>
#include <QSslError>
#include <QWebSocketHandshakeOptions>

#include <cmath>

namespace sb::server {

using namespace sb::protocol;

namespace {
constexpr qint64 MarketWindowMs = 60000;
constexpr qint64 CommentCooldownMs = 120000;
} // namespace

DemoBot::DemoBot(Persona persona, DemoTiming timing, quint32 seed, const QSet<QString> &bots,
    QObject *parent)
    : QObject(parent)
    , m_persona(std::move(persona))
    , m_timing(timing)
    , m_random(seed)
    , m_name(m_persona.name)
    , m_replies(m_persona.name, bots, timing.replyCooldownMs, seed ^ 0x5eed)
{
    m_replies.setPriceSource([this](const QString &symbol) { return lastPrice(symbol); });
    m_speakTimer.setSingleShot(true);
    connect(&m_speakTimer, &QTimer::timeout, this, &DemoBot::beginTyping);
    connect(&m_presenceTimer, &QTimer::timeout, this, &DemoBot::changePresence);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &DemoBot::onMessage);
    // The bots talk to the server they live in, over loopback: its certificate (often
    // self-signed, or issued for the public host name) needs no checking here.
    connect(&m_socket, &QWebSocket::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_socket.ignoreSslErrors(errors); });
}

void DemoBot::start(const QUrl &url, const QString &token)
{
    m_clock.start();
    connect(&m_socket, &QWebSocket::connected, this, [this, token] {
        QJsonObject hello{{QLatin1String("name"), m_persona.name},
                          {QLatin1String("client"),
                           QJsonObject{{QLatin1String("app"), QLatin1String("switchboard-demo")},
                                       {QLatin1String("instance"),
                                        QStringLiteral("demo-bot-%1").arg(m_persona.name)}}}};
        if (!token.isEmpty())
            hello.insert(QLatin1String("token"), token);
        send(MessageType::Hello, hello);
    });
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({JsonSubprotocol});
    m_socket.open(QNetworkRequest(url), options);
}

void DemoBot::send(const QString &type, const QJsonObject &payload)
{
    const QString id = QStringLiteral("%1-%2-%3")
                           .arg(m_persona.name)
                           .arg(QDateTime::currentMSecsSinceEpoch())
                           .arg(++m_nextId);
    m_socket.sendTextMessage(QString::fromUtf8(Codec::encodeJson(Envelope::make(type, payload, id))));
}

void DemoBot::onMessage(const QString &text)
{
    const DecodeResult decoded = Codec::decodeJson(text.toUtf8());
    if (!decoded.ok())
        return;
    const Envelope &e = decoded.envelope;
    if (e.type == MessageType::Welcome) {
        m_name = e.payload.value(QLatin1String("user")).toString();
        m_replies.setName(m_name);
        for (const QString &room : std::as_const(m_persona.rooms))
            send(MessageType::RoomJoin, {{QLatin1String("room"), room}});
        if (m_persona.watchesMarket) {
            send(MessageType::TickerSubscribe,
                 {{QLatin1String("symbols"), QJsonArray{QStringLiteral("*")}},
                  {QLatin1String("max_hz"), 2}});
        }
        scheduleNextMessage(m_timing.firstMessageMinMs, m_timing.firstMessageMaxMs);
        m_presenceTimer.start(between(m_timing.presenceEveryMs / 2, m_timing.presenceEveryMs * 3 / 2));
    } else if (e.type == MessageType::TickerBatch) {
        onTicks(e.payload.value(QLatin1String("ticks")).toArray());
    } else if (e.type == MessageType::ChatMessage) {
        onChatMessage(e.payload);
    } else if (e.type == MessageType::DmMessage) {
        onDirectMessage(e.payload);
    }
}

void DemoBot::onChatMessage(const QJsonObject &message)
{
    const QString text = message.value(QLatin1String("text")).toString();
    if (!m_replies.mentionsMe(text))
        return;
    const QString room = message.value(QLatin1String("room")).toString();
    const QString reply = m_replies.replyTo(
        message.value(QLatin1String("from")).toString(), text, false, m_clock.elapsed());
    if (reply.isEmpty())
        return;
    answerAfterTyping(room, [this, room, reply] {
        send(MessageType::ChatSend, {{QLatin1String("room"), room}, {QLatin1String("text"), reply}});
    });
}

void DemoBot::onDirectMessage(const QJsonObject &message)
{
    // dm.message comes to both sides: only what others wrote to this bot is answered.
    const QString from = message.value(QLatin1String("from")).toString();
    if (message.value(QLatin1String("to")).toString() != m_name)
        return;
    const QString reply = m_replies.replyTo(
        from, message.value(QLatin1String("text")).toString(), true, m_clock.elapsed());
    if (reply.isEmpty())
        return;
    answerAfterTyping({}, [this, from, reply] {
        send(MessageType::DmSend, {{QLatin1String("to"), from}, {QLatin1String("text"), reply}});
    });
}

void DemoBot::answerAfterTyping(const QString &room, std::function<void()> sendReply)
{
    if (!room.isEmpty())
        send(MessageType::Typing, {{QLatin1String("room"), room}, {QLatin1String("active"), true}});
    QTimer::singleShot(between(m_timing.typingMinMs, m_timing.typingMaxMs), this, std::move(sendReply));
}

double DemoBot::lastPrice(const QString &symbol) const
{
    const auto samples = m_prices.constFind(symbol);
    return samples == m_prices.cend() || samples->isEmpty() ? 0.0 : samples->constLast().second;
}

int DemoBot::between(int minMs, int maxMs)
{
    return maxMs > minMs ? minMs + int(m_random.bounded(maxMs - minMs)) : minMs;
}

void DemoBot::scheduleNextMessage(int minMs, int maxMs)
{
    m_speakTimer.start(between(minMs, maxMs));
}

void DemoBot::beginTyping()
{
    if (m_persona.rooms.isEmpty())
        return;
    m_room = m_persona.rooms.at(int(m_random.bounded(int(m_persona.rooms.size()))));
    send(MessageType::Typing, {{QLatin1String("room"), m_room}, {QLatin1String("active"), true}});
    QTimer::singleShot(between(m_timing.typingMinMs, m_timing.typingMaxMs), this, &DemoBot::speak);
}

void DemoBot::speak()
{
    QString text = m_persona.watchesMarket ? marketComment() : QString();
    if (!text.isEmpty() && m_persona.rooms.contains(QLatin1String("markets"))) {
        // Market talk belongs in #markets; stop the typing shown elsewhere first.
        if (m_room != QLatin1String("markets"))
            send(MessageType::Typing, {{QLatin1String("room"), m_room}, {QLatin1String("active"), false}});
        m_room = QStringLiteral("markets");
    }
    if (text.isEmpty() && !m_persona.lines.isEmpty()) {
        text = m_persona.lines.at(m_lineIndex % m_persona.lines.size());
        m_lineIndex += 1 + int(m_random.bounded(2));
    }
    if (!text.isEmpty())
        send(MessageType::ChatSend, {{QLatin1String("room"), m_room}, {QLatin1String("text"), text}});
    if (++m_spoken < m_timing.warmupMessages)
        scheduleNextMessage(m_timing.warmupGapMinMs, m_timing.warmupGapMaxMs);
    else
        scheduleNextMessage(m_timing.gapMinMs, m_timing.gapMaxMs);
}

void DemoBot::changePresence()
{
    static const char *const statuses[] = {"online", "online", "away", "busy"};
    send(MessageType::PresenceSet,
         {{QLatin1String("status"), QLatin1String(statuses[m_random.bounded(4)])}});
}

void DemoBot::onTicks(const QJsonArray &ticks)
{
    const qint64 now = m_clock.elapsed();
    for (const QJsonValue &value : ticks) {
        const QJsonObject tick = value.toObject();
        auto &samples = m_prices[tick.value(QLatin1String("s")).toString()];
        // One sample a second is plenty to see a minute's move.
        if (!samples.isEmpty() && now - samples.constLast().first < 1000)
            samples.last().second = tick.value(QLatin1String("p")).toDouble();
        else
            samples.append({now, tick.value(QLatin1String("p")).toDouble()});
        while (!samples.isEmpty() && now - samples.constFirst().first > MarketWindowMs + 15000)
            samples.removeFirst();
    }
}

QString DemoBot::marketComment()
{
    const qint64 now = m_clock.elapsed();
    QString best;
    double bestMove = 0;
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        const auto &samples = it.value();
        // Compare with the price about a minute ago (at least half a minute of data).
        if (samples.size() < 2 || now - samples.constFirst().first < MarketWindowMs / 2)
            continue;
        if (now - m_lastCommentMs.value(it.key(), -CommentCooldownMs) < CommentCooldownMs)
            continue;
        const double then = samples.constFirst().second;
        const double move = (samples.constLast().second - then) / then * 100.0;
        if (std::fabs(move) >= m_timing.marketMovePercent && std::fabs(move) > std::fabs(bestMove)) {
            best = it.key();
            bestMove = move;
        }
    }
    if (best.isEmpty())
        return {};
    m_lastCommentMs.insert(best, now);
    const QString size = QString::number(std::fabs(bestMove), 'f', 1);
    static const char *const up[] = {"%1 is up %2% in the last minute", "%1 +%2% in a minute, who's buying?",
                                     "wow, %1 just ripped %2%"};
    static const char *const down[] = {"%1 is down %2% in the last minute", "%1 -%2%… anyone selling?",
                                       "ouch, %1 dropped %2% just now"};
    const char *const *pool = bestMove > 0 ? up : down;
    return QString::fromUtf8(pool[m_random.bounded(3)]).arg(best, size);
}

} // namespace sb::server
