#pragma once

#include "ChatTypes.h"
#include "ConnectionManager.h"
#include "LocalStore.h"
#include "Outbox.h"
#include "ConversationSync.h"
#include "TypingThrottle.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace sb::client {

// The API the UI calls, and the source of everything the models show. Builds on the
// ConnectionManager: after every (re)connect it resumes each room from its watermark and each
// direct conversation up to the last seq the welcome names, fills holes with history.get /
// dm.history, re-subscribes tickers and sends the outbox in order, paced under the server's rate
// limit. Messages are cached locally so history shows at start and offline.
class Session : public QObject
{
    Q_OBJECT

public:
    static constexpr int SendSpacingMs = 150; // ≤ ~7 sends/s: under the server's 10/s limit

    explicit Session(ConnectionManager &connection, QObject *parent = nullptr);
    ~Session() override;

    // Opens the local store of this server and identity under `storeDir` (outbox, cached
    // history, rooms to resume), then connects. False, with `error`, if the store cannot open.
    bool start(const QUrl &url, const Identity &identity, const QString &storeDir, QString *error);
    // The user's disconnect. The outbox and cache stay for next time.
    void stop();

    void joinRoom(const QString &room);
    void leaveRoom(const QString &room);
    // Queued in the outbox at once (works offline); returns the message's id.
    QString sendChat(const QString &room, const QString &text);
    QString sendDm(const QString &user, const QString &text);
    void retry(const QString &id);
    void discard(const QString &id);
    // Call on every keystroke (true) and when the input is sent or cleared (false).
    void setTyping(const QString &room, bool typing);
    void setPresence(const QString &status);
    // A direct conversation that is new to this client starts this many messages back.
    static constexpr int RecentDirectMessages = 200;

    // Older messages than `beforeSeq` of a room or "@peer": from the cache, else from the server.
    void loadOlder(const QString &room, qint64 beforeSeq, int limit = 50);
    void subscribeTickers(const QStringList &symbols, int maxHz = 20);
    void unsubscribeTickers(const QStringList &symbols);
    void requestRoomList();

    QStringList rooms() const;         // rooms the user is in (joined or being resumed)
    QStringList directConversations() const; // "@peer" for every DM conversation known here
    bool isActive(const QString &room) const { return m_active.contains(room); }
    QString user() const;
    qint64 watermark(const QString &conversation) const; // a room, or "@peer"
    QList<ChatMessage> cachedMessages(const QString &room, int limit);
    QList<ChatMessage> searchCache(const QString &room, const QString &text, int limit = 100);
    // The user's messages for `room` that the server has not acked yet (pending or failed).
    QList<ChatMessage> unackedMessages(const QString &room) const;
    // Live: the server has welcomed this connection, so presence, typing and prices are current.
    // Not live from the moment the connection leaves Open until the next welcome: what the app
    // shows then is as of lastLiveMs() (wall clock, ms since the epoch; 0 if never live).
    bool isLive() const { return m_live; }
    qint64 lastLiveMs() const { return m_lastLiveMs; }
    ConnectionManager &connection() { return m_connection; }
    Outbox &outbox() { return *m_outbox; }
    LocalStore &store() { return m_store; }

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
    void roomJoined(const QString &room);
    void roomLeft(const QString &room);
    void roomsListed(const QJsonArray &rooms);
    void presenceSnapshot(const QString &room, const QList<sb::client::PresenceEntry> &users);
    void presenceChanged(const QString &room, const QString &user, const QString &status);
    void memberChanged(const QString &room, const QString &user, bool joined);
    void typingChanged(const QString &room, const QString &user, bool active);
    void ticksReceived(const QList<sb::client::MarketTick> &ticks);
    void announced(const QString &text, const QString &level);
    void requestFailed(const QString &code, const QString &message);
    // isLive() changed: after a welcome (true), or when the connection was lost (false).
    void liveChanged(bool live);

private:
    enum class Purpose { Join, Leave, Fill, Recent, Older, Send, Other };
    struct Request
    {
        Purpose purpose;
        QString room;
    };

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
    // The sync of a room the user is in or of a known DM conversation; null otherwise.
    ConversationSync *syncOf(const QString &conversation);
    // The DM conversation's sync, made on first use.
    ConversationSync &directSync(const QString &conversation);
    QString request(const QString &type, const QJsonObject &payload, Purpose purpose,
                    const QString &room = {}, QString id = {});
    void requestFill(const QString &conversation);
    void requestHistory(const QString &conversation, qint64 before, int limit, Purpose purpose);
    // Hands the app what it can show: messages now contiguous with the history, ascending.
    void deliver(ConversationSync &sync);
    void save(const ConversationSync &sync, bool joined = true);
    void pump();
    void emitOwn(const OutboxRecord &entry, qint64 seq = 0, qint64 ts = 0);
    ChatMessage toMessage(const OutboxRecord &entry) const;
    qint64 now() const { return m_clock.elapsed(); }

    ConnectionManager &m_connection;
    LocalStore m_store;
    Outbox *m_outbox;
    QHash<QString, ConversationSync> m_rooms;   // the rooms the user is in
    QHash<QString, ConversationSync> m_directs; // by "@peer": every DM conversation seen
    QSet<QString> m_active;           // rooms joined on the current connection
    QHash<QString, Request> m_requests;
    QSet<QString> m_tickers;
    int m_tickerHz = 20;
    TypingThrottle m_typing;
    QTimer m_typingTimer;
    QTimer m_pumpTimer;
    QElapsedTimer m_clock;
    bool m_live = false;
    qint64 m_lastLiveMs = 0;
    qint64 m_lastSendMs = -SendSpacingMs;
    int m_nextId = 0;
};

} // namespace sb::client
