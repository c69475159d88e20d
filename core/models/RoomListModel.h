#pragma once

#include "client/ChatTypes.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

namespace sb::models {

// The conversations in the sidebar: rooms first, then direct conversations, each group in
// alphabetical order (case-insensitive). The order depends only on kind and name, so rows never
// jump while messages arrive; a new conversation is inserted at its place.
//
// Unread rules: a message counts when it is new (its seq is above every seq noted before for the
// conversation, so a replay or a page of history never counts twice), not the user's own, not in
// the current conversation, and above the user's read marker, which the server keeps for all of
// their devices: when another device reads, setReadMarker() takes what it read off the count.
// Opening a conversation (setCurrent) clears its count and its mention flag.
// totalUnreadChanged() feeds the window title.
class RoomListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Kind { RoomKind, DirectKind };
    Q_ENUM(Kind)

    enum Role {
        NameRole = Qt::UserRole + 1, // QString: "general", or "@peer" for a direct conversation
        KindRole, // int: Kind
        UnreadRole, // int
        HasMentionRole, // bool: an unread message mentions the user
        LastTextRole, // QString
        LastAuthorRole, // QString
        LastTimestampRole, // QDateTime (local), invalid before the first message
        MembersRole, // int
        IsCurrentRole, // bool
        PeerStatusRole, // QString: a direct conversation's peer (online, away, …); "" unknown
        MutedRole, // bool: the user muted it: no unread count, no mention flag, no notification
        ReadSeqRole, // qint64: the user's read marker (any device), -1 when never marked
        PeerReadSeqRole, // qint64: a direct conversation's peer has read up to here ("Seen"); -1
    };
    Q_ENUM(Role)

    // One room as room.list and welcome describe it.
    struct RoomInfo {
        QString name;
        int members = 0;
        qint64 lastSeq = 0;
    };

    explicit RoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The rooms become exactly this list: rooms that stay keep their unread state, missing ones
    // go, new ones are inserted. Direct conversations are left alone.
    void setRooms(const QList<RoomInfo> &rooms);
    // false when the name is empty or already listed.
    bool addConversation(const QString &name, Kind kind);
    bool removeConversation(const QString &name);

    // The conversation on screen ("" for none); it may be listed later.
    void setCurrent(const QString &name);
    QString current() const { return m_current; }

    // A message arrived (live, replayed or paged): updates the conversation's last message and
    // unread count per the rules above. An unknown conversation is added, as a direct one when
    // its name starts with '@'. A message from a history page (`fromHistory`) counts only where
    // the read marker is known: a page is not news, but what lies above the marker is unread.
    void noteMessage(const client::ChatMessage &message, bool isOwn, bool isMention,
                     bool fromHistory = false);
    // The server's read marker of the user for `name` (kept by name, so it may come before the
    // conversation is listed); only moves forward.
    void setReadMarker(const QString &name, qint64 seq);
    qint64 readMarker(const QString &name) const { return m_readMarkers.value(name, -1); }
    void setPeerReadSeq(const QString &name, qint64 seq);
    void setMembers(const QString &name, int members);
    // The status of `user`, shown on their direct conversation ("@user") when it is listed.
    void setPeerStatus(const QString &user, const QString &status);

    // Read up to now without opening it: the count and the mention flag go to zero.
    void markRead(const QString &name);
    // A muted conversation counts nothing unread (its count is cleared at once). Kept by name,
    // so a room muted before it is listed (settings load before the room list) stays muted.
    void setMuted(const QString &name, bool muted);
    bool isMuted(const QString &name) const { return m_muted.contains(name); }
    QStringList mutedNames() const;
    int rowOf(const QString &name) const; // -1 when not listed
    int unread(const QString &name) const;
    qint64 lastSeq(const QString &name) const; // the highest seq known for it
    int totalUnread() const { return m_totalUnread; }

signals:
    void totalUnreadChanged(int total);

private:
    struct Entry {
        QString name;
        Kind kind = RoomKind;
        int unread = 0;
        bool mention = false;
        QString lastText;
        QString lastAuthor;
        qint64 lastTs = 0;
        int members = 0;
        QString peerStatus; // direct conversations: the peer's, from the shared rooms
        qint64 lastSeq = 0; // from the server's room list, or the newest message noted
        qint64 notedSeq = 0; // the newest seq that went through noteMessage
        QList<qint64> unreadSeqs; // ascending: what a read marker takes off the count
        qint64 mentionSeq = 0; // the newest unread mention
        qint64 peerReadSeq = -1;
    };

    static bool lessThan(const Entry &a, const Entry &b);
    int insertEntry(Entry entry);
    void adjustUnread(Entry &entry, int unread);
    void clearUnread(Entry &entry);
    void notifyRow(int row);

    QList<Entry> m_entries;
    QString m_current;
    QSet<QString> m_muted;
    QHash<QString, qint64> m_readMarkers;
    int m_totalUnread = 0;
};

} // namespace sb::models
