#pragma once

#include <QPointer>
#include <QStyledItemDelegate>

namespace sb::models {
class PresenceModel;
}

namespace sb::ui {

// Paints the sidebar's conversations (RoomListModel): "# name" for rooms, a presence dot and the
// peer's name for direct conversations, the name in bold while unread, and on the right a red
// "@" when a mention is waiting and an accent pill with the unread count.
//
// The section headers "ROOMS" and "DIRECT" are drawn by the first row of each kind, above its
// own content: the model stays a flat list (its order already groups the kinds), and the headers
// can never drift apart from the rows they name.
class RoomDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int RowHeight = 32;
    static constexpr int HeaderHeight = 32;

    explicit RoomDelegate(QObject *parent = nullptr);

    // Where direct conversations' presence dots come from; without one they show "unknown".
    void setPresenceModel(const models::PresenceModel *presence);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // True for the first row of its kind, which carries the section header.
    static bool startsSection(const QModelIndex &index);
    // The part of a row's rect that is the conversation itself (below any section header).
    static QRect itemRect(const QRect &rowRect, const QModelIndex &index);
    // "3", "99+", or "" for no badge.
    static QString unreadBadgeText(int unread);
    // The unread pill within a row's rect; empty when there is none.
    QRect unreadBadgeRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QRect mentionBadgeRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;

private:
    QString sectionTitle(const QModelIndex &index) const;
    QString statusOf(const QModelIndex &index) const;
    void paintBadge(QPainter *painter, const QRect &rect, const QString &text,
        const QColor &background, const QStyleOptionViewItem &option) const;

    QPointer<const models::PresenceModel> m_presence;
};

} // namespace sb::ui
