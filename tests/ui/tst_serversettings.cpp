// Per-server preferences: two servers never share a value; one server reached by another path
// or with a default port is the same server.
#include "ui/ServerSettings.h"

#include <QSettings>
#include <QTest>

using sb::ui::ServerSettings;

class ServerSettingsTest : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }
    void oneServerUnderManySpellings();
    void serversKeepTheirOwnValues();
    void ipv6HostsMakeAUsableGroup();
};

void ServerSettingsTest::oneServerUnderManySpellings()
{
    QCOMPARE(ServerSettings::groupFor(QUrl("ws://127.0.0.1:8765")), QString("servers/ws_127.0.0.1_8765"));
    QCOMPARE(ServerSettings::groupFor(QUrl("ws://127.0.0.1:8765/chat?x=1")),
             ServerSettings::groupFor(QUrl("ws://127.0.0.1:8765")));
    QCOMPARE(ServerSettings::groupFor(QUrl("wss://Chat.Example.org")),
             ServerSettings::groupFor(QUrl("wss://chat.example.org:443")));
    QVERIFY(ServerSettings::groupFor(QUrl("ws://h:1")) != ServerSettings::groupFor(QUrl("wss://h:1")));
}

void ServerSettingsTest::serversKeepTheirOwnValues()
{
    ServerSettings local(QUrl("ws://127.0.0.1:8765"));
    ServerSettings remote(QUrl("wss://chat.example.org"));
    local.setValue("openConversation", "markets");
    remote.setValue("openConversation", "@bob");
    QCOMPARE(ServerSettings(QUrl("ws://127.0.0.1:8765/")).value("openConversation").toString(), QString("markets"));
    QCOMPARE(remote.value("openConversation").toString(), QString("@bob"));
    QCOMPARE(local.value("missing", 7).toInt(), 7);
    local.remove("openConversation");
    QVERIFY(!local.value("openConversation").isValid());
    QCOMPARE(remote.value("openConversation").toString(), QString("@bob"));
}

void ServerSettingsTest::ipv6HostsMakeAUsableGroup()
{
    ServerSettings v6(QUrl("ws://[::1]:9000"));
    v6.setValue("k", 1);
    QSettings().sync();
    QCOMPARE(v6.value("k").toInt(), 1);
    QVERIFY(!ServerSettings::groupFor(QUrl("ws://[::1]:9000")).contains(u':'));
}

QTEST_GUILESS_MAIN(ServerSettingsTest)
#include "tst_serversettings.moc"
