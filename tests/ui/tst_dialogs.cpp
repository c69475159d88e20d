// The small windows: the quick switcher's matching, the settings' validation, the search over
// the local cache, and when a notification is due.
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "ui/Notifier.h"
#include "ui/dialogs/QuickSwitcher.h"
#include "ui/dialogs/SearchDialog.h"
#include "ui/dialogs/SettingsDialog.h"

#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::ui;

class DialogsTest : public QObject
{
    Q_OBJECT

private slots:
    void quickSwitcherPrefersPrefixMatches();
    void settingsAreValidatedInWords();
    void searchFindsCachedMessages();
    void notificationsOnlyWhenTheUserLooksElsewhere();
};

void DialogsTest::quickSwitcherPrefersPrefixMatches()
{
    const QStringList all{"general", "markets", "random", "@marta", "trading-desk"};
    QCOMPARE(QuickSwitcher::matches(all, "mar"), (QStringList{"markets", "@marta"}));
    QCOMPARE(QuickSwitcher::matches(all, "#ra"), (QStringList{"random", "general", "trading-desk"}));
    QCOMPARE(QuickSwitcher::matches(all, "@MAR"), (QStringList{"markets", "@marta"}));
    QCOMPARE(QuickSwitcher::matches(all, "").size(), all.size());
    QVERIFY(QuickSwitcher::matches(all, "zzz").isEmpty());

    QuickSwitcher switcher(all);
    auto *filter = switcher.findChild<QLineEdit *>();
    QTest::keyClicks(filter, "desk");
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(switcher.chosen(), QStringLiteral("trading-desk"));
}

void DialogsTest::settingsAreValidatedInWords()
{
    AppSettings good;
    good.name = "alice";
    QVERIFY(SettingsDialog::problemWith(good).isEmpty());
    AppSettings badUrl = good;
    badUrl.server = QUrl("http://example.com");
    QVERIFY(SettingsDialog::problemWith(badUrl).contains("ws://"));
    AppSettings badName = good;
    badName.name = "no spaces please";
    QVERIFY(SettingsDialog::problemWith(badName).contains("letters"));

    SettingsDialog dialog(good, SettingsDialog::Purpose::FirstRun);
    QCOMPARE(dialog.settings().server, good.server);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Connect to Switchboard"));
}

void DialogsTest::searchFindsCachedMessages()
{
    QTemporaryDir dir;
    sb::client::ConnectionManager connection;
    sb::client::Session session(connection);
    QString error;
    // No server needed: search reads only what this computer has.
    QVERIFY(session.start(QUrl("ws://127.0.0.1:1"), {"alice", {}, "x", "test"}, dir.path(), &error));
    QList<sb::client::ChatMessage> messages;
    for (int seq = 1; seq <= 30; ++seq)
        messages.append({"general", seq, "bob", seq % 10 == 0 ? "NVDA breaks out" : "chatter", 1000 * seq,
                         "c", sb::client::DeliveryState::Acked, {}});
    session.store().saveMessages(messages);
    SearchDialog search(session, "general");
    QTest::keyClicks(search.findChild<QLineEdit *>(), "nvda");
    QCOMPARE(search.resultCount(), 3);
    connection.close();
}

void DialogsTest::notificationsOnlyWhenTheUserLooksElsewhere()
{
    QWidget window; // offscreen: never the active window
    Notifier notifier(&window);
    sb::client::ChatMessage mention{"general", 5, "bob", "@alice hi", 1, "c", sb::client::DeliveryState::Acked, {}};
    QVERIFY(notifier.wouldNotify(mention, "general")); // the window is not focused
    notifier.setEnabled(false);
    QVERIFY(!notifier.wouldNotify(mention, "random"));
    notifier.setEnabled(true);
    notifier.notify(mention, false, "random");
    QCOMPARE(notifier.notifiedCount(), 1);
}

QTEST_MAIN(DialogsTest)
#include "tst_dialogs.moc"
