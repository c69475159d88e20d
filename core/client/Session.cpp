#include "Session.h"

#include "Parse.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSession, "switchboard.client.session")

namespace sb::client {

using namespace sb::protocol;
namespace T = sb::protocol::MessageType;

namespace {

constexpr int RecentPage = 50;
constexpr int RetryAfterErrorMs = 1000;

QString roomOf(const QJsonObject &payload)
{
    return payload.value(QLatin1String("room")).toString();
}

// Errors after which sending the same message again cannot succeed.
bool isFinal(const QString &code)
{
    return code != ErrorCode::RateLimited && code != ErrorCode::Internal;
}

} // namespace

Session::Session(ConnectionManager &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_outbox(new Outbox(m_store, this))
{
    m_clock.start();
    connect(&m_connection, &ConnectionManager::opened, this, &Session::onOpened);
    connect(&m_connection, &ConnectionManager::stateChanged, this,
            [this](ConnectionState state) { onStateChanged(state); });
    connect(&m_connection, &ConnectionManager::envelopeReceived, this, &Session::onEnvelope);
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &Session::pump);
    m_typingTimer.setInterval(1000);
    connect(&m_typingTimer, &QTimer::timeout, this, [this] {
        for (const QString &room : m_typing.idle(now()))
            m_connection.send(Envelope::make(T::Typing, {{QLatin1String("room"), room},
                                                         {QLatin1String("active"), false}}));
        if (!m_typing.anyActive())
            m_typingTimer.stop();
    });
}

Session::~Session() = default;

bool Session::start(const QUrl &url, const Identity &identity, const QString &storeDir,
                    QString *error)
{
    const QString path = LocalStore::pathFor(storeDir, url.toString(), identity.name);
    if (!m_store.open(path, error))
        return false;
    m_rooms.clear();
    m_directs.clear();
    for (const RoomRecord &record : m_store.rooms()) {
        const ConversationSync sync(record.room, record.lastSeq, record.epoch);
        if (sync.isDirect())
            m_directs.insert(record.room, sync);
        else if (record.joined)
            m_rooms.insert(record.room, sync);
    }
    m_outbox->load();
    m_connection.setIdentity(identity);
    m_connection.open(url);
    return true;
}

void Session::stop()
{
    m_connection.close();
}

QString Session::user() const
{
    return m_connection.user();
}

QStringList Session::rooms() const
{
    QStringList names = m_rooms.keys();
    names.sort();
    return names;
}

QStringList Session::directConversations() const
{
    QStringList names = m_directs.keys();
    names.sort();
    return names;
}

qint64 Session::watermark(const QString &conversation) const
{
    return (conversation.startsWith(u'@') ? m_directs : m_rooms).value(conversation).watermark();
}

ConversationSync &Session::directSync(const QString &conversation)
{
    auto it = m_directs.find(conversation);
    if (it == m_directs.end()) {
        // DMs cached by a version that kept no resume point for them: go on from the newest,
        // rather than deliver them again as new.
        const QList<ChatMessage> newest = m_store.latestMessages(conversation, 1);
        const qint64 cached = newest.isEmpty() ? 0 : newest.constFirst().seq;
        it = m_directs.insert(conversation, ConversationSync(conversation, cached));
    }
    return *it;
}

ConversationSync *Session::syncOf(const QString &conversation)
{
    QHash<QString, ConversationSync> &syncs = conversation.startsWith(u'@') ? m_directs : m_rooms;
    const auto it = syncs.find(conversation);
    return it == syncs.end() ? nullptr : &*it;
}

QString Session::request(const QString &type, const QJsonObject &payload, Purpose purpose,
                         const QString &room, QString id)
{
    if (id.isEmpty())
        id = QStringLiteral("r%1").arg(++m_nextId);
    m_requests.insert(id, {purpose, room});
    if (!m_connection.send(Envelope::make(type, payload, id)))
        m_requests.remove(id);
    return id;
}

void Session::save(const ConversationSync &sync, bool joined)
{
    m_store.saveRoom({sync.key(), sync.watermark(), sync.epoch(), joined});
}

// --- connection life ---------------------------------------------------------------------------

void Session::onOpened(const QJsonObject &welcome)
{
    m_active.clear();
    m_requests.clear();
    emit roomsListed(welcome.value(QLatin1String("rooms")).toArray());
    // Resume every room from where this client's history ends.
    for (const ConversationSync &sync : std::as_const(m_rooms))
        request(T::RoomJoin, sync.joinPayload(), Purpose::Join, sync.key());
    // Absent when the server could not read them just now: the next welcome will say.
    if (welcome.contains(QLatin1String("dms")))
        resumeDirects(welcome.value(QLatin1String("dms")).toArray());
    if (!m_tickers.isEmpty())
        subscribeTickers(QStringList(m_tickers.cbegin(), m_tickers.cend()), m_tickerHz);
    pump();
    setLive(true);
}

void Session::setLive(bool live)
{
    if (m_live)
        m_lastLiveMs = QDateTime::currentMSecsSinceEpoch();
    if (live == m_live)
        return;
    m_live = live;
    emit liveChanged(live);
}

void Session::onStateChanged(ConnectionState state)
{
    if (state == ConnectionState::Open)
        return;
    setLive(false);
    // Whatever was on the wire is sent again, with the same ids, after the next welcome.
    m_active.clear();
    m_requests.clear();
    for (ConversationSync &sync : m_rooms)
        sync.requestLost();
    for (ConversationSync &sync : m_directs)
        sync.requestLost();
    m_pumpTimer.stop();
    const QList<OutboxRecord> entries = m_outbox->entries();
    m_outbox->requeueInFlight();
    for (const OutboxRecord &entry : entries) {
        if (entry.state == DeliveryState::Sent)
            emitOwn(*m_outbox->find(entry.id));
    }
}

// --- incoming ----------------------------------------------------------------------------------

void Session::onEnvelope(const Envelope &e)
{
    const Request request = m_requests.take(e.id);
    const QJsonObject &p = e.payload;
    if (e.type == T::Ack)
        onAck(e, request);
    else if (e.type == T::Error)
        onError(e, request);
    else if (e.type == T::History || e.type == T::DmHistory)
        onHistory(e, request);
    else if (e.type == T::ChatMessage)
        receive(Parse::chatMessage(p));
    else if (e.type == T::DmMessage)
        receive(Parse::directMessage(p, user()));
    else if (e.type == T::TickerBatch)
        emit ticksReceived(Parse::ticks(p));
    else if (e.type == T::Typing)
        emit typingChanged(roomOf(p), p.value(QLatin1String("user")).toString(),
                           p.value(QLatin1String("active")).toBool());
    else if (e.type == T::Presence)
        emit presenceChanged(roomOf(p), p.value(QLatin1String("user")).toString(),
                             p.value(QLatin1String("status")).toString());
    else if (e.type == T::PresenceSnapshot)
        emit presenceSnapshot(roomOf(p), Parse::presenceSnapshot(p));
    else if (e.type == T::RoomEvent)
        emit memberChanged(roomOf(p), p.value(QLatin1String("user")).toString(),
                           p.value(QLatin1String("event")).toString() == QLatin1String("join"));
    else if (e.type == T::RoomList)
        emit roomsListed(p.value(QLatin1String("rooms")).toArray());
    else if (e.type == T::Announce)
        emit announced(p.value(QLatin1String("text")).toString(),
                       p.value(QLatin1String("level")).toString());
}

void Session::onAck(const Envelope &ack, const Request &request)
{
    switch (request.purpose) {
    case Purpose::Join:
        onJoined(request.room, ack.payload);
        break;
    case Purpose::Send:
        if (const OutboxRecord *entry = m_outbox->find(ack.id)) {
            const OutboxRecord acked = *entry;
            m_outbox->markAcked(ack.id);
            emitOwn(acked, qint64(ack.payload.value(QLatin1String("seq")).toDouble()),
                    qint64(ack.payload.value(QLatin1String("ts")).toDouble()));
        }
        pump();
        break;
    default:
        break;
    }
}

void Session::onError(const Envelope &error, const Request &request)
{
    const QString code = error.payload.value(QLatin1String("code")).toString();
    const QString message = error.payload.value(QLatin1String("message")).toString();
    if (request.purpose == Purpose::Send && m_outbox->find(error.id)) {
        if (isFinal(code))
            m_outbox->markFailed(error.id, message);
        else
            m_outbox->markRetryable(error.id, message);
        const OutboxRecord &entry = *m_outbox->find(error.id);
        emitOwn(entry);
        // Backing off: a store that is down for a while is not asked every second.
        m_pumpTimer.start(isFinal(code) ? 0 : Outbox::retryDelayMs(entry.attempts));
        return;
    }
    if (request.purpose == Purpose::Fill) {
        ConversationSync *sync = syncOf(request.room);
        if (sync && isFinal(code)) {
            sync->fillAnswered(); // nothing to be had for the hole: stepped over
            deliver(*sync);
            save(*sync);
        } else if (sync) {
            // Refused for a passing reason (the store unreachable): the hole stays, asked again.
            sync->requestLost();
            QTimer::singleShot(RetryAfterErrorMs, this,
                               [this, key = request.room] { requestFill(key); });
        }
        return;
    }
    if (request.purpose == Purpose::Join && m_rooms.contains(request.room) && !isFinal(code)) {
        // The server could not let us in just now (its store unreachable, a rate limit): the
        // room stays ours and the join is tried again, or it vanished from the list after a
        // short Redis outage.
        QTimer::singleShot(RetryAfterErrorMs, this, [this, room = request.room] {
            if (m_rooms.contains(room) && !m_active.contains(room)
                && m_connection.state() == ConnectionState::Open)
                this->request(T::RoomJoin, m_rooms[room].joinPayload(), Purpose::Join, room);
        });
        qCInfo(lcSession) << "join of" << request.room << "deferred:" << code << message;
        return;
    }
    if (request.purpose == Purpose::Join && m_rooms.contains(request.room)) {
        // Not let in (private, or too many rooms): the user is not in it, and its queued
        // messages fail with a reason instead of holding the outbox back.
        save(m_rooms[request.room], false);
        m_rooms.remove(request.room);
        emit roomLeft(request.room);
        pump();
    }
    qCInfo(lcSession) << "request refused:" << code << message;
    emit requestFailed(code, message);
}

void Session::onJoined(const QString &room, const QJsonObject &ack)
{
    if (!m_rooms.contains(room))
        return; // left while the join was on its way
    ConversationSync &sync = m_rooms[room];
    const auto outcome = sync.joined(qint64(ack.value(QLatin1String("last_seq")).toDouble()),
                                     ack.value(QLatin1String("epoch")).toString());
    if (outcome.historyReset) {
        m_store.clearRoomHistory(room);
        emit historyReset(room);
    }
    if (outcome.loadRecent)
        request(T::HistoryGet, {{QLatin1String("room"), room}, {QLatin1String("limit"), RecentPage}},
                Purpose::Recent, room);
    m_active.insert(room);
    save(sync);
    emit roomJoined(room);
    pump();
}

void Session::resumeDirects(const QJsonArray &conversations)
{
    for (const QJsonValue &value : conversations) {
        const QJsonObject c = value.toObject();
        const QString key = QLatin1Char('@') + c.value(QLatin1String("with")).toString();
        ConversationSync &sync = directSync(key);
        if (sync.resumeDirect(qint64(c.value(QLatin1String("last_seq")).toDouble()),
                              c.value(QLatin1String("epoch")).toString(), RecentDirectMessages)) {
            m_store.clearRoomHistory(key);
            emit historyReset(key);
        }
        save(sync);
        deliver(sync);
        requestFill(sync.key());
    }
}

void Session::receive(const ChatMessage &message)
{
    // A DM conversation starts with its first message; a room's messages count once joined.
    ConversationSync *sync =
        message.room.startsWith(u'@') ? &directSync(message.room) : syncOf(message.room);
    if (!sync || !sync->accept(message))
        return; // a room we left, or a message we already have
    m_store.saveMessages({message});
    save(*sync);
    deliver(*sync);
    requestFill(sync->key());
}

void Session::deliver(ConversationSync &sync)
{
    const QList<ChatMessage> ready = sync.takeReady();
    if (ready.isEmpty())
        return;
    if (!sync.isDirect()) {
        emit messagesReceived(sync.key(), ready);
        return;
    }
    for (const ChatMessage &message : ready)
        emit directMessageReceived(message);
}

void Session::onHistory(const Envelope &reply, const Request &request)
{
    const bool direct = reply.type == T::DmHistory;
    const QString key = direct ? QLatin1Char('@') + reply.payload.value(QLatin1String("with")).toString()
                               : roomOf(reply.payload);
    const QList<ChatMessage> messages =
        direct ? Parse::directHistory(reply.payload, user()) : Parse::history(reply.payload);
    const bool hasMore = reply.payload.value(QLatin1String("has_more")).toBool();
    m_store.saveMessages(messages);
    ConversationSync *sync = syncOf(key);
    if (request.purpose == Purpose::Fill && sync) {
        for (const ChatMessage &message : messages)
            sync->accept(message);
        sync->fillAnswered();
        save(*sync);
        deliver(*sync);
        requestFill(sync->key());
        return;
    }
    emit olderMessagesLoaded(key, messages, hasMore);
}

void Session::requestFill(const QString &conversation)
{
    ConversationSync *sync = syncOf(conversation);
    if (!sync || m_connection.state() != ConnectionState::Open)
        return;
    if (const auto fill = sync->nextFill())
        requestHistory(conversation, fill->before, fill->limit, Purpose::Fill);
}

void Session::requestHistory(const QString &conversation, qint64 before, int limit, Purpose purpose)
{
    const bool direct = conversation.startsWith(u'@');
    QJsonObject payload{{QLatin1String("before"), before}, {QLatin1String("limit"), limit}};
    if (direct)
        payload.insert(QLatin1String("with"), conversation.mid(1));
    else
        payload.insert(QLatin1String("room"), conversation);
    request(direct ? QString(T::DmHistory) : QString(T::HistoryGet), payload, purpose, conversation);
}

// --- the user's actions ------------------------------------------------------------------------

void Session::joinRoom(const QString &room)
{
    if (!m_rooms.contains(room))
        m_rooms.insert(room, ConversationSync(room));
    save(m_rooms[room]);
    request(T::RoomJoin, m_rooms[room].joinPayload(), Purpose::Join, room);
}

void Session::leaveRoom(const QString &room)
{
    if (!m_rooms.contains(room))
        return;
    save(m_rooms[room], false);
    m_rooms.remove(room);
    m_active.remove(room);
    request(T::RoomLeave, {{QLatin1String("room"), room}}, Purpose::Leave, room);
    emit roomLeft(room);
}

QString Session::sendChat(const QString &room, const QString &text)
{
    setTyping(room, false);
    const OutboxRecord entry =
        m_outbox->add(QStringLiteral("chat"), room, text, QDateTime::currentMSecsSinceEpoch());
    emitOwn(entry);
    pump();
    return entry.id;
}

QString Session::sendDm(const QString &user, const QString &text)
{
    const OutboxRecord entry =
        m_outbox->add(QStringLiteral("dm"), user, text, QDateTime::currentMSecsSinceEpoch());
    emitOwn(entry);
    pump();
    return entry.id;
}

void Session::retry(const QString &id)
{
    m_outbox->retry(id);
    if (const OutboxRecord *entry = m_outbox->find(id))
        emitOwn(*entry);
    pump();
}

void Session::discard(const QString &id)
{
    if (const OutboxRecord *entry = m_outbox->find(id)) {
        const QString room = entry->kind == QLatin1String("dm") ? QLatin1Char('@') + entry->target
                                                                : entry->target;
        m_outbox->discard(id);
        emit ownMessageDiscarded(room, id);
    }
    pump();
}

void Session::pump()
{
    if (m_connection.state() != ConnectionState::Open || m_outbox->hasInFlight())
        return;
    const OutboxRecord *next = m_outbox->nextPending();
    if (!next)
        return;
    const bool chat = next->kind == QLatin1String("chat");
    if (chat && !m_active.contains(next->target)) {
        if (!m_rooms.contains(next->target)) {
            m_outbox->markFailed(next->id, tr("You are not in #%1 any more.").arg(next->target));
            emitOwn(*next);
            pump();
        }
        return; // its room is still being resumed; the join's ack pumps again
    }
    // Pace sends so a reconnect with a full outbox never trips the server's rate limit.
    const qint64 wait = m_lastSendMs + SendSpacingMs - now();
    if (wait > 0) {
        m_pumpTimer.start(int(wait));
        return;
    }
    const QJsonObject payload =
        chat ? QJsonObject{{QLatin1String("room"), next->target}, {QLatin1String("text"), next->text}}
             : QJsonObject{{QLatin1String("to"), next->target}, {QLatin1String("text"), next->text}};
    const QString id = next->id;
    request(chat ? QString(T::ChatSend) : QString(T::DmSend), payload, Purpose::Send, next->target, id);
    m_lastSendMs = now();
    m_outbox->markSent(id);
    emitOwn(*m_outbox->find(id));
}

void Session::setTyping(const QString &room, bool typing)
{
    const bool send = typing ? m_typing.keystroke(room, now()) : m_typing.stopped(room);
    if (send && m_active.contains(room))
        m_connection.send(Envelope::make(T::Typing, {{QLatin1String("room"), room},
                                                     {QLatin1String("active"), typing}}));
    if (typing && !m_typingTimer.isActive())
        m_typingTimer.start();
}

void Session::setPresence(const QString &status)
{
    m_connection.send(Envelope::make(T::PresenceSet, {{QLatin1String("status"), status}}));
}

void Session::loadOlder(const QString &room, qint64 beforeSeq, int limit)
{
    const QList<ChatMessage> cached = m_store.messagesBefore(room, beforeSeq, limit);
    const bool cacheIsEnough = cached.size() >= limit
        || (!cached.isEmpty() && cached.constFirst().seq == 1);
    if (cacheIsEnough || m_connection.state() != ConnectionState::Open) {
        emit olderMessagesLoaded(room, cached, !cached.isEmpty() && cached.constFirst().seq > 1);
        return;
    }
    requestHistory(room, beforeSeq, limit, Purpose::Older);
}

void Session::subscribeTickers(const QStringList &symbols, int maxHz)
{
    m_tickers.unite(QSet<QString>(symbols.cbegin(), symbols.cend()));
    m_tickerHz = maxHz;
    request(T::TickerSubscribe, {{QLatin1String("symbols"), QJsonArray::fromStringList(symbols)},
                                 {QLatin1String("max_hz"), maxHz}},
            Purpose::Other);
}

void Session::unsubscribeTickers(const QStringList &symbols)
{
    for (const QString &symbol : symbols)
        m_tickers.remove(symbol);
    request(T::TickerUnsubscribe, {{QLatin1String("symbols"), QJsonArray::fromStringList(symbols)}},
            Purpose::Other);
}

void Session::requestRoomList()
{
    request(T::RoomList, {}, Purpose::Other);
}

// --- views of the local state ------------------------------------------------------------------

QList<ChatMessage> Session::cachedMessages(const QString &room, int limit)
{
    return m_store.latestMessages(room, limit);
}

QList<ChatMessage> Session::searchCache(const QString &room, const QString &text, int limit)
{
    return m_store.search(room, text, limit);
}

ChatMessage Session::toMessage(const OutboxRecord &entry) const
{
    ChatMessage m;
    m.room = entry.kind == QLatin1String("dm") ? QLatin1Char('@') + entry.target : entry.target;
    m.from = user().isEmpty() ? m_connection.identity().name : user();
    m.text = entry.text;
    m.ts = entry.createdAt;
    m.clientId = entry.id;
    m.delivery = entry.state;
    m.error = entry.error;
    return m;
}

QList<ChatMessage> Session::unackedMessages(const QString &room) const
{
    QList<ChatMessage> messages;
    for (const OutboxRecord &entry : m_outbox->entries()) {
        const ChatMessage m = toMessage(entry);
        if (m.room == room)
            messages.append(m);
    }
    return messages;
}

void Session::emitOwn(const OutboxRecord &entry, qint64 seq, qint64 ts)
{
    ChatMessage m = toMessage(entry);
    if (seq > 0) {
        m.seq = seq;
        m.ts = ts;
        m.delivery = DeliveryState::Acked;
    }
    emit ownMessageUpdated(m);
}

} // namespace sb::client
