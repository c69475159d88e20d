#pragma once

#include "Notice.h"
#include "client/ChatTypes.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>

namespace sb::ui {

// Coalesces messages into one notice per conversation: a burst (say 200 DMs caught up after a
// reconnect) becomes "200 new messages" with the latest text, not 200 notifications. A
// conversation's count keeps growing while its notification is still shown, and starts again
// once the notification is closed. Pure logic, no I/O: the backends only display.
class NoticeBoard
{
    Q_DECLARE_TR_FUNCTIONS(NoticeBoard)

public:
    void add(const client::ChatMessage &message, bool direct);
    // The notices of the conversations that got messages since the last take, oldest first.
    QList<Notice> takeChanged();
    // Its notification was closed (or clicked): the count starts again with what is not shown yet.
    void dismiss(const QString &conversation);
    // Forgets pending changes and counts (notifications were switched off).
    void clear();
    bool hasChanges() const { return !m_changed.isEmpty(); }

    static QString summaryFor(const client::ChatMessage &message, bool direct);
    static QString bodyFor(const client::ChatMessage &latest, int count);

private:
    struct Entry
    {
        client::ChatMessage latest;
        bool direct = false;
        int shown = 0; // counted in the notification on screen
        int fresh = 0; // arrived since the last take
    };

    QHash<QString, Entry> m_entries;
    QStringList m_changed; // conversations with fresh messages, in the order they came
};

} // namespace sb::ui
