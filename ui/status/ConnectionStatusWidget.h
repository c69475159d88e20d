#pragma once

#include "client/ConnectionState.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace sb::client {
class ConnectionManager;
}

namespace sb::ui {

// The status bar's account of the connection, always in words: "Connected · ws://… · 2 ms",
// "Reconnecting in 4 s — Try now", "Disconnected: <why> — Connect". Without flicker: a blip
// shorter than a second is never shown, and a problem once shown stays up for a few seconds
// (as Telegram Desktop does).
class ConnectionStatusWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int BlipMs = 1000;      // problems shorter than this are not shown
    static constexpr int MinShownMs = 3000;  // a problem shown stays up at least this long

    explicit ConnectionStatusWidget(client::ConnectionManager &connection, QWidget *parent = nullptr);

    QString text() const;
    // Extra facts after the connection state ("3 messages waiting").
    void setOutboxDepth(int depth);

private:
    void onStateChanged(client::ConnectionState state);
    void refresh();
    void showProblem();

    client::ConnectionManager &m_connection;
    QLabel *m_dot;
    QLabel *m_label;
    QPushButton *m_action;
    QTimer m_tick;          // countdown and RTT refresh
    QTimer m_blipTimer;     // delays showing a problem
    QTimer m_holdTimer;     // keeps a shown problem up
    bool m_problemShown = false;
    bool m_everOpen = false; // before the first connection there is nothing to hide
    int m_outboxDepth = 0;
};

} // namespace sb::ui
