#include "TypingSender.h"

#include "ConnectionManager.h"
#include "protocol/MessageType.h"

namespace sb::client {

namespace T = sb::protocol::MessageType;

TypingSender::TypingSender(ConnectionManager &connection, RoomIsOpen roomIsOpen, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_roomIsOpen(std::move(roomIsOpen))
{
    m_clock.start();
    m_idleTimer.setInterval(1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &TypingSender::sendIdle);
}

void TypingSender::setTyping(const QString &room, bool typing)
{
    const bool notify =
        typing ? m_throttle.keystroke(room, m_clock.elapsed()) : m_throttle.stopped(room);
    if (notify && m_roomIsOpen(room))
        send(room, typing);
    if (typing && !m_idleTimer.isActive())
        m_idleTimer.start();
}

void TypingSender::send(const QString &room, bool active)
{
    m_connection.send(protocol::Envelope::make(
        T::Typing, {{QLatin1String("room"), room}, {QLatin1String("active"), active}}));
}

void TypingSender::sendIdle()
{
    for (const QString &room : m_throttle.idle(m_clock.elapsed()))
        send(room, false);
    if (!m_throttle.anyActive())
        m_idleTimer.stop();
}

} // namespace sb::client
