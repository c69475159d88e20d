#pragma once

#include "ui/ItemMenu.h"

namespace sb::ui {

class ChatView;

// A message's context menu: Copy selection (when part of this message is selected); Reply,
// React…, Edit, Delete… (the ChatView's actions, each only where it is allowed: edit and delete
// follow ChatView's permissions, delete asks first); Copy text, Copy link, Show in history
// (scrolled to and highlighted); Reply with mention, Copy author name.
// The link names the conversation and the message's seq (the server's identity of a message
// within its conversation, docs/protocol.md): switchboard://general/42, switchboard://@bob/7.
// A message not yet confirmed has no seq, so no link and no actions; a deleted one keeps only
// its link.
class MessageMenu : public ItemMenu
{
    Q_OBJECT

public:
    explicit MessageMenu(ChatView *chat);

    static QString linkFor(const QString &conversation, qint64 seq);

signals:
    void mentionRequested(const QString &author);

protected:
    void fill(QMenu &menu, const QModelIndex &index) override;

private:
    void addMessageActions(QMenu &menu, const QModelIndex &index, qint64 seq);

    ChatView *m_chat;
};

} // namespace sb::ui
