#pragma once

#include "MessageListModel.h"
#include "PresenceModel.h"
#include "RoomListModel.h"
#include "client/Session.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace sb::models {

// Feeds the models from the Session, and turns the user's actions on the open conversation into
// Session calls. Owns the models of the chat: the open conversation's messages, the room list,
// the open room's people (the market has a controller of its own, MarketController). No
// widgets here, so the whole flow from envelopes to models is tested without a window.
class ChatController : public QObject
{
    Q_OBJECT

public:
    explicit ChatController(client::Session &session, QObject *parent = nullptr);

    MessageListModel *messages() { return &m_messages; }
    RoomListModel *rooms() { return &m_rooms; }
    PresenceModel *presence() { return &m_presence; }
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

    void send(const QString &text);
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
    void note(const client::ChatMessage &message);
    QList<client::PresenceEntry> peopleOf(const QString &conversation) const;
    void refreshPeers(); // the direct conversations' dots, after anyone's status changed

    client::Session &m_session;
    MessageListModel m_messages;
    RoomListModel m_rooms;
    PresenceModel m_presence;
    QString m_current;
    QStringList m_serverRooms;
    QHash<QString, QHash<QString, QString>> m_people; // room → user → status
    QHash<QString, QSet<QString>> m_typing;           // room → users typing
    QHash<QString, qint64> m_lastRead;                // conversation → newest seq seen there
    QHash<QString, bool> m_hasOlder;
};

} // namespace sb::models
