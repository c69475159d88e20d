// The market's lane: a real server's feed, a real Session's ticker subscriptions, and the
// MarketController that feeds the watchlist and the price series.
#include "ChatStack.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
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
    std::unique_ptr<ChatStack> m_app;
    MarketController *m_market = nullptr;
};

void MarketControllerTest::init()
{
    m_app = std::make_unique<ChatStack>();
    QVERIFY(m_app->start({}));
    m_market = m_app->market.get();
    new QAbstractItemModelTester(m_market->tickers(), QAbstractItemModelTester::FailureReportingMode::Fatal,
                                 m_market);
    QTRY_COMPARE(m_app->connection.state(), ConnectionState::Open);
}

void MarketControllerTest::cleanup()
{
    m_app.reset();
}

void MarketControllerTest::ticksFillTheWatchlistInAlphabeticalOrderAndTheSeries()
{
    QSignalSpy prices(m_market, &MarketController::pricesChanged);
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
