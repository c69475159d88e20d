#include "TrayNotifications.h"

#include "client/ConversationId.h"

#include <QApplication>
#include <QSystemTrayIcon>

namespace sb::ui {

namespace {
constexpr int BalloonMs = 8000;

QString displayName(const QString &conversation)
{
    return client::ConversationId::fromKey(conversation).displayName();
}
} // namespace

TrayNotifications::TrayNotifications(QObject *parent)
    : NotificationBackend(parent)
    , m_tray(new QSystemTrayIcon(QApplication::windowIcon(), this))
{
    m_tray->setToolTip(QStringLiteral("Switchboard"));
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
            [this] { emit activated(m_clickOpens); });
}

bool TrayNotifications::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayNotifications::show(const QList<Notice> &notices)
{
    if (notices.isEmpty())
        return;
    const Notice &latest = notices.last();
    m_clickOpens = latest.conversation;
    if (notices.size() == 1) {
        m_tray->showMessage(latest.summary, latest.body, QSystemTrayIcon::Information, BalloonMs);
    } else {
        int messages = 0;
        QStringList conversations;
        for (const Notice &notice : notices) {
            messages += notice.count;
            conversations.append(displayName(notice.conversation));
        }
        m_tray->showMessage(tr("%n new messages", nullptr, messages), conversations.join(u", "),
            QSystemTrayIcon::Information, BalloonMs);
    }
    // The next balloon replaces this one anyway: every burst counts afresh.
    for (const Notice &notice : notices)
        emit closed(notice.conversation);
}

} // namespace sb::ui
