// The market's lane: a real server's feed, a real Session's ticker subscriptions, and the
// MarketController that feeds the watchlist and the price series.
#include "TestServer.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "models/MarketController.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;

class MarketControllerTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void ticksFillTheWatchlistInAlphabeticalOrderAndTheSeries();
    void aRemovedSymbolStaysOffTheWatchlistWhileItsSeriesGoesOn();
    void onlyTheFollowedSymbolsArrive();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ConnectionManager> m_connection;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MarketController> m_market;
};

void MarketControllerTest::init()
{
    m_server = std::make_unique<TestServer>();
    m_connection = std::make_unique<ConnectionManager>();
    m_session = std::make_unique<Session>(*m_connection);
    QString error;
    QVERIFY(m_session->start(m_server->url(), {"alice", {}, "alice-install", "test"},
                             m_dir.filePath(QTest::currentTestFunction()), &error));
    m_market = std::make_unique<MarketController>(m_session->tickers());
    new QAbstractItemModelTester(m_market->tickers(), QAbstractItemModelTester::FailureReportingMode::Fatal,
                                 m_market.get());
    QTRY_COMPARE(m_connection->state(), ConnectionState::Open);
}

void MarketControllerTest::cleanup()
{
    m_market.reset();
    m_session.reset();
    m_connection.reset();
    m_server.reset();
}

void MarketControllerTest::ticksFillTheWatchlistInAlphabeticalOrderAndTheSeries()
{
    QSignalSpy prices(m_market.get(), &MarketController::pricesChanged);
    m_market->follow({"NVDA", "MSFT", "AAPL"}, 20);
    QTRY_COMPARE(m_market->tickers()->rowCount(), 3);
    // Alphabetical, whichever symbol's first tick came first: the same list at every start.
    QCOMPARE(m_market->tickers()->symbols(), (QStringList {"AAPL", "MSFT", "NVDA"}));
    QVERIFY(prices.size() >= 1);
    QTRY_VERIFY(m_market->series().tickCount("AAPL") > 0);
    QVERIFY(m_market->series().lastPrice("NVDA") > 0);
}

void MarketControllerTest::aRemovedSymbolStaysOffTheWatchlistWhileItsSeriesGoesOn()
{
    m_market->follow({"NVDA", "MSFT", "AAPL"}, 20);
    QTRY_COMPARE(m_market->tickers()->rowCount(), 3);

    m_market->removeFromWatchlist("NVDA");
    QCOMPARE(m_market->tickers()->symbols(), (QStringList {"AAPL", "MSFT"}));
    const qint64 before = m_market->series().tickCount("NVDA");
    QTRY_VERIFY(m_market->series().tickCount("NVDA") > before);
    QCOMPARE(m_market->tickers()->symbols(), (QStringList {"AAPL", "MSFT"}));
}

void MarketControllerTest::onlyTheFollowedSymbolsArrive()
{
    m_market->follow({"MSFT"}, 20);
    QTRY_VERIFY(m_market->series().tickCount("MSFT") > 2);
    QCOMPARE(m_market->tickers()->symbols(), (QStringList {"MSFT"}));
    QCOMPARE(m_market->series().tickCount("NVDA"), 0);
}

QTEST_GUILESS_MAIN(MarketControllerTest)
#include "tst_marketcontroller.moc"
