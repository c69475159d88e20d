#pragma once

#include "ChangeSender.h"
#include "ChatTypes.h"
#include "ConnectionManager.h"
#include "ConversationId.h"
#include "Conversations.h"
#include "LocalStore.h"
#include "OutboxSender.h"
#include "ReadMarkers.h"
#include "RequestTracker.h"
#include "RoomNotices.h"
#include "SearchClient.h"
#include "TickerSubscriptions.h"
#include "TypingSender.h"
#include "protocol/MessageType.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>

namespace sb::client {

// The API the UI calls, and the source of everything the models show. Builds on the
// ConnectionManager: after every (re)connect it resumes each room from its watermark and each
// direct conversation up to the last seq the welcome names and fills holes with history.get /
// dm.history. Messages, and the changes to them (edits, deletes, reactions: events of the same
// stream), are cached locally so history shows at start and offline. The rest has a class of its
// own: RequestTracker matches replies to requests, OutboxSender sends the outbox, ChangeSender
// the user's changes, ReadMarkers the read markers, SearchClient the searches, TypingSender the
// typing notices, TickerSubscriptions the price subscriptions, and RoomNotices turns the
// server's other pushes into signals.
class Session : public QObject
{
    Q_OBJECT

public:
    explicit Session(ConnectionManager &connection, QObject *parent = nullptr);
    ~Session() override;

    // Opens the local store of this server and identity under `storeDir` (outbox, cached
    // history, rooms to resume), then connects. False, with `error`, if the store cannot open.
    bool start(const QUrl &url, const Identity &identity, const QString &storeDir, QString *error);
    // The user's disconnect. The outbox and cache stay for next time.
    void stop() { m_connection.close(); }

    void joinRoom(const QString &room);
    void leaveRoom(const QString &room);
    // Queued in the outbox at once (works offline); returns the message's id. A reply names the
    // seq of the message it answers.
    QString sendChat(const QString &room, const QString &text, qint64 replyTo = 0);
    QString sendDm(const QString &user, const QString &text, qint64 replyTo = 0)
    {
        return m_sender.add(OutboxKind::Dm, user, text, replyTo);
    }
    // Edits, deletes and reactions of a message of `conversation` (a room, or "@peer"): queued
    // like messages; see ChangeSender. Each returns the change's id.
    QString editMessage(const QString &conversation, qint64 seq, const QString &text)
    {
        return m_changes.edit(conversation, seq, text);
    }
    QString deleteMessage(const QString &conversation, qint64 seq)
    {
        return m_changes.remove(conversation, seq);
    }
    QString react(const QString &conversation, qint64 seq, const QString &emoji, bool add)
    {
        return m_changes.react(conversation, seq, emoji, add);
    }
    // The user has seen `conversation` up to `seq` (debounced, only forward; see ReadMarkers).
    void markRead(const QString &conversation, qint64 seq) { m_reads.markRead(conversation, seq); }
    void retry(const QString &id) { m_sender.retry(id); }
    void discard(const QString &id) { m_sender.discard(id); }
    // Call on every keystroke (true) and when the input is sent or cleared (false).
    void setTyping(const QString &room, bool typing) { m_typing.setTyping(room, typing); }
    void setPresence(const QString &status)
    {
        m_connection.send(protocol::Envelope::make(protocol::MessageType::PresenceSet,
                                                   {{QLatin1String("status"), status}}));
    }
    // A direct conversation that is new to this client starts this many messages back.
    static constexpr int RecentDirectMessages = 200;

    // Older messages than `beforeSeq` of a room or "@peer": from the cache, else from the server.
    void loadOlder(const QString &room, qint64 beforeSeq, int limit = 50);
    // A page around `seq` (a jump to a quote or a search hit): the server's, or the cache's
    // while offline; answered by aroundLoaded.
    void loadAround(const QString &conversation, qint64 seq, int limit = 50);
    void requestRoomList() { request(protocol::MessageType::RoomList, {}, Purpose::Other); }

    // Rooms the user is in (joined or being resumed).
    QStringList rooms() const { return m_conversations.rooms(); }
    // "@peer" for every DM conversation known here.
    QStringList directConversations() const { return m_conversations.directs(); }
    bool isActive(const QString &room) const { return m_active.contains(room); }
    QString user() const { return m_connection.user(); }
    // The server made this session an admin (a token with role "admin"): it may delete anyone's
    // message in a room.
    bool isAdmin() const
    {
        return m_connection.welcome().value(QLatin1String("role")).toString() == QLatin1String("admin");
    }
    qint64 watermark(const QString &conversation) const // a room, or "@peer"
    {
        return m_conversations.watermark(conversation);
    }
    QList<ChatMessage> cachedMessages(const QString &room, int limit)
    {
        return m_store.latestMessages(room, limit);
    }
    QList<ChatMessage> searchCache(const QString &room, const QString &text, int limit = 100)
    {
        return m_store.search(room, text, limit);
    }
    // The user's messages for `room` that the server has not acked yet (pending or failed).
    QList<ChatMessage> unackedMessages(const QString &room) const
    {
        return m_sender.unackedMessages(room);
    }
    // Live: the server has welcomed this connection, so presence, typing and prices are current.
    // Not live from the moment the connection leaves Open until the next welcome: what the app
    // shows then is as of lastLiveMs() (wall clock, ms since the epoch; 0 if never live).
    bool isLive() const { return m_live; }
    qint64 lastLiveMs() const { return m_lastLiveMs; }
    ConnectionManager &connection() { return m_connection; }
    Outbox &outbox() { return m_sender.outbox(); }
    LocalStore &store() { return m_store; }
    // Presence, typing, membership, the room list and announcements, as they arrive.
    RoomNotices &notices() { return m_notices; }
    // The market lane: price subscriptions (kept across reconnects) and the ticks they bring.
    TickerSubscriptions &tickers() { return m_tickers; }
    // The user's pending and refused changes.
    ChangeSender &changes() { return m_changes; }
    // The server's read markers of the user, and the peers' in DMs.
    ReadMarkers &readMarkers() { return m_reads; }
    SearchClient &searches() { return m_search; }

signals:
    // New messages of a room (live, replayed or filled in), ascending seq.
    void messagesReceived(const QString &room, const QList<sb::client::ChatMessage> &messages);
    void olderMessagesLoaded(const QString &room, const QList<sb::client::ChatMessage> &messages,
                             bool hasMore);
    void historyReset(const QString &room);
    // One of the user's messages changed state (pending, sent, failed, acked with its seq).
    void ownMessageUpdated(const sb::client::ChatMessage &message);
    void ownMessageDiscarded(const QString &room, const QString &clientId);
    // A DM (live, or caught up after being away), each once and in seq order per conversation.
    void directMessageReceived(const sb::client::ChatMessage &message);
    // An edit, delete or reaction, applied to the cache: someone's (each once, in seq order,
    // after the message it changes), or the user's own as soon as it was acked.
    void messageChanged(const sb::client::MessageChange &change);
    // Cached messages as the server has them now (text after edits, tombstones, reactions), read
    // again after an absence whose changes could not be replayed (DMs, a room's gap).
    void messagesRefreshed(const QString &conversation, const QList<sb::client::ChatMessage> &messages);
    // The page loadAround() asked for, ascending.
    void aroundLoaded(const QString &conversation, qint64 seq, const QList<sb::client::ChatMessage> &messages);
    void roomJoined(const QString &room);
    void roomLeft(const QString &room);
    void requestFailed(const QString &code, const QString &message);
    // isLive() changed: after a welcome (true), or when the connection was lost (false).
    void liveChanged(bool live);

private:
    using Purpose = RequestTracker::Purpose;
    using Request = RequestTracker::Request;

    void onOpened(const QJsonObject &welcome);
    void onStateChanged(ConnectionState state);
    void setLive(bool live);
    void onEnvelope(const protocol::Envelope &envelope);
    void onAck(const protocol::Envelope &ack, const Request &request);
    void onError(const protocol::Envelope &error, const Request &request);
    void onHistory(const protocol::Envelope &reply, const Request &request);
    void onJoined(const QString &room, const QJsonObject &ack);
    void resumeDirects(const QJsonArray &conversations);
    // A chat or direct message, live or replayed: kept once, shown in order.
    void receive(const ChatMessage &message);
    // A change of a message, live or replayed: in order with the messages, once.
    void receive(const MessageChange &change);
    void apply(const MessageChange &change);
    ConversationSync *syncFor(const QString &conversation);
    void request(const QString &type, const QJsonObject &payload, Purpose purpose,
                 const QString &room = {});
    void requestFill(const QString &conversation);
    void refreshRecent(const QString &conversation, qint64 lastSeq);
    void requestHistory(const QString &conversation, qint64 before, int limit, Purpose purpose);
    // Hands the app what it can show: messages now contiguous with the history, ascending.
    void deliver(ConversationSync &sync);
    OutboxSender::RoomGate roomGate(const QString &room) const;

    ConnectionManager &m_connection;
    LocalStore m_store;
    Conversations m_conversations;
    QSet<QString> m_active;           // rooms joined on the current connection
    RequestTracker m_requests;
    OutboxSender m_sender;
    ChangeSender m_changes;
    ReadMarkers m_reads;
    SearchClient m_search;
    TypingSender m_typing;
    TickerSubscriptions m_tickers;
    RoomNotices m_notices;
    bool m_live = false;
    qint64 m_lastLiveMs = 0;
};

} // namespace sb::client
