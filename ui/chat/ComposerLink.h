#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

namespace sb::ui {

class ChatView;
class Composer;

// Joins the messages and the composer of one window, where one widget's request is the other's
// job: Reply on a message opens the composer's reply bar with that message's author and text,
// Edit loads the message into the composer, and Up-arrow in an empty composer edits the last
// message the user may edit (lastEditable, e.g. ChatController::lastEditableOwnSeq; by default
// ChatView::lastEditableSeq). What leaves the composer (sendRequested, editSubmitted) and the
// view (deleteRequested, reactionToggled, quoteClicked) is for the controller, not for this.
class ComposerLink : public QObject
{
    Q_OBJECT

public:
    using LastEditable = std::function<qint64()>;

    ComposerLink(ChatView *chat, Composer *composer, LastEditable lastEditable = {});

    void editLast();

private:
    void reply(qint64 seq);
    void edit(qint64 seq);

    QPointer<ChatView> m_chat;
    QPointer<Composer> m_composer;
    LastEditable m_lastEditable;
};

} // namespace sb::ui
