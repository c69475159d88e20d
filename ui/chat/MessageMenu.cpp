#include "ui/chat/MessageMenu.h"

#include "models/MessageListModel.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/MessageDelegate.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QListView>
#include <QMenu>

namespace sb::ui {

using models::MessageListModel;

MessageMenu::MessageMenu(ChatView *chat)
    : ItemMenu(chat->listView())
    , m_chat(chat)
{
}

QString MessageMenu::linkFor(const QString &conversation, qint64 seq)
{
    return QStringLiteral("switchboard://%1/%2").arg(conversation).arg(seq);
}

void MessageMenu::addMessageActions(QMenu &menu, const QModelIndex &index, qint64 seq)
{
    if (!m_chat->canReact(seq))
        return; // unsent or deleted: nothing to answer, react to, edit or delete
    connect(addAction(menu, QStringLiteral("reply"), tr("&Reply")), &QAction::triggered, m_chat,
        [chat = m_chat, seq] { chat->requestReply(seq); });
    // The picker opens where the menu was, over the message.
    const QPoint at = view()->viewport()->mapToGlobal(view()->visualRect(index).topLeft()
        + QPoint(view()->visualRect(index).width() / 2, 0));
    connect(addAction(menu, QStringLiteral("react"), tr("Add rea&ction…")), &QAction::triggered,
        m_chat, [chat = m_chat, seq, at] { chat->openReactionPicker(seq, at); });
    if (m_chat->canEdit(seq)) {
        connect(addAction(menu, QStringLiteral("edit"), tr("&Edit")), &QAction::triggered, m_chat,
            [chat = m_chat, seq] { chat->requestEdit(seq); });
    }
    if (m_chat->canDelete(seq)) {
        connect(addAction(menu, QStringLiteral("delete"), tr("&Delete…")), &QAction::triggered,
            m_chat, [chat = m_chat, seq] { chat->confirmDelete(seq); });
    }
    menu.addSeparator();
}

void MessageMenu::fill(QMenu &menu, const QModelIndex &index)
{
    const QString text = index.data(MessageListModel::TextRole).toString();
    const QString author = index.data(MessageListModel::AuthorRole).toString();
    const qint64 seq = index.data(MessageListModel::SeqRole).toLongLong();
    const auto *model = qobject_cast<const MessageListModel *>(index.model());
    const QString conversation = model ? model->conversation() : QString();
    const auto copy = [](const QString &value) { QGuiApplication::clipboard()->setText(value); };

    // Right-clicking the words just selected: copying them is what the user is after.
    const QString selected = m_chat->delegate()->selectedRow() == index ? m_chat->selectedText() : QString();
    if (!selected.isEmpty()) {
        QAction *copySelected = addAction(menu, QStringLiteral("copySelection"), tr("Copy &selection"));
        copySelected->setShortcut(QKeySequence::Copy); // shown, as the list's own Ctrl+C does it
        connect(copySelected, &QAction::triggered, this, [copy, selected] { copy(selected); });
    }
    addMessageActions(menu, index, seq);
    QAction *copyText = addAction(menu, QStringLiteral("copyText"), tr("&Copy text"));
    copyText->setEnabled(!index.data(MessageListModel::DeletedRole).toBool());
    connect(copyText, &QAction::triggered, this, [copy, text] { copy(text); });
    QAction *link = addAction(menu, QStringLiteral("copyLink"), tr("Copy &link to message"));
    link->setEnabled(seq > 0 && !conversation.isEmpty());
    connect(link, &QAction::triggered, this,
            [copy, conversation, seq] { copy(linkFor(conversation, seq)); });
    // From a search jump or a long scroll: the message in place, highlighted among its neighbours.
    QAction *show = addAction(menu, QStringLiteral("showInHistory"), tr("Show in &history"));
    show->setEnabled(seq > 0);
    connect(show, &QAction::triggered, this, [this, seq] { m_chat->scrollToSeq(seq); });
    menu.addSeparator();
    QAction *reply = addAction(menu, QStringLiteral("replyMention"), tr("Reply with &mention"));
    reply->setEnabled(!author.isEmpty() && !index.data(MessageListModel::IsOwnRole).toBool());
    connect(reply, &QAction::triggered, this, [this, author] { emit mentionRequested(author); });
    connect(addAction(menu, QStringLiteral("copyAuthor"), tr("Copy &author name")),
            &QAction::triggered, this, [copy, author] { copy(author); });
}

} // namespace sb::ui
