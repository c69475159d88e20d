#pragma once

#include <QStyledItemDelegate>

namespace sb::ui {

// One person in the people list (PresenceModel): a status dot (online green, away amber, busy
// red, offline grey), the name — muted when offline — and "typing…" in muted italics while they
// type, so the list answers "who is here and who is about to say something". The user's own
// row says "(you)", as the messages say "you".
class PresenceDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int RowHeight = 28;

    explicit PresenceDelegate(QObject *parent = nullptr);

    void setOwnUser(const QString &user) { m_ownUser = user; }
    // The muted words after a name: "typing…", "(you)", or nothing.
    QString noteFor(const QModelIndex &index) const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

private:
    QString m_ownUser;
};

} // namespace sb::ui
