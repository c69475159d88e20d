#pragma once

#include "client/ChatTypes.h"

#include <QAbstractListModel>
#include <QStringList>

namespace sb::models {

// Who is in the current room and who is typing there. Sorted by status (online, busy, away, any
// other, offline) and then by name, case-insensitive; a status change moves the row
// (beginMoveRows) instead of resetting, so the view keeps its selection and scroll position.
// While the order is held (the pointer is over the list) rows change in place and newcomers go
// to the end, so nothing moves under the pointer; releasing sorts again.
//
// Typing is kept in the order people started, which is the order typingText() names them; it is
// tracked even for a user whose presence has not arrived yet. Expiry is not done here: the
// server ends typing after 5 s (`typing` with active:false), and leaving ends it too.
class PresenceModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        UserNameRole = Qt::UserRole + 1, // QString (also Qt::DisplayRole)
        StatusRole, // QString: online | busy | away | offline | …
        IsTypingRole, // bool
    };
    Q_ENUM(Role)

    explicit PresenceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // presence.snapshot. Another room resets the model; the same room again (after a
    // reconnect) is applied as changes, so rows that stay are not disturbed.
    void setSnapshot(const QString &room, const QList<client::PresenceEntry> &entries);
    QString room() const { return m_room; }
    // Adds the user when unknown; an empty status counts as online.
    void setStatus(const QString &user, const QString &status);
    void userJoined(const QString &user); // online, unless already listed with a status
    void userLeft(const QString &user);
    void setTyping(const QString &user, bool typing);
    void clear();

    // Held: a status change does not move its row and a newcomer is appended; released: the rows
    // are sorted again (one layoutChanged, persistent indexes follow their people).
    void setOrderHeld(bool held);
    bool isOrderHeld() const { return m_orderHeld; }

    QStringList typingUsers() const { return m_typing; }
    // "alice is typing…", "alice and bob are typing…", "3 people are typing…", or "".
    QString typingText() const;

    int rowOf(const QString &user) const; // -1 when not listed
    QString status(const QString &user) const;
    int onlineCount() const; // everyone listed but offline, for "14 online"

    // How present a status is, the order of the rows: online 0, busy 1, away 2, unknown 3,
    // offline 4.
    static int statusRank(const QString &status);

signals:
    // typingUsers() changed: the view updates its typing line.
    void typingChanged();

private:
    struct Entry {
        QString user;
        QString status;
    };

    static bool lessThan(const Entry &a, const Entry &b);
    int sortedPosition(const Entry &entry, int ignoredRow) const;
    void removeRow(int row);
    void reset(const QString &room, const QList<client::PresenceEntry> &entries);
    void sortRows(); // after the order was held

    QList<Entry> m_entries;
    QStringList m_typing;
    QString m_room;
    bool m_orderHeld = false;
};

} // namespace sb::models
