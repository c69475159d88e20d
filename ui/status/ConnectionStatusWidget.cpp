#include "ConnectionStatusWidget.h"

#include "client/ConnectionManager.h"
#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sb::ui {

using client::ConnectionState;

ConnectionStatusWidget::ConnectionStatusWidget(client::ConnectionManager &connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_dot(new QLabel(this))
    , m_label(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setAccessibleName(tr("Connection status"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(Theme::Grid, 0, Theme::Grid, 0);
    layout->setSpacing(Theme::Grid);
    layout->addWidget(m_dot);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action);
    m_action->setFlat(true);
    m_action->setCursor(Qt::PointingHandCursor);
    // The button is taller than the text: keeping its space while hidden keeps the status bar
    // (and the whole window above it) from jumping each time "Try now" comes and goes.
    QSizePolicy actionPolicy = m_action->sizePolicy();
    actionPolicy.setRetainSizeWhenHidden(true);
    m_action->setSizePolicy(actionPolicy);
    m_action->setAccessibleName(tr("Reconnect now"));
    connect(m_action, &QPushButton::clicked, this, [this] { m_connection.reconnectNow(); });

    connect(&connection, &client::ConnectionManager::stateChanged, this,
            [this](ConnectionState state) { onStateChanged(state); });
    connect(&connection, &client::ConnectionManager::rttChanged, this, &ConnectionStatusWidget::refresh);
    // The dot's colour is computed from the Theme: a theme switch recomputes it.
    connect(Theme::notifier(), &ThemeNotifier::changed, this, &ConnectionStatusWidget::refresh);
    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, this, &ConnectionStatusWidget::refresh);
    m_tick.start();
    m_blipTimer.setSingleShot(true);
    connect(&m_blipTimer, &QTimer::timeout, this, &ConnectionStatusWidget::showProblem);
    m_holdTimer.setSingleShot(true);
    connect(&m_holdTimer, &QTimer::timeout, this, &ConnectionStatusWidget::refresh);
    refresh();
}

void ConnectionStatusWidget::setOutboxDepth(int depth)
{
    m_outboxDepth = depth;
    refresh();
}

QString ConnectionStatusWidget::text() const
{
    return m_label->text();
}

void ConnectionStatusWidget::onStateChanged(ConnectionState state)
{
    if (state == ConnectionState::Open) {
        m_everOpen = true;
        m_blipTimer.stop();
    } else if (!m_problemShown && !m_blipTimer.isActive()) {
        // The first time away from Open: wait a moment; most blips heal by themselves.
        if (state == ConnectionState::Disconnected || !m_everOpen)
            showProblem();
        else
            m_blipTimer.start(BlipMs);
    }
    refresh();
}

void ConnectionStatusWidget::showProblem()
{
    if (m_connection.state() == ConnectionState::Open)
        return;
    m_problemShown = true;
    m_holdTimer.start(MinShownMs);
    refresh();
}

void ConnectionStatusWidget::refresh()
{
    const ConnectionState state = m_connection.state();
    const QString server = m_connection.url().toDisplayString();
    // Hold the last problem on screen briefly after recovering, then say "Connected".
    if (state == ConnectionState::Open && m_problemShown && !m_holdTimer.isActive())
        m_problemShown = false;
    // During a blip (not yet shown) the last good state stands.
    const bool showAsOpen = !m_problemShown;

    QString text;
    QColor dot = Theme::up();
    QString action;
    if (showAsOpen) {
        if (m_connection.url().isEmpty()) {
            text = tr("Not connected");
            dot = Theme::muted();
        } else {
            const int rtt = m_connection.rttMs();
            text = rtt >= 0 ? tr("Connected · %1 · %2 ms").arg(server).arg(rtt)
                            : tr("Connected · %1").arg(server);
        }
    } else {
        switch (state) {
        case ConnectionState::Open:
            text = tr("Connected again · %1").arg(server);
            break;
        case ConnectionState::Connecting:
        case ConnectionState::Handshaking:
            text = tr("Connecting to %1…").arg(server);
            dot = QColor(0xf5, 0x9e, 0x0b);
            break;
        case ConnectionState::WaitingToReconnect: {
            const int seconds = (m_connection.msUntilReconnect() + 999) / 1000;
            const QString why = m_connection.lastReason().message;
            text = tr("Reconnecting in %n s", nullptr, seconds);
            if (!why.isEmpty())
                text += QStringLiteral(" · ") + why;
            dot = QColor(0xf5, 0x9e, 0x0b);
            action = tr("Try now");
            break;
        }
        case ConnectionState::Closing:
            text = tr("Disconnecting…");
            dot = Theme::muted();
            break;
        case ConnectionState::Disconnected: {
            const QString why = m_connection.lastReason().message;
            text = why.isEmpty() ? tr("Disconnected") : tr("Disconnected: %1").arg(why);
            dot = Theme::down();
            action = tr("Connect");
            break;
        }
        }
    }
    if (m_outboxDepth > 0)
        text += QStringLiteral(" · ")
            + (m_outboxDepth == 1 ? tr("1 message waiting to send")
                                  : tr("%1 messages waiting to send").arg(m_outboxDepth));
    if (m_connection.isCongested())
        text += QStringLiteral(" · ") + tr("sending slowly");

    m_dot->setText(QStringLiteral("●"));
    m_dot->setStyleSheet(QStringLiteral("color: %1;").arg(dot.name()));
    m_label->setText(text);
    m_action->setText(action);
    m_action->setVisible(!action.isEmpty());
    setToolTip(text);
}

} // namespace sb::ui
