#include "TypingThrottle.h"

#include <QStringList>

namespace sb::client {

bool TypingThrottle::keystroke(const QString &room, qint64 nowMs)
{
    m_lastKeystroke.insert(room, nowMs);
    const auto sent = m_lastSent.constFind(room);
    if (sent != m_lastSent.cend() && nowMs - *sent < RepeatMs)
        return false;
    m_lastSent.insert(room, nowMs);
    return true;
}

bool TypingThrottle::stopped(const QString &room)
{
    m_lastSent.remove(room);
    return m_lastKeystroke.remove(room) > 0;
}

QStringList TypingThrottle::idle(qint64 nowMs)
{
    QStringList rooms;
    for (auto it = m_lastKeystroke.cbegin(); it != m_lastKeystroke.cend(); ++it) {
        if (nowMs - it.value() >= IdleMs)
            rooms.append(it.key());
    }
    for (const QString &room : rooms)
        stopped(room);
    return rooms;
}

} // namespace sb::client
