#include "ChatController.h"

#include "MentionMatcher.h"

#include <QJsonObject>

#include <algorithm>

namespace sb::models {

using client::ChatMessage;
using client::DeliveryState;

namespace {
constexpr int OpeningPage = 100;
constexpr int OlderPage = 50;
constexpr int QuoteLength = 140; // as the server cuts a quote
} // namespace

ChatController::ChatController(client::Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    using client::Session;
    using client::RoomNotices;
    connect(&session, &Session::messagesReceived, this, &ChatController::onMessages);
    connect(&session, &Session::olderMessagesLoaded, this,
            [this](const QString &room, const QList<ChatMessage> &messages, bool hasMore) {
                m_hasOlder.insert(room, hasMore);
                if (room == m_current)
                    m_messages.addMessages(messages);
                for (const ChatMessage &message : messages)
                    note(message, true);
            });
    connect(&session, &Session::historyReset, this, [this](const QString &room) {
        if (room == m_current)
            openConversation(room);
    });
    connect(&session, &Session::ownMessageUpdated, this, &ChatController::onOwnMessage);
    connect(&session, &Session::ownMessageDiscarded, this,
            [this](const QString &room, const QString &clientId) {
                if (room == m_current)
                    m_messages.removePending(clientId);
            });
    connect(&session, &Session::directMessageReceived, this, &ChatController::onDirect);
    connect(&session, &Session::roomJoined, this, [this](const QString &room) {
        m_rooms.addConversation(room, RoomListModel::RoomKind);
        if (m_current.isEmpty())
            openConversation(room);
    });
    connect(&session, &Session::roomLeft, this, [this](const QString &room) {
        m_rooms.removeConversation(room);
        m_people.remove(room); // its people are no longer seen there
        refreshPeers();
        if (room == m_current) { // refused by the server: do not stay in a room one is not in
            const QStringList rooms = m_session.rooms();
            openConversation(rooms.isEmpty() ? QString() : rooms.constFirst());
        }
    });
    connect(&session.notices(), &RoomNotices::roomsListed, this, &ChatController::onRoomsListed);
    connect(&session.notices(), &RoomNotices::presenceSnapshot, this, &ChatController::onPresenceSnapshot);
    connect(&session.notices(), &RoomNotices::presenceChanged, this, &ChatController::onPresence);
    connect(&session.notices(), &RoomNotices::memberChanged, this, &ChatController::onMember);
    connect(&session.notices(), &RoomNotices::typingChanged, this, &ChatController::onTyping);
    // Nobody is known to be typing once the connection is gone: the server's "stopped" cannot
    // arrive, and a line saying "alice is typing…" for minutes would be a lie.
    connect(&session, &Session::liveChanged, this, [this](bool live) {
        if (!live)
            forgetTyping();
    });
    connect(&session.notices(), &RoomNotices::announced, this, &ChatController::announcement);
    connect(&session.connection(), &client::ConnectionManager::opened, this,
            [this] { m_messages.setOwnUser(m_session.user()); });
    connectChanges();
    // Rooms and DM conversations remembered from the last run show at once, before the server
    // answers.
    for (const QString &room : session.rooms())
        m_rooms.addConversation(room, RoomListModel::RoomKind);
    for (const QString &direct : session.directConversations())
        m_rooms.addConversation(direct, RoomListModel::DirectKind);
}

void ChatController::openConversation(const QString &name)
{
    if (!m_current.isEmpty())
        m_lastRead.insert(m_current, m_messages.newestSeq());
    m_current = name;
    m_messages.setOwnUser(ownUser());
    m_messages.setConversation(name);
    m_messages.addMessages(m_session.cachedMessages(name, OpeningPage));
    for (const ChatMessage &pending : m_session.unackedMessages(name))
        m_messages.addPending(withQuote(pending));
    for (const client::MessageChange &change : m_session.changes().pending(name))
        m_messages.addPendingChange(change);
    // The "New messages" line: where the user stopped reading, on this device or another.
    m_messages.setLastRead(qMax(m_lastRead.value(name, -1), m_session.readMarkers().marker(name)));
    m_messages.setPeerReadSeq(m_session.readMarkers().peerReadSeq(name));
    m_jumpTarget = 0;
    m_rooms.setCurrent(name);
    m_presence.setSnapshot(name, peopleOf(name));
    for (const QString &user : m_typing.value(name))
        m_presence.setTyping(user, true);
    emit typingTextChanged(m_presence.typingText());
    emit conversationOpened(name);
    emit roomHeaderChanged();
}

int ChatController::memberCount(const QString &room) const
{
    return int(m_people.value(room).size());
}

void ChatController::send(const QString &text, qint64 replyTo)
{
    if (m_current.isEmpty() || text.trimmed().isEmpty())
        return;
    const client::ConversationId current = client::ConversationId::fromKey(m_current);
    if (current.isDirect())
        m_session.sendDm(current.peer(), text, replyTo);
    else
        m_session.sendChat(current.name(), text, replyTo);
}

void ChatController::typing()
{
    if (!m_current.isEmpty() && !isDirect(m_current))
        m_session.setTyping(m_current, true);
}

void ChatController::typingStopped()
{
    if (!m_current.isEmpty() && !isDirect(m_current))
        m_session.setTyping(m_current, false);
}

void ChatController::loadOlder()
{
    const qint64 oldest = m_messages.oldestSeq();
    if (m_current.isEmpty() || oldest <= 1 || !hasOlder())
        return;
    m_session.loadOlder(m_current, oldest, OlderPage);
}

void ChatController::joinRoom(const QString &room)
{
    m_session.joinRoom(room);
    m_rooms.addConversation(room, RoomListModel::RoomKind);
    openConversation(room);
}

void ChatController::leaveRoom(const QString &room)
{
    m_session.leaveRoom(room);
    if (room == m_current) {
        const QStringList rooms = m_session.rooms();
        openConversation(rooms.isEmpty() ? QString() : rooms.constFirst());
    }
}

void ChatController::openDirect(const QString &user)
{
    const QString name = client::ConversationId::direct(user).key();
    m_rooms.addConversation(name, RoomListModel::DirectKind);
    refreshPeers();
    openConversation(name);
}

void ChatController::note(const ChatMessage &message, bool fromHistory)
{
    const QString me = m_session.user();
    const bool own = message.from == me;
    const bool direct = isDirect(message.room);
    // A DM is for the user anyway: its unread count says enough, without an "@" beside it.
    const bool mention = !own && !direct && !me.isEmpty() && MentionMatcher::mentions(message.text, me);
    m_rooms.noteMessage(message, own, mention, fromHistory);
    if (!own && !fromHistory && (mention || direct))
        emit attentionNeeded(message, direct);
}

void ChatController::onMessages(const QString &room, const QList<ChatMessage> &messages)
{
    if (room == m_current)
        m_messages.addMessages(messages);
    for (const ChatMessage &message : messages)
        note(message);
}

void ChatController::onOwnMessage(const ChatMessage &message)
{
    if (message.room != m_current)
        return;
    if (message.delivery == DeliveryState::Acked) {
        m_messages.addMessages({withQuote(message)}); // replaces the pending row in place
        // Whoever writes has read what came before: the "New messages" line goes.
        m_messages.setLastRead(qMax(m_messages.lastRead(), message.seq));
    } else if (!m_messages.setDelivery(message.clientId, message.delivery, message.error))
        m_messages.addPending(withQuote(message));
}

void ChatController::onDirect(const ChatMessage &message)
{
    if (m_rooms.addConversation(message.room, RoomListModel::DirectKind))
        refreshPeers();
    if (message.room == m_current)
        m_messages.addMessages({message});
    note(message);
}

void ChatController::onRoomsListed(const QJsonArray &rooms)
{
    m_serverRooms.clear();
    for (const QJsonValue &value : rooms) {
        const QJsonObject room = value.toObject();
        const QString name = room.value(QLatin1String("room")).toString();
        m_serverRooms.append(name);
        m_rooms.setMembers(name, room.value(QLatin1String("members")).toInt());
    }
}

QStringList ChatController::knownPeople() const
{
    QSet<QString> people;
    for (const auto &users : m_people) {
        for (auto it = users.cbegin(); it != users.cend(); ++it)
            people.insert(it.key());
    }
    people.remove(m_session.user());
    QStringList sorted(people.cbegin(), people.cend());
    sorted.sort(Qt::CaseInsensitive);
    return sorted;
}

QString ChatController::peerStatus(const QString &user) const
{
    QString best = QStringLiteral("offline");
    for (const auto &users : m_people) {
        const auto it = users.constFind(user);
        if (it != users.cend() && PresenceModel::statusRank(*it) < PresenceModel::statusRank(best))
            best = *it;
    }
    return best;
}

void ChatController::refreshPeers()
{
    for (int row = 0; row < m_rooms.rowCount(); ++row) {
        const QString name = m_rooms.index(row).data(RoomListModel::NameRole).toString();
        const QString peer = client::ConversationId::fromKey(name).peer();
        if (peer.isEmpty())
            continue;
        const QString status = peerStatus(peer);
        m_rooms.setPeerStatus(peer, status);
        if (name == m_current)
            m_presence.setStatus(peer, status);
    }
}

QList<client::PresenceEntry> ChatController::peopleOf(const QString &conversation) const
{
    QList<client::PresenceEntry> people;
    if (const QString peer = client::ConversationId::fromKey(conversation).peer(); !peer.isEmpty()) {
        // the two people in it
        people.append({peer, peerStatus(peer)});
        if (!m_session.user().isEmpty() && m_session.user() != peer)
            people.append({m_session.user(), QStringLiteral("online")});
        return people;
    }
    const auto users = m_people.value(conversation);
    for (auto it = users.cbegin(); it != users.cend(); ++it)
        people.append({it.key(), it.value()});
    return people;
}

void ChatController::onPresenceSnapshot(const QString &room, const QList<client::PresenceEntry> &users)
{
    QHash<QString, QString> &people = m_people[room];
    people.clear();
    for (const client::PresenceEntry &entry : users)
        people.insert(entry.user, entry.status);
    m_rooms.setMembers(room, int(people.size()));
    if (room == m_current) {
        m_presence.setSnapshot(room, users);
        emit roomHeaderChanged();
    }
    refreshPeers();
}

void ChatController::onPresence(const QString &room, const QString &user, const QString &status)
{
    m_people[room].insert(user, status);
    if (room == m_current)
        m_presence.setStatus(user, status);
    refreshPeers();
}

void ChatController::onMember(const QString &room, const QString &user, bool joined)
{
    if (joined)
        m_people[room].insert(user, QStringLiteral("online"));
    else
        m_people[room].remove(user);
    m_rooms.setMembers(room, int(m_people.value(room).size()));
    if (room == m_current) {
        if (joined)
            m_presence.userJoined(user);
        else
            m_presence.userLeft(user);
        emit roomHeaderChanged();
    }
    refreshPeers();
}

void ChatController::onTyping(const QString &room, const QString &user, bool active)
{
    if (active)
        m_typing[room].insert(user);
    else
        m_typing[room].remove(user);
    if (room == m_current) {
        m_presence.setTyping(user, active);
        emit typingTextChanged(m_presence.typingText());
    }
}

void ChatController::forgetTyping()
{
    m_typing.clear();
    for (const QString &user : m_presence.typingUsers())
        m_presence.setTyping(user, false);
    emit typingTextChanged(m_presence.typingText());
}

// --- replies, edits, deletes, reactions, read markers, search (#18) -----------------------------

void ChatController::connectChanges()
{
    using client::ChangeSender;
    using client::MessageChange;
    const auto inCurrent = [this](const MessageChange &change) { return change.room == m_current; };
    connect(&m_session, &client::Session::messageChanged, this, [this, inCurrent](const MessageChange &change) {
        if (inCurrent(change))
            m_messages.applyChange(change);
    });
    ChangeSender &changes = m_session.changes();
    connect(&changes, &ChangeSender::changeQueued, this, [this, inCurrent](const MessageChange &change) {
        if (inCurrent(change))
            m_messages.addPendingChange(change);
    });
    connect(&changes, &ChangeSender::changeWithdrawn, this,
            [this](const MessageChange &change) { m_messages.removePendingChange(change.clientId); });
    connect(&changes, &ChangeSender::changeRefused, this, &ChatController::onChangeRefused);
    connect(&m_session, &client::Session::aroundLoaded, this, &ChatController::onAround);
    connect(&m_session, &client::Session::messagesRefreshed, this,
            [this](const QString &conversation, const QList<ChatMessage> &messages) {
                if (conversation == m_current)
                    m_messages.refreshMessages(messages);
            });

    client::ReadMarkers &reads = m_session.readMarkers();
    connect(&reads, &client::ReadMarkers::markerChanged, &m_rooms, &RoomListModel::setReadMarker);
    connect(&reads, &client::ReadMarkers::peerReadChanged, this, [this](const QString &conversation, qint64 seq) {
        m_rooms.setPeerReadSeq(conversation, seq);
        if (conversation == m_current)
            m_messages.setPeerReadSeq(seq);
    });

    client::SearchClient &searches = m_session.searches();
    connect(&searches, &client::SearchClient::resultsReady, &m_search, &SearchModel::setResults);
    connect(&searches, &client::SearchClient::searchFailed, this, [this](const QString &, const QString &text) {
        m_search.clear();
        emit searchFailed(text);
    });
}

ChatMessage ChatController::withQuote(ChatMessage message) const
{
    const qint64 original = message.state().replyTo;
    const int row = original > 0 && message.state().replyAuthor.isEmpty() ? m_messages.rowForSeq(original) : -1;
    if (row < 0)
        return message;
    const ChatMessage quoted = m_messages.shownMessage(row);
    client::MessageState &state = message.editState();
    state.replyAuthor = quoted.from;
    state.replyQuote = quoted.text.size() > QuoteLength ? quoted.text.left(QuoteLength) + QChar(0x2026) : quoted.text;
    return message;
}

QString ChatController::ownUser() const
{
    // Before the first welcome of this run, the name the user asked for.
    return m_session.user().isEmpty() ? m_session.connection().identity().name : m_session.user();
}

bool ChatController::canEdit(qint64 seq) const
{
    const ChatMessage m = m_messages.shownMessage(m_messages.rowForSeq(seq));
    return m.isConfirmed() && !m.isDeleted() && m.from == ownUser();
}

bool ChatController::canDelete(qint64 seq) const
{
    const ChatMessage m = m_messages.shownMessage(m_messages.rowForSeq(seq));
    if (!m.isConfirmed() || m.isDeleted())
        return false;
    // The server's rule: the author, or an admin in a room (in DMs nobody else may).
    return m.from == ownUser() || (m_session.isAdmin() && !isDirect(m_current));
}

void ChatController::editMessage(qint64 seq, const QString &text)
{
    if (!canEdit(seq)) {
        emit changeRefused(tr("Only your own messages can be edited."));
        return;
    }
    const ChatMessage shown = m_messages.shownMessage(m_messages.rowForSeq(seq));
    if (text.trimmed().isEmpty() || text == shown.text)
        return;
    m_session.editMessage(m_current, seq, text);
}

void ChatController::deleteMessage(qint64 seq)
{
    if (!canDelete(seq)) {
        emit changeRefused(tr("Only your own messages can be deleted."));
        return;
    }
    m_session.deleteMessage(m_current, seq);
}

void ChatController::toggleReaction(qint64 seq, const QString &emoji)
{
    const ChatMessage shown = m_messages.shownMessage(m_messages.rowForSeq(seq));
    if (!shown.isConfirmed() || shown.isDeleted() || emoji.isEmpty())
        return;
    // A toggle that has not gone out yet is simply taken back.
    if (m_session.changes().withdrawReaction(m_current, seq, emoji))
        return;
    const QString me = ownUser();
    const auto &reactions = shown.state().reactions;
    const bool mine = std::any_of(reactions.cbegin(), reactions.cend(), [&](const client::Reaction &r) {
        return r.emoji == emoji && r.users.contains(me);
    });
    m_session.react(m_current, seq, emoji, !mine);
}

void ChatController::onChangeRefused(const client::MessageChange &change, const QString &code,
                                     const QString &message)
{
    m_messages.removePendingChange(change.clientId);
    using Kind = client::MessageChange::Kind;
    QString what;
    switch (change.kind) {
    case Kind::Edit:
        what = tr("The message was not edited");
        break;
    case Kind::Delete:
        what = tr("The message was not deleted");
        break;
    case Kind::React:
        what = tr("The reaction was not added");
        break;
    case Kind::Unreact:
        what = tr("The reaction was not removed");
        break;
    }
    QString why = message;
    if (code == QLatin1String("not_found"))
        why = tr("the message is gone (deleted, or never there)");
    else if (code == QLatin1String("forbidden"))
        why = tr("only its author may do that");
    emit changeRefused(tr("%1: %2.").arg(what, why));
}

void ChatController::jumpTo(qint64 seq)
{
    if (m_current.isEmpty() || seq <= 0)
        return;
    if (m_messages.rowForSeq(seq) >= 0) {
        emit jumpReady(seq);
        return;
    }
    m_jumpTarget = seq;
    m_session.loadAround(m_current, seq);
}

void ChatController::onAround(const QString &conversation, qint64 seq, const QList<ChatMessage> &messages)
{
    if (conversation != m_current || seq != m_jumpTarget)
        return; // another conversation is open now, or a newer jump was asked for
    m_jumpTarget = 0;
    m_messages.addMessages(messages);
    // The message itself, or the nearest older one the page has (the target may be gone).
    qint64 nearest = 0;
    for (const ChatMessage &message : messages) {
        if (message.seq <= seq)
            nearest = message.seq;
    }
    if (m_messages.rowForSeq(nearest) >= 0)
        emit jumpReady(nearest);
}

void ChatController::markRead(qint64 seq)
{
    if (!m_current.isEmpty())
        m_session.markRead(m_current, seq);
}

QStringList ChatController::memberNames() const
{
    if (const QString peer = client::ConversationId::fromKey(m_current).peer(); !peer.isEmpty())
        return {peer};
    const auto people = m_people.value(m_current);
    QStringList names;
    for (auto it = people.cbegin(); it != people.cend(); ++it) {
        if (it.key() != m_session.user())
            names.append(it.key());
    }
    names.sort(Qt::CaseInsensitive);
    return names;
}

void ChatController::search(const QString &query)
{
    if (query.trimmed().isEmpty()) {
        m_session.searches().cancel();
        m_search.clear();
        return;
    }
    m_session.searches().search({query, {}, {}, 0, 50});
}

} // namespace sb::models
