// The app comes back as the user left it: a window is made, changed, destroyed, and a new one
// made on the same settings must show the same geometry, dock and splitters, the conversation
// that was open, every unsent draft, and the place the user was reading in each conversation.
#include "TestClient.h"
#include "ChatStack.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "models/ChatController.h"
#include "protocol/MessageType.h"
#include "ui/MainWindow.h"
#include "ui/ServerSettings.h"
#include "ui/WindowMemory.h"
#include "ui/chart/ChartPanel.h"
#include "ui/chart/WatchlistView.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/Composer.h"

#include <QDockWidget>
#include <QListView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;
namespace T = sb::protocol::MessageType;

class WindowMemoryTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void geometryDockAndSplittersComeBack();
    void openConversationAndDraftsComeBack();
    void readingPositionComesBackPerConversation();
    void readingAtTheBottomStaysAtTheBottom();
    void chartComesBackPerServer();

private:
    std::unique_ptr<sb::ui::MainWindow> makeWindow();
    // The seq of the top visible message.
    qint64 topSeq(sb::ui::MainWindow &window) const;
    void scrollToRow(sb::ui::MainWindow &window, int row);

    std::unique_ptr<ChatStack> m_app;
};

void WindowMemoryTest::initTestCase()
{
    m_app = std::make_unique<ChatStack>();
    QVERIFY(m_app->server.isRunning());
    // Enough history in #general to scroll through.
    auto bob = TestClient::connectAs(m_app->server.url(), "bob");
    QVERIFY(bob);
    bob->request(T::RoomJoin, {{"room", "general"}});
    for (int i = 0; i < 80; ++i)
        bob->request(T::ChatSend, {{"room", "general"}, {"text", QStringLiteral("message number %1").arg(i)}});

    QVERIFY(m_app->start({"general", "random"}));
    m_app->market->follow({"*"}, 20); // as the app does: the watchlist fills
    QTRY_COMPARE(m_app->connection.state(), ConnectionState::Open);
    QTRY_VERIFY2(m_app->controller->messages()->rowCount() >= 40, qPrintable(QString::number(m_app->controller->messages()->rowCount())));
}

void WindowMemoryTest::init()
{
    QSettings().clear();
    m_app->controller->openConversation("general"); // as the app opens the first room at start
}

void WindowMemoryTest::cleanupTestCase()
{
    m_app.reset();
}

std::unique_ptr<sb::ui::MainWindow> WindowMemoryTest::makeWindow()
{
    auto window = std::make_unique<sb::ui::MainWindow>(m_app->windowParts());
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QCoreApplication::processEvents();
    return window;
}

qint64 WindowMemoryTest::topSeq(sb::ui::MainWindow &window) const
{
    QListView *list = window.chatView()->listView();
    return list->indexAt(QPoint(list->viewport()->width() / 2, 1)).data(MessageListModel::SeqRole).toLongLong();
}

void WindowMemoryTest::scrollToRow(sb::ui::MainWindow &window, int row)
{
    QListView *list = window.chatView()->listView();
    list->doItemsLayout(); // rows are laid out lazily
    list->scrollTo(list->model()->index(row, 0), QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();
}

void WindowMemoryTest::geometryDockAndSplittersComeBack()
{
    QList<int> markets;
    {
        auto window = makeWindow();
        QVERIFY(window);
        window->resize(1200, 720);
        auto *split = window->findChild<QSplitter *>("MarketsSplitter");
        split->setSizes({150, 450});
        QCoreApplication::processEvents();
        markets = split->sizes();
        window->findChild<QDockWidget *>("MarketsDock")->close();
        window->close();
    }
    auto window = makeWindow();
    QVERIFY(window);
    QCOMPARE(window->size(), QSize(1200, 720));
    QVERIFY(!window->findChild<QDockWidget *>("MarketsDock")->isVisible());
    window->findChild<QDockWidget *>("MarketsDock")->show();
    QTRY_COMPARE(window->findChild<QSplitter *>("MarketsSplitter")->sizes(), markets);
}

void WindowMemoryTest::openConversationAndDraftsComeBack()
{
    {
        auto window = makeWindow();
        QVERIFY(window);
        QPlainTextEdit *editor = window->composer()->editor();
        editor->setFocus();
        QTest::keyClicks(editor, "draft for general");
        m_app->controller->openConversation("random");
        QTest::keyClicks(editor, "half a thought");
        window.reset(); // destroyed without a close, as a crash-free quit may do
    }
    m_app->controller->openConversation("general"); // the app's first room at start
    auto window = makeWindow();
    QVERIFY(window);
    QCOMPARE(m_app->controller->currentConversation(), QString("random"));
    QCOMPARE(window->composer()->text(), QString("half a thought"));
    QCOMPARE(window->composer()->draft("general"), QString("draft for general"));
    // A sent message leaves no draft behind for the next start.
    QTest::keyClick(window->composer()->editor(), Qt::Key_Return);
    window->close();
    window.reset();
    window = makeWindow();
    QVERIFY(window);
    QCOMPARE(window->composer()->text(), QString());
    QCOMPARE(window->composer()->draft("general"), QString("draft for general"));
    // Per server: another server has none of it.
    QVERIFY(!sb::ui::ServerSettings(QUrl("ws://elsewhere.example:8765")).value("drafts").isValid());
    QCOMPARE(sb::ui::WindowMemory::rememberedConversation(m_app->server.url()), QString("random"));
}

void WindowMemoryTest::readingPositionComesBackPerConversation()
{
    qint64 readingAt = 0;
    {
        auto window = makeWindow();
        QVERIFY(window);
        QTRY_VERIFY(window->chatView()->isAtBottom());
        scrollToRow(*window, 3);
        readingAt = topSeq(*window);
        QVERIFY(readingAt > 0);
        QVERIFY(!window->chatView()->isAtBottom());
        // A look at another room and back keeps the place too.
        m_app->controller->openConversation("random");
        QCoreApplication::processEvents();
        m_app->controller->openConversation("general");
        QTRY_COMPARE(topSeq(*window), readingAt);
        window->close();
    }
    auto window = makeWindow();
    QVERIFY(window);
    QTRY_COMPARE(topSeq(*window), readingAt);
    QVERIFY(!window->chatView()->isAtBottom());
}

void WindowMemoryTest::readingAtTheBottomStaysAtTheBottom()
{
    {
        auto window = makeWindow();
        QVERIFY(window);
        scrollToRow(*window, 10);
        window->chatView()->scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY(window->chatView()->isAtBottom());
        window->close();
    }
    auto window = makeWindow();
    QVERIFY(window);
    QTRY_VERIFY(window->chatView()->isAtBottom());
}

void WindowMemoryTest::chartComesBackPerServer()
{
    using Mode = sb::ui::ChartPanel::Mode;
    {
        auto window = makeWindow();
        sb::ui::ChartPanel *chart = window->chartPanel();
        QTRY_VERIFY(m_app->market->tickers()->rowOf("NVDA") >= 0);
        chart->setWindowMs(5 * 60 * 1000);
        chart->setMode(Mode::Candles);
        window->watchlist()->selectSymbols({"MSFT", "AAPL"}); // the user's pick
        QTRY_COMPARE(chart->symbols(), (QStringList {"AAPL", "MSFT"}));
    }
    const sb::ui::ServerSettings here(m_app->server.url());
    QCOMPARE(here.value("chart/symbols").toStringList(), (QStringList {"AAPL", "MSFT"}));
    QVERIFY(!sb::ui::ServerSettings(QUrl("ws://127.0.0.1:1")).value("chart/symbols").isValid());

    auto window = makeWindow();
    sb::ui::ChartPanel *chart = window->chartPanel();
    QCOMPARE(chart->symbols(), (QStringList {"AAPL", "MSFT"}));
    QCOMPARE(chart->windowMs(), 5 * 60 * 1000);
    QCOMPARE(chart->mode(), Mode::Candles);
    QTRY_COMPARE(window->watchlist()->selectedSymbols(), (QStringList {"AAPL", "MSFT"}));
    QCOMPARE(here.value("chart/symbols").toStringList(), (QStringList {"AAPL", "MSFT"}));

    chart->setMode(Mode::Line);
    window->watchlist()->selectSymbols({"NVDA"});
    QTRY_COMPARE(here.value("chart/symbols").toStringList(), QStringList {"NVDA"});
    QCOMPARE(here.value("chart/mode").toString(), QString("lines"));
}

QTEST_MAIN(WindowMemoryTest)
#include "tst_windowmemory.moc"
