// server/HistoryCheckpointer through a real HistoryStore: the write-ahead log stays bounded
// under a writer that never pauses long. PASSIVE checkpoints alone copy pages back but never
// shorten the -wal file; past HistoryCheckpointer::RestartFrames a TRUNCATE starts it over.
#include "HistoryStoreFixture.h"
#include "server/HistoryCheckpointer.h"
#include "server/HistoryStore.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace sb::server;
using sb::test::message;

class HistoryCheckpointTest : public HistoryStoreFixture
{
    Q_OBJECT

private slots:
    void theLogIsStartedOverPastItsBound();
};

void HistoryCheckpointTest::theLogIsStartedOverPastItsBound()
{
    const QString wal = QDir(m_dir->path()).filePath(QStringLiteral("history.sqlite3-wal"));
    const qint64 bound = qint64(HistoryCheckpointer::RestartFrames) * 4096;
    // Twice the bound in 8 KiB messages, committed in batches as a busy server would.
    const QString text(8000, QLatin1Char('x'));
    const int total = int(2 * bound / 8000);
    int stored = 0;
    qint64 largest = 0;
    for (int i = 0; i < total; ++i) {
        m_store->append(message(QStringLiteral("general"), QStringLiteral("alice"),
                                QStringLiteral("c-%1").arg(i), text),
                        [&stored](const AppendResult &r) { stored += r.ok ? 1 : 0; });
        if (i % 100 == 99) {
            m_store->flush();
            largest = qMax(largest, QFileInfo(wal).size());
        }
    }
    m_store->flush();
    QCOMPARE(stored, total);
    QVERIFY2(largest > bound / 2, qPrintable(QString::number(largest))); // the log really grew
    // Passive checkpoints alone would leave the file at its largest, twice the bound: it was
    // started over at least once, and is under the bound once the checkpointer has caught up.
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo(wal).size() < bound,
                              qPrintable(QString::number(QFileInfo(wal).size())), 20000);
    QCOMPARE(m_store->conversation(QStringLiteral("general")).lastSeq, total);
}

QTEST_GUILESS_MAIN(HistoryCheckpointTest)
#include "tst_historycheckpoint.moc"
