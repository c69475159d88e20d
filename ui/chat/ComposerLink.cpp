#include "ui/chat/ComposerLink.h"

#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"

namespace sb::ui {

ComposerLink::ComposerLink(ChatView *chat, Composer *composer, LastEditable lastEditable)
    : QObject(composer)
    , m_chat(chat)
    , m_composer(composer)
    , m_lastEditable(std::move(lastEditable))
{
    connect(chat, &ChatView::replyRequested, this, &ComposerLink::reply);
    connect(chat, &ChatView::editRequested, this, &ComposerLink::edit);
    connect(composer, &Composer::editLastRequested, this, &ComposerLink::editLast);
}

void ComposerLink::reply(qint64 seq)
{
    if (m_chat && m_composer)
        m_composer->startReply(seq, m_chat->authorOf(seq), m_chat->quoteOf(seq));
}

void ComposerLink::edit(qint64 seq)
{
    if (m_chat && m_composer && m_chat->canEdit(seq))
        m_composer->startEdit(seq, m_chat->textOf(seq));
}

void ComposerLink::editLast()
{
    if (!m_chat)
        return;
    const qint64 seq = m_lastEditable ? m_lastEditable() : m_chat->lastEditableSeq();
    if (seq > 0)
        edit(seq);
}

} // namespace sb::ui
