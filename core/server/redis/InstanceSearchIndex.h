#pragma once

#include "../HistoryTypes.h"

#include <QHash>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>

#include <memory>
#include <optional>

namespace sb::server {

class MessageStore;

// This instance's own full-text index (SQLite FTS5: the table and queries of the embedded
// engine, SearchIndex) of a store that several instances share and that has none (Redis). Every
// event the store publishes, from whichever instance, is applied here in seq order per
// conversation (a gap is read back from the store first); at start, and after the link to the
// store was lost, every conversation is caught up from the store. So the index holds what the
// store holds: edits re-index, deletes remove, trimmed history leaves it too.
//
// It lives in a file of the data dir, one per running instance (a lock file picks the first
// free one: instances on one machine may share the data dir), with each conversation's epoch
// and last applied seq, so a restart reads only what it missed and a Redis whose history was
// lost (a new epoch) is indexed afresh. Writes are batched into one transaction committed when
// the event loop is idle; the file needs no durability (synchronous=OFF): it is rebuilt from
// the store.
class InstanceSearchIndex
{
public:
    // `keepSeqs`: how many seqs back from a conversation's newest the store keeps (its trim).
    InstanceSearchIndex(MessageStore &store, qint64 keepSeqs);
    ~InstanceSearchIndex();
    InstanceSearchIndex(const InstanceSearchIndex &) = delete;
    InstanceSearchIndex &operator=(const InstanceSearchIndex &) = delete;

    bool open(const QString &dataDir, QString *error);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString fileName() const { return m_db.databaseName(); }

    // An event the store published (a message, or a change to one).
    void note(const StoredMessage &event);
    // Brings the index up to what the store holds: `conversations` are all of them (name,
    // epoch, last seq). Those the store no longer has, or whose epoch changed, are dropped.
    void catchUp(const QList<ConversationInfo> &conversations);
    SearchResult search(const SearchRequest &request);

private:
    struct Mark
    {
        QString epoch;
        qint64 seq = 0; // the last seq applied
    };

    Mark &markOf(const QString &conversation);
    // Reads the events after the conversation's mark up to `upToSeq` from the store and applies
    // them. False when the store could not be read (the next catch-up tries again).
    bool fill(const QString &conversation, qint64 upToSeq);
    void apply(const StoredMessage &event);
    void saveMark(const QString &conversation);
    void forget(const QString &conversation);
    // Drops what the store trimmed: the conversation's messages below `seq`.
    void trimBelow(const QString &conversation, qint64 seq);
    void run(QSqlQuery &query);
    QSqlQuery statement(const char *sql, std::initializer_list<QVariant> values);
    void beginBatch();
    void commit();

    MessageStore &m_store;
    qint64 m_keepSeqs;
    std::unique_ptr<QLockFile> m_lock;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_insertText, m_insertRow, m_upsertMark;
    QHash<QString, Mark> m_marks;
    QTimer m_commitTimer;
    bool m_inBatch = false;
};

} // namespace sb::server
