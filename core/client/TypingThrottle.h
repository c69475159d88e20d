#pragma once

#include <QHash>
#include <QString>

namespace sb::client {

// Decides when a `typing` notice is worth sending: `active:true` at most every 3 s while the
// user keeps typing, and `active:false` once they stopped for 5 s or sent the message.
// Pure: times come in as arguments; Session owns the timer that calls idle().
class TypingThrottle
{
public:
    static constexpr int RepeatMs = 3000;
    static constexpr int IdleMs = 5000;

    // The user typed in `room`: true when an `active:true` should go out now.
    bool keystroke(const QString &room, qint64 nowMs);
    // The user sent the message or cleared the input: true when an `active:false` should go out.
    bool stopped(const QString &room);
    // Rooms whose typing went idle by `nowMs` (each needs an `active:false`).
    QStringList idle(qint64 nowMs);
    bool isActive(const QString &room) const { return m_lastKeystroke.contains(room); }
    bool anyActive() const { return !m_lastKeystroke.isEmpty(); }

private:
    QHash<QString, qint64> m_lastSent;      // room → when active:true last went out
    QHash<QString, qint64> m_lastKeystroke; // room → last keystroke, while active
};

} // namespace sb::client
