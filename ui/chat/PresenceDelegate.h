#pragma once

#include "ui/LiveState.h"

#include <QStyledItemDelegate>

namespace sb::ui {

// One person in the people list (PresenceModel): a status dot (online green, away amber, busy
// red, offline grey), the name — muted when offline — and "typing…" in muted italics while they
// type, so the list answers "who is here and who is about to say something". The user's own
// row says "(you)", as the messages say "you". While not live every row fades: the statuses are
// as of the last update, and the tooltip says when that was.
class PresenceDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int RowHeight = 28;

    explicit PresenceDelegate(QObject *parent = nullptr);

    void setOwnUser(const QString &user) { m_ownUser = user; }
    void setLive(const LiveState &live) { m_live = live; }
    bool isStale() const { return m_live.isStale(); }
    // The muted words after a name: "typing…", "(you)", or nothing.
    QString noteFor(const QModelIndex &index) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    QString m_ownUser;
    LiveState m_live;
};

} // namespace sb::ui
