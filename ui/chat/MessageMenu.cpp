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
    connect(addAction(menu, QStringLiteral("copyText"), tr("&Copy text")), &QAction::triggered,
            this, [copy, text] { copy(text); });
    QAction *link = addAction(menu, QStringLiteral("copyLink"), tr("Copy &link to message"));
    link->setEnabled(seq > 0 && !conversation.isEmpty());
    connect(link, &QAction::triggered, this,
            [copy, conversation, seq] { copy(linkFor(conversation, seq)); });
    // From a search jump or a long scroll: the message in place, highlighted among its neighbours.
    QAction *show = addAction(menu, QStringLiteral("showInHistory"), tr("Show in &history"));
    show->setEnabled(seq > 0);
    connect(show, &QAction::triggered, this, [this, seq] { m_chat->scrollToSeq(seq); });
    menu.addSeparator();
    QAction *reply = addAction(menu, QStringLiteral("replyMention"), tr("&Reply with mention"));
    reply->setEnabled(!author.isEmpty() && !index.data(MessageListModel::IsOwnRole).toBool());
    connect(reply, &QAction::triggered, this, [this, author] { emit mentionRequested(author); });
    connect(addAction(menu, QStringLiteral("copyAuthor"), tr("Copy &author name")),
            &QAction::triggered, this, [copy, author] { copy(author); });
}

} // namespace sb::ui
