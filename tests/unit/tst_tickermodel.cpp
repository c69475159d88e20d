// models/TickerModel: the watchlist rows, values after ticks, one dataChanged per changed row
// per batch, the bounded sparkline, adding and removing symbols.
// Every test runs QAbstractItemModelTester (Fatal) over the model while it changes.
#include "models/TickerModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <limits>

using sb::client::MarketTick;
using sb::models::Sparkline;
using sb::models::TickerModel;

namespace {

constexpr qint64 T0 = 1'700'000'100'000; // a multiple of the 5 s sparkline bucket

MarketTick tick(const QString &symbol, double price, qint64 offsetMs = 0, qint64 volume = 10)
{
    return { symbol, price, volume, T0 + offsetMs };
}

struct Fixture {
    TickerModel model;
    QAbstractItemModelTester tester { &model,
        QAbstractItemModelTester::FailureReportingMode::Fatal };

    Fixture() { model.setSymbols({ "AAPL", "NVDA", "AAPL", "", "MSFT" }); }

    QVariant at(const QString &symbol, int role, int column = 0) const
    {
        return model.data(model.index(model.rowOf(symbol), column), role);
    }

    QList<double> sparkline(const QString &symbol) const
    {
        return at(symbol, TickerModel::SparklineRole).value<QList<double>>();
    }
};

} // namespace

class TickerModelTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void rowsAndColumns()
    {
        Fixture f;
        QCOMPARE(f.model.symbols(), (QStringList { "AAPL", "NVDA", "MSFT" }));
        QCOMPARE(f.model.rowCount(), 3);
        QCOMPARE(f.model.columnCount(), int(TickerModel::ColumnCount));
        QCOMPARE(f.model.headerData(TickerModel::LastColumn, Qt::Horizontal).toString(), "Last");
        QCOMPARE(f.at("NVDA", Qt::DisplayRole).toString(), "NVDA");
        // Before the first tick there is nothing to show but the symbol.
        QVERIFY(!f.at("NVDA", TickerModel::LastRole).isValid());
        QVERIFY(!f.at("NVDA", TickerModel::ChangePercentRole).isValid());
        QCOMPARE(f.at("NVDA", Qt::DisplayRole, TickerModel::LastColumn).toString(), QString());
        QCOMPARE(f.at("NVDA", TickerModel::DirectionRole).toInt(), int(TickerModel::Flat));
        QVERIFY(f.sparkline("NVDA").isEmpty());
    }

    void valuesAfterTicks()
    {
        Fixture f;
        f.model.applyTicks(
            { tick("AAPL", 100, 0, 5), tick("AAPL", 110, 100, 7), tick("AAPL", 99, 200, 3) });
        QCOMPARE(f.at("AAPL", TickerModel::LastRole).toDouble(), 99.0);
        QCOMPARE(f.at("AAPL", TickerModel::ChangePercentRole).toDouble(), -1.0);
        QCOMPARE(f.at("AAPL", TickerModel::DirectionRole).toInt(), int(TickerModel::Down));
        QCOMPARE(f.at("AAPL", TickerModel::LastMoveRole).toInt(), int(TickerModel::Down));
        QCOMPARE(f.at("AAPL", TickerModel::HighRole).toDouble(), 110.0);
        QCOMPARE(f.at("AAPL", TickerModel::LowRole).toDouble(), 99.0);
        QCOMPARE(f.at("AAPL", TickerModel::VolumeRole).toLongLong(), 15);
        QCOMPARE(f.at("AAPL", Qt::DisplayRole, TickerModel::LastColumn).toString(), "99.00");
        QCOMPARE(f.at("AAPL", Qt::DisplayRole, TickerModel::ChangeColumn).toString(), "▼1.00%");

        f.model.applyTicks({ tick("AAPL", 103.1, 300) });
        QCOMPARE(f.at("AAPL", TickerModel::DirectionRole).toInt(), int(TickerModel::Up));
        QCOMPARE(f.at("AAPL", TickerModel::LastMoveRole).toInt(), int(TickerModel::Up));
        QCOMPARE(f.at("AAPL", Qt::DisplayRole, TickerModel::ChangeColumn).toString(), "▲3.10%");
        f.model.applyTicks({ tick("AAPL", 100, 400) });
        QCOMPARE(f.at("AAPL", Qt::DisplayRole, TickerModel::ChangeColumn).toString(), "0.00%");
        QCOMPARE(f.at("AAPL", TickerModel::DirectionRole).toInt(), int(TickerModel::Flat));
        QCOMPARE(
            f.at("AAPL", TickerModel::LastRole, TickerModel::SparklineColumn).toDouble(), 100.0);
    }

    void lateAndInvalidTicks()
    {
        Fixture f;
        f.model.applyTicks(
            { tick("NVDA", 50, 1000), tick("NVDA", 40, 500), tick("NVDA", 60, 900) });
        QCOMPARE(f.at("NVDA", TickerModel::LastRole).toDouble(), 50.0); // the newest by time
        QCOMPARE(f.at("NVDA", TickerModel::LowRole).toDouble(), 40.0);
        QCOMPARE(f.at("NVDA", TickerModel::HighRole).toDouble(), 60.0);
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.applyTicks(
            { tick("NVDA", std::numeric_limits<double>::quiet_NaN(), 2000), tick("TSLA", 1) });
        QCOMPARE(dataChanged.count(), 0);
        QCOMPARE(f.at("NVDA", TickerModel::LastRole).toDouble(), 50.0);
    }

    void oneDataChangedPerChangedRow()
    {
        Fixture f;
        QStringList symbols;
        for (int i = 0; i < 40; ++i)
            symbols.append(QStringLiteral("S%1").arg(i));
        f.model.setSymbols(symbols);
        QList<MarketTick> batch;
        for (int i = 0; i < 500; ++i)
            batch.append(tick(symbols.at((i % 3) * 10 + 5), 100 + i % 7, i));
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.applyTicks(batch);
        QCOMPARE(dataChanged.count(), 3);
        QList<int> rows;
        for (const QList<QVariant> &args : dataChanged) {
            const auto topLeft = args.at(0).value<QModelIndex>();
            const auto bottomRight = args.at(1).value<QModelIndex>();
            QCOMPARE(topLeft.row(), bottomRight.row());
            QCOMPARE(topLeft.column(), 0);
            QCOMPARE(bottomRight.column(), TickerModel::ColumnCount - 1);
            rows.append(topLeft.row());
        }
        QCOMPARE(rows, (QList<int> { 5, 15, 25 }));
    }

    void sparklineIsBounded()
    {
        Fixture f;
        QList<MarketTick> batch;
        for (int i = 0; i < 1000; ++i) // one tick per 5 s bucket
            batch.append(tick("MSFT", i, qint64(i) * Sparkline::DefaultBucketMs));
        f.model.applyTicks(batch);
        const QList<double> line = f.sparkline("MSFT");
        QCOMPARE(line.size(), Sparkline::DefaultPoints);
        QCOMPARE(line.first(), 1000.0 - Sparkline::DefaultPoints);
        QCOMPARE(line.last(), 999.0);
    }

    void sparklineBucketsAndGaps()
    {
        Fixture f;
        // Three ticks in the first bucket keep the last; two empty buckets repeat it.
        f.model.applyTicks({ tick("AAPL", 1, 0), tick("AAPL", 3, 1000), tick("AAPL", 2, 4999),
            tick("AAPL", 9, 15'000), tick("AAPL", 8, 100) });
        QCOMPARE(f.sparkline("AAPL"), (QList<double> { 2, 2, 2, 9 }));
        // A gap longer than the line starts it over at the held price.
        f.model.applyTicks({ tick("AAPL", 5, 15'000 + 1000 * Sparkline::DefaultBucketMs) });
        const QList<double> line = f.sparkline("AAPL");
        QCOMPARE(line.size(), Sparkline::DefaultPoints);
        QCOMPARE(line.first(), 9.0);
        QCOMPARE(line.last(), 5.0);
    }

    void insertSymbolAtARow()
    {
        Fixture f;
        f.model.applyTicks({ tick("NVDA", 480), tick("MSFT", 400) });
        const QStringList before = f.model.symbols();
        QVERIFY(f.model.insertSymbol("AAA", 0));
        QCOMPARE(f.model.symbols(), QStringList { "AAA" } + before);
        QCOMPARE(f.model.rowOf("AAA"), 0);
        QCOMPARE(f.model.rowOf(before.last()), int(before.size())); // rows below are found again
        QCOMPARE(f.at(before.last(), TickerModel::LastRole).toDouble(), before.last() == "NVDA" ? 480.0 : 400.0);
        QVERIFY(f.model.insertSymbol("ZZZ", 1000)); // clamped: the end
        QCOMPARE(f.model.rowOf("ZZZ"), int(before.size()) + 1);
        QVERIFY(!f.model.insertSymbol("AAA", 3));
    }

    void addAndRemoveSymbols()
    {
        Fixture f;
        f.model.applyTicks({ tick("NVDA", 480), tick("MSFT", 400) });
        QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
        QVERIFY(f.model.addSymbol("TSLA"));
        QVERIFY(!f.model.addSymbol("TSLA"));
        QVERIFY(!f.model.addSymbol(""));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(f.model.rowOf("TSLA"), 3);

        QVERIFY(f.model.removeSymbol("NVDA"));
        QVERIFY(!f.model.removeSymbol("NVDA"));
        QCOMPARE(f.model.symbols(), (QStringList { "AAPL", "MSFT", "TSLA" }));
        QCOMPARE(f.model.rowOf("MSFT"), 1);
        QCOMPARE(f.at("MSFT", TickerModel::LastRole).toDouble(), 400.0);
        QSignalSpy dataChanged(&f.model, &QAbstractItemModel::dataChanged);
        f.model.applyTicks({ tick("NVDA", 481), tick("TSLA", 250) });
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(dataChanged.at(0).at(0).value<QModelIndex>().row(), 2);
    }

    void setSymbolsKeepsDataOfSymbolsThatStay()
    {
        Fixture f;
        f.model.applyTicks({ tick("MSFT", 400), tick("AAPL", 190) });
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        f.model.setSymbols({ "MSFT", "GOOG", "AAPL" });
        QCOMPARE(reset.count(), 1);
        QCOMPARE(f.model.symbols(), (QStringList { "MSFT", "GOOG", "AAPL" }));
        QCOMPARE(f.at("MSFT", TickerModel::LastRole).toDouble(), 400.0);
        QCOMPARE(f.at("AAPL", TickerModel::LastRole).toDouble(), 190.0);
        QVERIFY(!f.at("GOOG", TickerModel::LastRole).isValid());
        QCOMPARE(f.model.rowOf("NVDA"), -1);
    }
};

QTEST_GUILESS_MAIN(TickerModelTest)
#include "tst_tickermodel.moc"
