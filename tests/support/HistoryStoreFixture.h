#pragma once

// The fixture of the server/HistoryStore suites (tst_historyappend, tst_historyread): a fresh store
// on a temporary data dir for every test, and the request and page helpers they share.

#include "server/HistoryStore.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace sb::test {

inline sb::server::AppendRequest message(const QString &conversation, const QString &sender,
                                         const QString &clientId, const QString &text,
                                         qint64 ts = 1732300000000, const QString &recipient = {})
{
    sb::server::AppendRequest r;
    r.conversation = conversation;
    r.epoch = QStringLiteral("testepoc");
    r.sender = sender;
    r.recipient = recipient;
    r.clientId = clientId;
    r.text = text;
    r.ts = ts;
    return r;
}

inline QList<qint64> seqs(const sb::server::HistoryPage &page)
{
    QList<qint64> result;
    for (const sb::server::StoredMessage &m : page.messages)
        result.append(m.seq);
    return result;
}

} // namespace sb::test

// Base class of the suites: init() opens m_store on the fresh m_dir, cleanup() closes both.
class HistoryStoreFixture : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

protected:
    // Appends and waits for its result.
    sb::server::AppendResult appendNow(sb::server::HistoryStore &store,
                                       const sb::server::AppendRequest &request);
    std::unique_ptr<sb::server::HistoryStore> openStore(const QString &dir);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sb::server::HistoryStore> m_store;
};
