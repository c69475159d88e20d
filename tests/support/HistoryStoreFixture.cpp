// The HistoryStore suites' fixture: see HistoryStoreFixture.h.
#include "HistoryStoreFixture.h"

#include <QTest>

using namespace sb::server;

void HistoryStoreFixture::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = openStore(m_dir->path());
    QVERIFY(m_store);
}

void HistoryStoreFixture::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<HistoryStore> HistoryStoreFixture::openStore(const QString &dir)
{
    auto store = std::make_unique<HistoryStore>();
    QString error;
    if (!store->open(dir, false, &error)) {
        qWarning("cannot open the store in %s: %s", qPrintable(dir), qPrintable(error));
        return nullptr;
    }
    return store;
}

AppendResult HistoryStoreFixture::appendNow(HistoryStore &store, const AppendRequest &request)
{
    AppendResult result;
    bool done = false;
    store.append(request, [&](const AppendResult &r) {
        result = r;
        done = true;
    });
    store.flush();
    if (!done)
        result.error = QStringLiteral("flush() returned before the callback ran");
    return result;
}
