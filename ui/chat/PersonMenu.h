#pragma once

#include "ui/ItemMenu.h"

namespace sb::ui {

class PresenceView;

// A person's context menu in the people list: Send direct message, Mention. Neither is offered
// on the user's own row.
class PersonMenu : public ItemMenu
{
    Q_OBJECT

public:
    explicit PersonMenu(PresenceView *people);

    void setOwnUser(const QString &user) { m_ownUser = user; }

signals:
    void directMessageRequested(const QString &user);
    void mentionRequested(const QString &user);

protected:
    void fill(QMenu &menu, const QModelIndex &index) override;

private:
    QString m_ownUser;
};

} // namespace sb::ui
