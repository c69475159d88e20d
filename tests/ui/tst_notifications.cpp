// Desktop notifications over D-Bus on a private session bus, with a fake notification server
// that records every Notify: what they say, one per conversation for a burst (replaces_id), none
// for the conversation open in the focused window, and a click that opens the conversation.
#include "FakeNotificationServer.h"
#include "PrivateSessionBus.h"
#include "ui/Notifier.h"
#include "ui/notifications/NotificationBackend.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

using sb::client::ChatMessage;
using sb::ui::Notifier;

namespace {
ChatMessage directFrom(const QString &peer, const QString &text, qint64 seq = 1)
{
    return {"@" + peer, seq, peer, text, 1000 * seq, {}, sb::client::DeliveryState::Acked, {}};
}

ChatMessage mentionIn(const QString &room, const QString &from, const QString &text)
{
    return{room, 1, from, text, 1000, {}, sb::client::DeliveryState::Acked, {}};
}
} // namespace

class NotificationsTest : public QObject
{
    Q_OBJECT

public:
    explicit NotificationsTest(const PrivateSessionBus &bus)
        : m_bus(bus)
    {
    }

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void notifySaysWhoAndWhat();
    void aBurstIsOneNotificationPerConversation();
    void aClosedNotificationIsNotReplaced();
    void nothingForTheConversationOpenInTheFocusedWindow();
    void readingTheConversationRestartsItsCount();
    void nothingWhenSwitchedOff();
    void clickingOpensTheConversation();
    void withoutAServerItFallsBack();

private:
    const PrivateSessionBus &m_bus;
    std::unique_ptr<FakeNotificationServer> m_server;
    std::unique_ptr<QWidget> m_window;
};

void NotificationsTest::initTestCase()
{
    if (!m_bus.isInstalled())
        QSKIP(qPrintable(m_bus.problem()));
    QVERIFY2(m_bus.isRunning(), qPrintable(m_bus.problem()));
    QVERIFY(QDBusConnection::sessionBus().isConnected());
}

void NotificationsTest::init()
{
    m_server = std::make_unique<FakeNotificationServer>(m_bus.address());
    QVERIFY(m_server->start());
    m_window = std::make_unique<QWidget>(); // not shown: never the focused window
}

void NotificationsTest::cleanup()
{
    m_window.reset();
    m_server.reset();
}

void NotificationsTest::notifySaysWhoAndWhat()
{
    Notifier notifier(m_window.get());
    QCOMPARE(notifier.channel(), Notifier::Channel::DesktopNotifications);

    notifier.notify(directFrom("bob", "are you there?"), true, "general");
    notifier.notify(mentionIn("general", "carol", "@alice look at NVDA"), false, "random");
    QTRY_COMPARE(m_server->calls().size(), 2);

    const auto &dm = m_server->calls().at(0);
    QCOMPARE(dm.appName, QStringLiteral("Switchboard"));
    QCOMPARE(dm.appIcon, QStringLiteral("switchboard")); // Icon= of installer/switchboard.desktop
    QCOMPARE(dm.summary, QStringLiteral("bob (direct message)"));
    QCOMPARE(dm.body, QStringLiteral("are you there?"));
    QCOMPARE(dm.replacesId, 0u);
    QCOMPARE(dm.actions.value(0), QStringLiteral("default"));
    QCOMPARE(dm.hints.value("desktop-entry").toString(), QStringLiteral("switchboard"));

    const auto &mention = m_server->calls().at(1);
    QCOMPARE(mention.summary, QStringLiteral("carol in #general"));
    QCOMPARE(mention.body, QStringLiteral("@alice look at NVDA"));
    QVERIFY(mention.id != dm.id);
    QCOMPARE(notifier.notifiedCount(), 2);
}

void NotificationsTest::aBurstIsOneNotificationPerConversation()
{
    Notifier notifier(m_window.get());
    // What a reconnect's catch-up does: 200 DMs and a few mentions in one pass of the event loop.
    for (int seq = 1; seq <= 200; ++seq)
        notifier.notify(directFrom("bob", QString("missed %1").arg(seq), seq), true, "general");
    for (int i = 1; i <= 3; ++i)
        notifier.notify(
            mentionIn("random", "carol", QString("@alice %1").arg(i)), false, "general");
    QTRY_COMPARE(m_server->calls().size(), 2);
    const auto bob = m_server->calls().at(0);
    QCOMPARE(bob.summary, QStringLiteral("bob (direct message)"));
    QCOMPARE(bob.body, QStringLiteral("200 new messages\nmissed 200"));
    QCOMPARE(m_server->calls().at(1).body, QStringLiteral("3 new messages\n@alice 3"));
    QCOMPARE(notifier.notifiedCount(), 203);

    // Bob's notification is still shown: the next DM replaces it (whether or not the id of the
    // first Notify has come back yet), counting on.
    notifier.notify(directFrom("bob", "one more", 201), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 3);
    const auto replacement = m_server->calls().at(2);
    QCOMPARE(replacement.replacesId, bob.id);
    QCOMPARE(replacement.id, bob.id);
    QCOMPARE(replacement.body, QStringLiteral("201 new messages\none more"));
}

void NotificationsTest::aClosedNotificationIsNotReplaced()
{
    Notifier notifier(m_window.get());
    auto *backend = notifier.findChild<sb::ui::NotificationBackend *>();
    QVERIFY(backend);
    QSignalSpy closed(backend, &sb::ui::NotificationBackend::closed);

    notifier.notify(directFrom("bob", "first", 1), true, "general");
    notifier.notify(directFrom("bob", "second", 2), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 1);
    const uint first = m_server->calls().at(0).id;
    // The id must be known on the client's side before the server's signal can be matched.
    notifier.notify(directFrom("bob", "third", 3), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 2);
    QCOMPARE(m_server->calls().at(1).replacesId, first);

    m_server->close(first);
    QVERIFY(closed.wait());
    QCOMPARE(closed.first().first().toString(), QStringLiteral("@bob"));

    notifier.notify(directFrom("bob", "after you closed it", 4), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 3);
    QCOMPARE(m_server->calls().at(2).replacesId, 0u);
    QCOMPARE(m_server->calls().at(2).body, QStringLiteral("after you closed it"));
}

void NotificationsTest::nothingForTheConversationOpenInTheFocusedWindow()
{
    Notifier notifier(m_window.get());
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

    notifier.notify(directFrom("bob", "you are reading this"), true, "@bob");
    notifier.notify(directFrom("dave", "but not this"), true, "@bob");
    // Both would have gone out in the same burst, bob's first: dave's alone proves bob's did not.
    QTRY_COMPARE(m_server->calls().size(), 1);
    QCOMPARE(m_server->calls().at(0).summary, QStringLiteral("dave (direct message)"));
    QCOMPARE(notifier.notifiedCount(), 1);
}

void NotificationsTest::readingTheConversationRestartsItsCount()
{
    Notifier notifier(m_window.get());
    notifier.notify(directFrom("bob", "one", 1), true, "general");
    notifier.notify(directFrom("bob", "two", 2), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 1);
    QCOMPARE(m_server->calls().at(0).body, QStringLiteral("2 new messages\ntwo"));

    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    notifier.notify(directFrom("bob", "read as it came", 3), true, "@bob");
    // The user moved on to #general: bob's next message replaces the stale notification,
    // counting only what is unread.
    notifier.notify(directFrom("bob", "still there?", 4), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 2);
    QCOMPARE(m_server->calls().at(1).replacesId, m_server->calls().at(0).id);
    QCOMPARE(m_server->calls().at(1).body, QStringLiteral("still there?"));
}

void NotificationsTest::nothingWhenSwitchedOff()
{
    Notifier notifier(m_window.get());
    notifier.setEnabled(false);
    notifier.notify(directFrom("bob", "muted"), true, "general");
    notifier.setEnabled(true);
    notifier.notify(directFrom("dave", "heard"), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 1);
    QCOMPARE(m_server->calls().at(0).body, QStringLiteral("heard"));
}

void NotificationsTest::clickingOpensTheConversation()
{
    Notifier notifier(m_window.get());
    QSignalSpy activated(&notifier, &Notifier::activated);
    notifier.notify(directFrom("bob", "call me"), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 1);
    const uint id = m_server->calls().at(0).id;
    // The id reaches the client with the Notify reply; a click before that could not be matched.
    // Another Notify of bob's conversation replaces this one only once the id is known.
    notifier.notify(directFrom("bob", "please", 2), true, "general");
    QTRY_COMPARE(m_server->calls().size(), 2);

    m_server->invokeAction(id + 100, "default"); // another application's notification
    m_server->invokeAction(id, "default");
    QVERIFY(activated.wait());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toString(), QStringLiteral("@bob"));
}

void NotificationsTest::withoutAServerItFallsBack()
{
    m_server->stop();
    Notifier notifier(m_window.get());
    // Offscreen there is no tray either: no notification, but nothing breaks.
    QCOMPARE(notifier.channel(), Notifier::Channel::None);
    notifier.notify(directFrom("bob", "nobody shows this"), true, "general");
    QCOMPARE(notifier.notifiedCount(), 1);
}

int main(int argc, char **argv)
{
    // Before QApplication and before anything asks for the session bus, so that this process's
    // session bus is the private one and no notification reaches the desktop running the tests.
    PrivateSessionBus bus;
    if (bus.isRunning())
        bus.useAsSessionBus();
    QApplication app(argc, argv);
    NotificationsTest test(bus);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_notifications.moc"
