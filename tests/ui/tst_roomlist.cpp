// RoomListView (and PresenceView) on real models: badges follow the unread state, section
// headers, activation by click and Enter, the join dialog's validation loop, empty states.
#include "ChatMessages.h"
#include "MenuShot.h"
#include "models/PresenceModel.h"
#include "models/RoomListModel.h"
#include "ui/chat/PersonMenu.h"
#include "ui/chat/PresenceDelegate.h"
#include "ui/chat/PresenceView.h"
#include "ui/chat/RoomDelegate.h"
#include "ui/chat/RoomListView.h"
#include "ui/chat/RoomMenu.h"
#include "ui/ServerSettings.h"
#include "ui/Theme.h"

#include <QAction>
#include <QDateTime>
#include <QEnterEvent>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using models::RoomListModel;
using ui::RoomDelegate;
using ui::RoomListView;

namespace {

struct Fixture
{
    RoomListModel model;
    RoomListView view;

    Fixture()
    {
        model.setRooms({{"general", 10, 0}, {"markets", 4, 0}, {"random", 3, 0}});
        model.addConversation("@bob", RoomListModel::DirectKind);
        view.setModel(&model);
        view.resize(260, 480);
        view.show();
    }
    QListView *list() const { return view.listView(); }
    QModelIndex row(const QString &name) const { return model.index(model.rowOf(name)); }
    QStyleOptionViewItem option(const QModelIndex &index) const
    {
        QStyleOptionViewItem option;
        option.initFrom(list());
        option.rect = list()->visualRect(index);
        return option;
    }
    void note(const QString &room, qint64 seq, bool mention = false)
    {
        const qint64 ts = 1700000000000 + seq;
        model.noteMessage(sb::test::chatMessage(room, seq, "alice", "hi", ts), false, mention);
    }
};

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) < 24 && qAbs(a.green() - b.green()) < 24
        && qAbs(a.blue() - b.blue()) < 24;
}

} // namespace

class TestRoomList : public QObject
{
    Q_OBJECT

private slots:
    void badgesFollowUnread();
    void sectionHeadersStartEachKind();
    void clickActivatesConversation();
    void enterActivatesCurrentRow();
    void roomNameValidation_data();
    void roomNameValidation();
    void joinAsksAgainUntilValid();
    void joinCancelled();
    void emptyState();
    void presenceTitleCountsPeople();
    void presenceFadesWhileNotLive();
    void pointerOverPeopleHoldsTheirOrder();
    void roomMenuMarksReadMutesAndLeaves();
    void personMenuMessagesAndMentions();
};

void TestRoomList::badgesFollowUnread()
{
    Fixture f;
    QTRY_VERIFY(f.list()->visualRect(f.row("general")).height() > 0);
    RoomDelegate *delegate = f.view.delegate();
    QVERIFY(delegate->unreadBadgeRect(f.option(f.row("general")), f.row("general")).isEmpty());

    f.note("general", 1);
    f.note("general", 2);
    f.note("random", 1, true);
    QCOMPARE(f.row("general").data(RoomListModel::UnreadRole).toInt(), 2);
    const QRect badge = delegate->unreadBadgeRect(f.option(f.row("general")), f.row("general"));
    QVERIFY(!badge.isEmpty());
    QVERIFY(f.list()->visualRect(f.row("general")).contains(badge));
    QCOMPARE(RoomDelegate::unreadBadgeText(2), QString("2"));
    QCOMPARE(RoomDelegate::unreadBadgeText(250), QString("99+"));
    QCOMPARE(RoomDelegate::unreadBadgeText(0), QString());
    QVERIFY(!delegate->mentionBadgeRect(f.option(f.row("random")), f.row("random")).isEmpty());
    QVERIFY(delegate->mentionBadgeRect(f.option(f.row("general")), f.row("general")).isEmpty());

    // The pill is painted in the accent colour (sampled inside its rounded end, off the digit).
    const QImage image = f.list()->viewport()->grab().toImage();
    const QPoint inside(badge.left() + 4, badge.center().y());
    QVERIFY2(near(image.pixelColor(inside), ui::Theme::accent()),
        qPrintable(image.pixelColor(inside).name()));

    // Opening the conversation clears its badge.
    f.model.setCurrent("general");
    QVERIFY(delegate->unreadBadgeRect(f.option(f.row("general")), f.row("general")).isEmpty());
}

void TestRoomList::sectionHeadersStartEachKind()
{
    Fixture f;
    QVERIFY(RoomDelegate::startsSection(f.row("general")));
    QVERIFY(!RoomDelegate::startsSection(f.row("markets")));
    QVERIFY(RoomDelegate::startsSection(f.row("@bob")));
    QTRY_VERIFY(f.list()->visualRect(f.row("@bob")).height() > 0);
    QCOMPARE(f.list()->visualRect(f.row("markets")).height(), RoomDelegate::RowHeight);
    QCOMPARE(f.list()->visualRect(f.row("general")).height(),
        RoomDelegate::RowHeight + RoomDelegate::HeaderHeight);
    QCOMPARE(f.list()->visualRect(f.row("@bob")).height(),
        RoomDelegate::RowHeight + RoomDelegate::HeaderHeight);

    // A new first room moves the header with it.
    f.model.addConversation("alpha", RoomListModel::RoomKind);
    QVERIFY(RoomDelegate::startsSection(f.row("alpha")));
    QVERIFY(!RoomDelegate::startsSection(f.row("general")));
    QTRY_COMPARE(f.list()->visualRect(f.row("general")).height(), RoomDelegate::RowHeight);
}

void TestRoomList::clickActivatesConversation()
{
    Fixture f;
    QSignalSpy activated(&f.view, &RoomListView::conversationActivated);
    QTRY_VERIFY(f.list()->visualRect(f.row("@bob")).height() > 0);
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {},
        f.list()->visualRect(f.row("markets")).center());
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QString("markets"));

    const QRect bob = f.list()->visualRect(f.row("@bob"));
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {},
        QPoint(bob.center().x(), bob.bottom() - RoomDelegate::RowHeight / 2));
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.at(1).at(0).toString(), QString("@bob"));

    // The "DIRECT" header above bob is not bob.
    QTest::mouseClick(f.list()->viewport(), Qt::LeftButton, {}, bob.topLeft() + QPoint(20, 8));
    QCOMPARE(activated.count(), 2);
}

void TestRoomList::enterActivatesCurrentRow()
{
    Fixture f;
    QSignalSpy activated(&f.view, &RoomListView::conversationActivated);
    f.list()->setFocus();
    f.list()->setCurrentIndex(f.row("random"));
    QTest::keyClick(f.list(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QString("random"));
}

void TestRoomList::roomNameValidation_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "general" << "general" << true;
    QTest::newRow("hash and case") << "  #Markets " << "markets" << true;
    QTest::newRow("digits, dash, underscore") << "q3-earnings_2024" << "q3-earnings_2024" << true;
    QTest::newRow("one char") << "a" << "a" << true;
    QTest::newRow("64 chars") << QString(64, 'x') << QString(64, 'x') << true;
    QTest::newRow("65 chars") << QString(65, 'x') << QString(65, 'x') << false;
    QTest::newRow("empty") << "" << "" << false;
    QTest::newRow("only hash") << "#" << "" << false;
    QTest::newRow("leading dash") << "-room" << "-room" << false;
    QTest::newRow("leading underscore") << "_room" << "_room" << false;
    QTest::newRow("space") << "my room" << "my room" << false;
    QTest::newRow("dot") << "a.b" << "a.b" << false;
    QTest::newRow("non-ascii") << "café" << "café" << false;
}

void TestRoomList::roomNameValidation()
{
    QFETCH(QString, input);
    QFETCH(QString, normalized);
    QFETCH(bool, valid);
    QCOMPARE(RoomListView::normalizedRoomName(input), normalized);
    QCOMPARE(RoomListView::isValidRoomName(normalized), valid);
}

void TestRoomList::joinAsksAgainUntilValid()
{
    Fixture f;
    QSignalSpy joined(&f.view, &RoomListView::joinRequested);
    QStringList answers {"Bad Name!", "#Trading-Desk"};
    QStringList labels;
    QStringList prefills;
    f.view.setNamePrompt([&](const QString &label, const QString &text, bool *ok) {
        labels << label;
        prefills << text;
        *ok = true;
        return answers.takeFirst();
    });
    QTest::mouseClick(f.view.joinButton(), Qt::LeftButton);
    QCOMPARE(labels.size(), 2);
    QVERIFY(!labels.at(0).contains(RoomListView::roomNameRule()));
    QVERIFY(labels.at(1).contains(RoomListView::roomNameRule())); // says what is wrong
    QVERIFY(labels.at(1).contains("Bad Name!"));
    QCOMPARE(prefills.at(1), QString("Bad Name!")); // the user fixes it rather than retyping
    QCOMPARE(joined.count(), 1);
    QCOMPARE(joined.at(0).at(0).toString(), QString("trading-desk"));
}

void TestRoomList::joinCancelled()
{
    Fixture f;
    QSignalSpy joined(&f.view, &RoomListView::joinRequested);
    int asked = 0;
    f.view.setNamePrompt([&](const QString &, const QString &, bool *ok) {
        ++asked;
        *ok = false;
        return QString("general");
    });
    f.view.askToJoin();
    QCOMPARE(asked, 1);
    QCOMPARE(joined.count(), 0);
}

void TestRoomList::emptyState()
{
    RoomListModel model;
    RoomListView view;
    QVERIFY(view.isEmptyStateVisible());
    view.setModel(&model);
    QVERIFY(view.isEmptyStateVisible());
    model.addConversation("general", RoomListModel::RoomKind);
    QVERIFY(!view.isEmptyStateVisible());
    model.removeConversation("general");
    QVERIFY(view.isEmptyStateVisible());
}

void TestRoomList::presenceTitleCountsPeople()
{
    models::PresenceModel people;
    ui::PresenceView view;
    view.setModel(&people);
    QCOMPARE(view.title(), QString("PEOPLE · 0"));
    people.setSnapshot("general", {{"alice", "online"}, {"bob", "away"}, {"carol", "offline"}});
    QCOMPARE(view.title(), QString("PEOPLE · 3"));
    people.userJoined("dave");
    QCOMPARE(view.title(), QString("PEOPLE · 4"));
    people.userLeft("alice");
    QCOMPARE(view.title(), QString("PEOPLE · 3"));
}

void TestRoomList::presenceFadesWhileNotLive()
{
    models::PresenceModel people;
    people.setSnapshot("general", {{"alice", "online"}, {"bob", "away"}, {"carol", "busy"}});
    ui::PresenceView view;
    view.setModel(&people);
    view.resize(240, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage live = view.grab().toImage();

    const QDateTime at(QDate::currentDate(), QTime(14, 2, 30));
    view.setLive(false, at.toMSecsSinceEpoch());
    QVERIFY(view.isStale());
    QCOMPARE(view.title(), QString("PEOPLE · 3 · AS OF 14:02"));
    QVERIFY(view.delegate()->isStale());
    QVERIFY(view.grab().toImage() != live); // the rows fade

    view.setLive(true, at.toMSecsSinceEpoch() + 60'000);
    QVERIFY(!view.isStale());
    QCOMPARE(view.title(), QString("PEOPLE · 3"));
    QCOMPARE(view.grab().toImage(), live);
    view.setLive(false, 0); // never live: nothing on screen to mistrust
    QVERIFY(!view.isStale());
}

void TestRoomList::pointerOverPeopleHoldsTheirOrder()
{
    models::PresenceModel people;
    people.setSnapshot("general", {{"alice", "online"}, {"bob", "online"}, {"carol", "away"}});
    ui::PresenceView view;
    view.setModel(&people);
    view.resize(240, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QWidget *viewport = view.listView()->viewport();
    const QPointF inside(viewport->rect().center());
    QEnterEvent enter(inside, viewport->mapTo(&view, inside), viewport->mapToGlobal(inside));
    QCoreApplication::sendEvent(viewport, &enter);
    QVERIFY(people.isOrderHeld());
    people.setStatus("alice", "away"); // would sort below bob
    QCOMPARE(people.rowOf("alice"), 0); // the row under the pointer stays put
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(viewport, &leave);
    QVERIFY(!people.isOrderHeld());
    QCOMPARE(people.rowOf("bob"), 0);
    QCOMPARE(people.rowOf("alice"), 1);
}

void TestRoomList::roomMenuMarksReadMutesAndLeaves()
{
    const QUrl server("ws://127.0.0.1:9911");
    {
        Fixture f;
        ui::RoomMenu menus(&f.view, server);
        QSignalSpy leave(&menus, &ui::RoomMenu::leaveRequested);
        f.note("general", 1);
        f.note("general", 2, true);
        f.note("markets", 1);
        QCOMPARE(f.model.totalUnread(), 3);

        QMenu *menu = menus.menuFor(f.row("general"));
        QVERIFY(menu);
        sb::test::saveMenuShot(menu, "menu-room");
        QVERIFY(menu->findChild<QAction *>("markRead")->isEnabled());
        menu->findChild<QAction *>("markRead")->trigger();
        QCOMPARE(f.row("general").data(RoomListModel::UnreadRole).toInt(), 0);
        QVERIFY(!f.row("general").data(RoomListModel::HasMentionRole).toBool());
        QCOMPARE(f.model.totalUnread(), 1);
        menu->findChild<QAction *>("leave")->trigger();
        QCOMPARE(leave.count(), 1);
        QCOMPARE(leave.at(0).at(0).toString(), QString("general"));
        delete menu;

        // Muted: its count goes, and new messages count nothing.
        menu = menus.menuFor(f.row("markets"));
        QCOMPARE(menu->findChild<QAction *>("mute")->text(), ui::RoomMenu::tr("&Mute"));
        menu->findChild<QAction *>("mute")->trigger();
        delete menu;
        QVERIFY(f.row("markets").data(RoomListModel::MutedRole).toBool());
        QCOMPARE(f.model.totalUnread(), 0);
        f.note("markets", 2);
        QCOMPARE(f.row("markets").data(RoomListModel::UnreadRole).toInt(), 0);
        QCOMPARE(ui::ServerSettings(server).value(ui::RoomMenu::MutedKey).toStringList(),
                 QStringList{"markets"});
        sb::test::saveMenuShot(&f.view, "menu-room-muted");

        // A direct conversation can be muted but not left.
        menu = menus.menuFor(f.row("@bob"));
        QVERIFY(menu->findChild<QAction *>("mute"));
        QVERIFY(!menu->findChild<QAction *>("leave"));
        delete menu;
    }
    // The next start (another model) has it muted again, and Unmute undoes it for good.
    Fixture f;
    ui::RoomMenu menus(&f.view, server);
    QVERIFY(f.model.isMuted("markets"));
    QMenu *menu = menus.menuFor(f.row("markets"));
    QCOMPARE(menu->findChild<QAction *>("mute")->text(), ui::RoomMenu::tr("Un&mute"));
    menu->findChild<QAction *>("mute")->trigger();
    delete menu;
    f.note("markets", 3);
    QCOMPARE(f.row("markets").data(RoomListModel::UnreadRole).toInt(), 1);
    QVERIFY(ui::ServerSettings(server).value(ui::RoomMenu::MutedKey).toStringList().isEmpty());
}

void TestRoomList::personMenuMessagesAndMentions()
{
    models::PresenceModel people;
    ui::PresenceView view;
    view.setModel(&people);
    ui::PersonMenu menus(&view);
    menus.setOwnUser("me");
    people.setSnapshot("general", {{"alice", "online"}, {"me", "online"}});
    QSignalSpy direct(&menus, &ui::PersonMenu::directMessageRequested);
    QSignalSpy mention(&menus, &ui::PersonMenu::mentionRequested);

    const auto rowOf = [&](const QString &user) {
        for (int row = 0; row < people.rowCount(); ++row) {
            if (people.index(row).data(models::PresenceModel::UserNameRole).toString() == user)
                return people.index(row);
        }
        return QModelIndex();
    };
    QMenu *menu = menus.menuFor(rowOf("alice"));
    QVERIFY(menu);
    sb::test::saveMenuShot(menu, "menu-person");
    menu->findChild<QAction *>("directMessage")->trigger();
    menu->findChild<QAction *>("mention")->trigger();
    QCOMPARE(direct.count(), 1);
    QCOMPARE(direct.at(0).at(0).toString(), QString("alice"));
    QCOMPARE(mention.count(), 1);
    QCOMPARE(mention.at(0).at(0).toString(), QString("alice"));
    delete menu;
    QVERIFY(!menus.menuFor(rowOf("me"))); // nothing to do with oneself
}

QTEST_MAIN(TestRoomList)
#include "tst_roomlist.moc"
