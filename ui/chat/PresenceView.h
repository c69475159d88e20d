#pragma once

#include "ui/LiveState.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;

namespace sb::models {
class PresenceModel;
}

namespace sb::ui {

class PresenceDelegate;

// The people in the current room under a "PEOPLE · N" title (N: how many are listed), each
// drawn by PresenceDelegate. Read-only: it shows, it does not act. While the pointer is over the
// list its order is held (PresenceModel::setOrderHeld), so a status change never moves the row
// being aimed at; while not live the rows fade and the title says since when.
class PresenceView : public QWidget
{
    Q_OBJECT

public:
    explicit PresenceView(QWidget *parent = nullptr);

    void setModel(models::PresenceModel *model);
    models::PresenceModel *model() const;

    QString title() const;
    QListView *listView() const { return m_list; }
    PresenceDelegate *delegate() const { return m_delegate; }
    void setOwnUser(const QString &user); // marked "(you)" in the list
    void setLive(bool live, qint64 lastLiveMs);
    bool isStale() const { return m_live.isStale(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateTitle();

    QLabel *m_title = nullptr;
    QListView *m_list = nullptr;
    PresenceDelegate *m_delegate = nullptr;
    QPointer<models::PresenceModel> m_model;
    LiveState m_live;
};

} // namespace sb::ui
