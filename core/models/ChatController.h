#pragma once

#include "MessageListModel.h"
#include "PresenceModel.h"
#include "RoomListModel.h"
#include "SearchModel.h"
#include "client/Session.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace sb::models {

// Feeds the models from the Session, and turns the user's actions on the open conversation into
// Session calls. Owns the models of the chat: the open conversation's messages, the room list,
// the open room's people, the search results (the market has a controller of its own,
// MarketController). No widgets here, so the whole flow from envelopes to models is tested
// without a window.
class ChatController : public QObject
{
    Q_OBJECT

public:
    explicit ChatController(client::Session &session, QObject *parent = nullptr);

    MessageListModel *messages() { return &m_messages; }
    RoomListModel *rooms() { return &m_rooms; }
    PresenceModel *presence() { return &m_presence; }
    // The hits of the newest search(), across every room the user may read and their DMs.
    SearchModel *searchResults() { return &m_search; }
    client::Session &session() { return m_session; }

    // Shows a room ("general") or a direct conversation ("@bob"): cached history, unsent own
    // messages, its people; its unread count goes to zero.
    void openConversation(const QString &name);
    QString currentConversation() const { return m_current; }
    bool isDirect(const QString &name) const { return client::ConversationId::isDirectKey(name); }
    int memberCount(const QString &room) const;
    QStringList serverRooms() const { return m_serverRooms; } // every room the server knows
    // Everyone in the rooms the user is in, but the user, sorted: people to start a DM with.
    QStringList knownPeople() const;
    // The most present status `user` has in any room shared with the user ("offline" when none):
    // a direct conversation has no presence of its own.
    QString peerStatus(const QString &user) const;

    // Sends to the open conversation; `replyTo` is the seq of the message answered, if any.
    void send(const QString &text, qint64 replyTo = 0);
    // Changes to a message of the open conversation, queued like messages (offline too) and
    // shown pending until the server acked them; a refusal comes back as changeRefused().
    void editMessage(qint64 seq, const QString &text);
    void deleteMessage(qint64 seq);
    // Adds the user's `emoji` to the message, or takes it away if they had put it there.
    void toggleReaction(qint64 seq, const QString &emoji);
    // The user's own message, not deleted.
    bool canEdit(qint64 seq) const;
    // Not deleted, and the user's own, or the user is an admin (welcome role "admin") in a room.
    bool canDelete(qint64 seq) const;
    // The newest message the user may edit (Up-arrow in an empty composer); 0 for none.
    qint64 lastEditableOwnSeq() const { return m_messages.lastOwnLiveSeq(); }
    // Brings `seq` of the open conversation into the model (a page around it when it is not
    // loaded), then jumpReady(seq) (or the nearest older message that exists).
    void jumpTo(qint64 seq);
    // The user has seen the open conversation up to `seq` (the view, at the bottom): the read
    // marker, kept on the server for every device of the user.
    void markRead(qint64 seq);
    // Who to @-complete in the open conversation: its members (a DM: the peer), not the user.
    QStringList memberNames() const;
    // Searches the server; the newest query's hits replace the results (an older query's late
    // answer never does). An empty query clears them.
    void search(const QString &query);
    void typing();
    void typingStopped();
    void loadOlder();
    bool hasOlder() const { return m_hasOlder.value(m_current, true); }
    void joinRoom(const QString &room);
    void leaveRoom(const QString &room);
    void openDirect(const QString &user);
    void retry(const QString &clientId) { m_session.retry(clientId); }
    void discard(const QString &clientId) { m_session.discard(clientId); }

signals:
    void conversationOpened(const QString &name);
    // A message for the user (a mention, or a DM) arrived: the window may notify.
    void attentionNeeded(const sb::client::ChatMessage &message, bool direct);
    void typingTextChanged(const QString &text);
    void announcement(const QString &text, const QString &level);
    void roomHeaderChanged();
    void jumpReady(qint64 seq);
    // One of the user's changes was refused (someone else's message, deleted meanwhile, not an
    // emoji, …) or could not be made: what to tell the user.
    void changeRefused(const QString &text);
    void searchFailed(const QString &text);

private:
    void onMessages(const QString &room, const QList<client::ChatMessage> &messages);
    void onOwnMessage(const client::ChatMessage &message);
    void onDirect(const client::ChatMessage &message);
    void onRoomsListed(const QJsonArray &rooms);
    void onPresenceSnapshot(const QString &room, const QList<client::PresenceEntry> &users);
    void onPresence(const QString &room, const QString &user, const QString &status);
    void onMember(const QString &room, const QString &user, bool joined);
    void onTyping(const QString &room, const QString &user, bool active);
    void forgetTyping(); // the connection was lost
    void note(const client::ChatMessage &message, bool fromHistory = false);
    void onChangeRefused(const client::MessageChange &change, const QString &code, const QString &message);
    void onAround(const QString &conversation, qint64 seq, const QList<client::ChatMessage> &messages);
    // A reply of the user before the server's echo: the quote from the original, if loaded.
    client::ChatMessage withQuote(client::ChatMessage message) const;
    void connectChanges();
    QString ownUser() const;
    QList<client::PresenceEntry> peopleOf(const QString &conversation) const;
    void refreshPeers(); // the direct conversations' dots, after anyone's status changed

    client::Session &m_session;
    MessageListModel m_messages;
    RoomListModel m_rooms;
    PresenceModel m_presence;
    SearchModel m_search;
    QString m_current;
    qint64 m_jumpTarget = 0; // asked for with loadAround, not yet loaded
    QStringList m_serverRooms;
    QHash<QString, QHash<QString, QString>> m_people; // room → user → status
    QHash<QString, QSet<QString>> m_typing;           // room → users typing
    QHash<QString, qint64> m_lastRead;                // conversation → newest seq seen there
    QHash<QString, bool> m_hasOlder;
};

} // namespace sb::models
