#include "Session.h"

#include "Parse.h"
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

} // namespace

Session::Session(ConnectionManager &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_conversations(m_store)
    , m_sender(connection, m_store, m_requests, [this](const QString &room) { return roomGate(room); })
    , m_changes(m_sender, connection)
    , m_reads(m_sender, connection)
    , m_search(connection, m_requests)
    , m_typing(connection, [this](const QString &room) { return m_active.contains(room); })
    , m_tickers(connection, m_requests)
{
    connect(&m_connection, &ConnectionManager::opened, this, &Session::onOpened);
    connect(&m_connection, &ConnectionManager::stateChanged, this,
            [this](ConnectionState state) { onStateChanged(state); });
    connect(&m_connection, &ConnectionManager::envelopeReceived, this, &Session::onEnvelope);
    connect(&m_sender, &OutboxSender::ownMessageUpdated, this, &Session::ownMessageUpdated);
    connect(&m_sender, &OutboxSender::ownMessageDiscarded, this, &Session::ownMessageDiscarded);
    // No answer in time is one more passing fault: each purpose retries as it does after one.
    connect(&m_requests, &RequestTracker::timedOut, this, [this](const QString &id, const Request &request) {
        const QJsonObject reason{{QLatin1String("code"), RequestTracker::TimedOut},
                                 {QLatin1String("message"), QStringLiteral("The server did not answer in time.")}};
        onError(Envelope::make(T::Error, reason, id), request);
    });
    // The user's change is in the server's store: shown now, not only when its echo arrives.
    connect(&m_changes, &ChangeSender::changeAcked, this, &Session::apply);
}

Session::~Session() = default;

bool Session::start(const QUrl &url, const Identity &identity, const QString &storeDir,
                    QString *error)
{
    const QString path = LocalStore::pathFor(storeDir, url.toString(), identity.name);
    if (!m_store.open(path, error))
        return false;
    m_conversations.load();
    m_sender.load();
    m_connection.setIdentity(identity);
    m_connection.open(url);
    return true;
}

void Session::request(const QString &type, const QJsonObject &payload, Purpose purpose,
                      const QString &room)
{
    m_requests.send(m_connection, type, payload, {purpose, room});
}

OutboxSender::RoomGate Session::roomGate(const QString &room) const
{
    if (m_active.contains(room))
        return OutboxSender::RoomGate::Open;
    // Still being resumed: the join's ack pumps the outbox again.
    return m_conversations.hasRoom(room) ? OutboxSender::RoomGate::Resuming
                                  : OutboxSender::RoomGate::NotAMember;
}

// --- connection life ---------------------------------------------------------------------------

void Session::onOpened(const QJsonObject &welcome)
{
    m_active.clear();
    m_requests.clear();
    // Before the replays, so what they bring counts as unread only above the markers.
    m_reads.welcomed(welcome);
    m_notices.listRooms(welcome.value(QLatin1String("rooms")).toArray());
    // Resume every room from where this client's history ends.
    m_conversations.forEachRoom([this](const ConversationSync &sync) {
        request(T::RoomJoin, sync.joinPayload(), Purpose::Join, sync.key());
    });
    // Absent when the server could not read them just now: the next welcome will say.
    if (welcome.contains(QLatin1String("dms")))
        resumeDirects(welcome.value(QLatin1String("dms")).toArray());
    m_tickers.resubscribe();
    m_sender.pump();
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
    m_conversations.requestsLost();
    m_sender.connectionLost();
}

// --- incoming ----------------------------------------------------------------------------------

void Session::onEnvelope(const Envelope &e)
{
    const Request request = m_requests.take(e.id);
    const QJsonObject &p = e.payload;
    if (m_notices.handle(e) || m_tickers.handle(e) || m_reads.handle(e) || m_search.handle(e, request))
        return;
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
    else if (e.type == T::ChatChange || e.type == T::DmChange)
        receive(Parse::change(p, user()));
}

void Session::onAck(const Envelope &ack, const Request &request)
{
    switch (request.purpose) {
    case Purpose::Join:
        onJoined(request.room, ack.payload);
        break;
    case Purpose::Send:
        m_sender.acked(ack);
        break;
    default:
        break;
    }
}

void Session::onError(const Envelope &error, const Request &request)
{
    const QString code = error.payload.value(QLatin1String("code")).toString();
    const QString message = error.payload.value(QLatin1String("message")).toString();
    if (request.purpose == Purpose::Send && m_sender.outbox().find(error.id)) {
        m_sender.refused(error.id, code, message);
        return;
    }
    if (request.purpose == Purpose::Fill) {
        ConversationSync *sync = m_conversations.find(request.room);
        if (sync && RequestTracker::isFinal(code)) {
            sync->fillAnswered(); // nothing to be had for the hole: stepped over
            deliver(*sync);
            m_conversations.save(*sync);
        } else if (sync) {
            // Refused for a passing reason (the store unreachable): the hole stays, asked again.
            sync->requestLost();
            QTimer::singleShot(RetryAfterErrorMs, this,
                               [this, key = request.room] { requestFill(key); });
        }
        return;
    }
    const bool ourRoom = request.purpose == Purpose::Join && m_conversations.hasRoom(request.room);
    if (ourRoom && !RequestTracker::isFinal(code)) {
        // The server could not let us in just now (its store unreachable, a rate limit): the
        // room stays ours and the join is tried again, or it vanished from the list after a
        // short Redis outage.
        QTimer::singleShot(RetryAfterErrorMs, this, [this, room = request.room] {
            ConversationSync *sync = m_conversations.find(room);
            if (sync && !m_active.contains(room) && m_connection.state() == ConnectionState::Open)
                this->request(T::RoomJoin, sync->joinPayload(), Purpose::Join, room);
        });
        qCInfo(lcSession) << "join of" << request.room << "deferred:" << code << message;
        return;
    }
    if (ourRoom) {
        // Not let in (private, or too many rooms): the user is not in it, and its queued
        // messages fail with a reason instead of holding the outbox back.
        m_conversations.leaveRoom(request.room);
        emit roomLeft(request.room);
        m_sender.pump();
    }
    qCInfo(lcSession) << "request refused:" << code << message;
    emit requestFailed(code, message);
}

void Session::onJoined(const QString &room, const QJsonObject &ack)
{
    ConversationSync *found = m_conversations.find(room);
    if (!found)
        return; // left while the join was on its way
    ConversationSync &sync = *found;
    const auto outcome = sync.joined(qint64(ack.value(QLatin1String("last_seq")).toDouble()),
                                     ack.value(QLatin1String("epoch")).toString());
    if (outcome.historyReset) {
        m_store.clearRoomHistory(room);
        emit historyReset(room);
    }
    const qint64 lastSeq = qint64(ack.value(QLatin1String("last_seq")).toDouble());
    if (outcome.loadRecent)
        request(T::HistoryGet, {{QLatin1String("room"), room}, {QLatin1String("limit"), RecentPage}},
                Purpose::Recent, room);
    else if (ack.value(QLatin1String("gap")).toBool())
        refreshRecent(room, lastSeq); // changes older than the replay come only folded into pages
    m_active.insert(room);
    m_conversations.save(sync);
    emit roomJoined(room);
    m_sender.pump();
}

void Session::resumeDirects(const QJsonArray &conversations)
{
    for (const QJsonValue &value : conversations) {
        const QJsonObject c = value.toObject();
        const QString key = ConversationId::direct(c.value(QLatin1String("with")).toString()).key();
        ConversationSync &sync = m_conversations.direct(key);
        const qint64 held = sync.watermark();
        const qint64 lastSeq = qint64(c.value(QLatin1String("last_seq")).toDouble());
        if (sync.resumeDirect(lastSeq, c.value(QLatin1String("epoch")).toString(), RecentDirectMessages)) {
            m_store.clearRoomHistory(key);
            emit historyReset(key);
        } else if (held > 0 && lastSeq > held) {
            // DMs have no replay: changes made meanwhile to messages this client holds come
            // only folded into pages, so the newest cached ones are read again.
            refreshRecent(key, lastSeq);
        }
        m_conversations.save(sync);
        deliver(sync);
        requestFill(sync.key());
    }
}

ConversationSync *Session::syncFor(const QString &conversation)
{
    // A DM conversation starts with its first event; a room's count once joined.
    return ConversationId::isDirectKey(conversation) ? &m_conversations.direct(conversation)
                                                     : m_conversations.find(conversation);
}

void Session::receive(const ChatMessage &message)
{
    ConversationSync *sync = syncFor(message.room);
    if (!sync || !sync->accept(message))
        return; // a room we left, or a message we already have
    m_store.saveMessages({message});
    m_conversations.save(*sync);
    deliver(*sync);
    requestFill(sync->key());
}

void Session::receive(const MessageChange &change)
{
    ConversationSync *sync = change.target > 0 ? syncFor(change.room) : nullptr;
    if (!sync || !sync->accept(change))
        return; // a kind we do not know, a room we left, or a change we already have
    m_conversations.save(*sync);
    deliver(*sync);
    requestFill(sync->key());
}

void Session::apply(const MessageChange &change)
{
    m_store.applyChange(change);
    emit messageChanged(change);
}

void Session::deliver(ConversationSync &sync)
{
    // Messages first: a change that came out with them may be to one of them.
    const QList<ChatMessage> ready = sync.takeReady();
    if (sync.isDirect()) {
        for (const ChatMessage &message : ready)
            emit directMessageReceived(message);
    } else if (!ready.isEmpty()) {
        emit messagesReceived(sync.key(), ready);
    }
    for (const MessageChange &change : sync.takeReadyChanges())
        apply(change);
}

void Session::onHistory(const Envelope &reply, const Request &request)
{
    const bool direct = reply.type == T::DmHistory;
    const QString key = direct ? ConversationId::direct(reply.payload.value(QLatin1String("with")).toString()).key()
                               : roomOf(reply.payload);
    const QList<ChatMessage> messages =
        direct ? Parse::directHistory(reply.payload, user()) : Parse::history(reply.payload);
    const bool hasMore = reply.payload.value(QLatin1String("has_more")).toBool();
    m_store.saveMessages(messages);
    ConversationSync *sync = m_conversations.find(key);
    if (request.purpose == Purpose::Fill && sync) {
        for (const ChatMessage &message : messages)
            sync->accept(message);
        sync->fillAnswered();
        m_conversations.save(*sync);
        deliver(*sync);
        requestFill(sync->key());
        return;
    }
    if (request.purpose == Purpose::Around)
        emit aroundLoaded(key, request.seq, messages);
    else if (request.purpose == Purpose::Refresh)
        emit messagesRefreshed(key, messages);
    else
        emit olderMessagesLoaded(key, messages, hasMore);
}

void Session::refreshRecent(const QString &conversation, qint64 lastSeq)
{
    requestHistory(conversation, lastSeq + 1, RecentDirectMessages, Purpose::Refresh);
}

void Session::requestFill(const QString &conversation)
{
    ConversationSync *sync = m_conversations.find(conversation);
    if (!sync || m_connection.state() != ConnectionState::Open)
        return;
    if (const auto fill = sync->nextFill())
        requestHistory(conversation, fill->before, fill->limit, Purpose::Fill);
}

void Session::requestHistory(const QString &conversation, qint64 before, int limit, Purpose purpose)
{
    const ConversationId id = ConversationId::fromKey(conversation);
    // An Around page opens at `before` (docs/protocol.md, history.get `around`).
    const QLatin1String bound = purpose == Purpose::Around ? QLatin1String("around") : QLatin1String("before");
    QJsonObject payload{{bound, before}, {QLatin1String("limit"), limit}};
    payload.insert(id.isDirect() ? QLatin1String("with") : QLatin1String("room"), id.name());
    m_requests.send(m_connection, id.isDirect() ? QString(T::DmHistory) : QString(T::HistoryGet), payload,
                    {purpose, conversation, before});
}

// --- the user's actions ------------------------------------------------------------------------

void Session::joinRoom(const QString &room)
{
    request(T::RoomJoin, m_conversations.joinRoom(room).joinPayload(), Purpose::Join, room);
}

void Session::leaveRoom(const QString &room)
{
    if (!m_conversations.hasRoom(room))
        return;
    m_conversations.leaveRoom(room);
    m_active.remove(room);
    request(T::RoomLeave, {{QLatin1String("room"), room}}, Purpose::Leave, room);
    emit roomLeft(room);
}

QString Session::sendChat(const QString &room, const QString &text, qint64 replyTo)
{
    setTyping(room, false);
    return m_sender.add(OutboxKind::Chat, room, text, replyTo);
}

void Session::loadAround(const QString &conversation, qint64 seq, int limit)
{
    if (m_connection.state() == ConnectionState::Open)
        requestHistory(conversation, seq, limit, Purpose::Around);
    else
        emit aroundLoaded(conversation, seq, m_store.messagesAround(conversation, seq, limit));
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

} // namespace sb::client
