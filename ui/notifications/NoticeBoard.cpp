#include "NoticeBoard.h"

namespace sb::ui {

namespace {
// Notification servers show a few lines; more is noise on the bus.
constexpr int MaxBodyText = 200;
} // namespace

void NoticeBoard::add(const client::ChatMessage &message, bool direct)
{
    Entry &entry = m_entries[message.room];
    entry.latest = message;
    entry.direct = direct;
    if (entry.fresh++ == 0)
        m_changed.append(message.room);
}

QList<Notice> NoticeBoard::takeChanged()
{
    QList<Notice> notices;
    for (const QString &conversation : std::as_const(m_changed)) {
        Entry &entry = m_entries[conversation];
        entry.shown += entry.fresh;
        entry.fresh = 0;
        notices.append({conversation, summaryFor(entry.latest, entry.direct),
            bodyFor(entry.latest, entry.shown), entry.shown});
    }
    m_changed.clear();
    return notices;
}

void NoticeBoard::dismiss(const QString &conversation)
{
    const auto entry = m_entries.find(conversation);
    if (entry == m_entries.end())
        return;
    if (entry->fresh == 0)
        m_entries.erase(entry);
    else
        entry->shown = 0; // the pending messages make the next notification
}

void NoticeBoard::clear()
{
    m_entries.clear();
    m_changed.clear();
}

QString NoticeBoard::summaryFor(const client::ChatMessage &message, bool direct)
{
    return direct ? tr("%1 (direct message)").arg(message.from)
                  : tr("%1 in #%2").arg(message.from, message.room);
}

QString NoticeBoard::bodyFor(const client::ChatMessage &latest, int count)
{
    const QString text = latest.text.left(MaxBodyText);
    if (count <= 1)
        return text;
    return tr("%n new messages", nullptr, count) + QLatin1Char('\n') + text;
}

} // namespace sb::ui
