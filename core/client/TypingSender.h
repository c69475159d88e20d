#pragma once

#include "TypingThrottle.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace sb::client {

class ConnectionManager;

// Sends the user's `typing` notices as the TypingThrottle allows, only to rooms joined on the
// current connection, and the `active:false` of a room whose typing went idle.
class TypingSender : public QObject
{
    Q_OBJECT

public:
    using RoomIsOpen = std::function<bool(const QString &room)>;

    TypingSender(ConnectionManager &connection, RoomIsOpen roomIsOpen, QObject *parent = nullptr);

    // Call on every keystroke (true) and when the input is sent or cleared (false).
    void setTyping(const QString &room, bool typing);

private:
    void send(const QString &room, bool active);
    void sendIdle();

    ConnectionManager &m_connection;
    RoomIsOpen m_roomIsOpen;
    TypingThrottle m_throttle;
    QTimer m_idleTimer;
    QElapsedTimer m_clock;
};

} // namespace sb::client
