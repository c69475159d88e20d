#include "InstanceSearchIndex.h"

#include "../MessageStore.h"
#include "../SearchIndex.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlError>

#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace sb::server {

namespace {
// Index files tried in the data dir (one per instance running on it at the same time).
constexpr int MaxIndexFiles = 64;
// Events read from the store at a time while catching up.
constexpr int FillPage = 1000;
// How often (in seqs) a conversation's trimmed messages are dropped as events come.
constexpr qint64 TrimEvery = 1000;
} // namespace

InstanceSearchIndex::InstanceSearchIndex(MessageStore &store, qint64 keepSeqs)
    : m_store(store)
    , m_keepSeqs(keepSeqs)
    , m_connectionName(QStringLiteral("instance-search-%1").arg(quintptr(this)))
{
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setInterval(0);
    QObject::connect(&m_commitTimer, &QTimer::timeout, &m_commitTimer, [this] { commit(); });
}

InstanceSearchIndex::~InstanceSearchIndex()
{
    close();
}

bool InstanceSearchIndex::open(const QString &dataDir, QString *error)
{
    const QDir dir(dataDir);
    if (!QDir().mkpath(dataDir)) {
        *error = QStringLiteral("cannot create the data directory %1").arg(dataDir);
        return false;
    }
    QString path;
    for (int n = 1; n <= MaxIndexFiles && !m_lock; ++n) {
        auto lock = std::make_unique<QLockFile>(dir.filePath(QStringLiteral("redis-search-%1.lock").arg(n)));
        // Held as long as the instance runs; a crashed holder's lock is taken over (its pid is gone).
        lock->setStaleLockTime(0);
        if (lock->tryLock(0)) {
            m_lock = std::move(lock);
            path = dir.filePath(QStringLiteral("redis-search-%1.sqlite3").arg(n));
        }
    }
    if (!m_lock) {
        *error = QStringLiteral("no free search index file in %1 (%2 instances use it)").arg(dataDir).arg(MaxIndexFiles);
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        *error = QStringLiteral("cannot open the search index %1: %2").arg(path, m_db.lastError().text());
        close();
        return false;
    }
    QSqlQuery q(m_db);
    const QStringList setup{
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=OFF"),
        SearchIndex::createTableStatement(),
        // Where each indexed message's row is, for its edits and its delete.
        QStringLiteral("CREATE TABLE IF NOT EXISTS indexed (conversation TEXT NOT NULL,"
                       " seq INTEGER NOT NULL, row INTEGER NOT NULL,"
                       " PRIMARY KEY (conversation, seq)) WITHOUT ROWID"),
        // How far each conversation is applied, and in which epoch of the store's history.
        QStringLiteral("CREATE TABLE IF NOT EXISTS marks (conversation TEXT PRIMARY KEY,"
                       " epoch TEXT NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID"),
    };
    for (const QString &sql : setup) {
        if (!q.exec(sql)) {
            *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
            close();
            return false;
        }
    }
    if (q.exec(QStringLiteral("SELECT conversation, epoch, seq FROM marks"))) {
        while (q.next())
            m_marks.insert(q.value(0).toString(), {q.value(1).toString(), q.value(2).toLongLong()});
    }
    m_insertText.emplace(m_db);
    m_insertText->prepare(QStringLiteral(
        "INSERT INTO message_search (text, conversation, seq, sender, ts) VALUES (?, ?, ?, ?, ?)"));
    m_insertRow.emplace(m_db);
    m_insertRow->prepare(QStringLiteral("INSERT OR REPLACE INTO indexed (conversation, seq, row) VALUES (?, ?, ?)"));
    m_upsertMark.emplace(m_db);
    m_upsertMark->prepare(QStringLiteral("INSERT OR REPLACE INTO marks (conversation, epoch, seq) VALUES (?, ?, ?)"));
    return true;
}

void InstanceSearchIndex::close()
{
    if (m_db.isValid()) {
        commit();
        m_insertText.reset();
        m_insertRow.reset();
        m_upsertMark.reset();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_marks.clear();
    m_lock.reset(); // unlocks
}

InstanceSearchIndex::Mark &InstanceSearchIndex::markOf(const QString &conversation)
{
    auto it = m_marks.find(conversation);
    if (it == m_marks.end()) {
        // A conversation new to this index: from its beginning, in the epoch the store has now.
        it = m_marks.insert(conversation, {m_store.conversation(conversation).epoch, 0});
    }
    return *it;
}

void InstanceSearchIndex::note(const StoredMessage &event)
{
    if (!isOpen() || event.seq <= markOf(event.conversation).seq)
        return; // applied already (a catch-up read it before it came)
    beginBatch();
    if (event.seq > markOf(event.conversation).seq + 1 && !fill(event.conversation, event.seq - 1))
        return;
    apply(event);
    markOf(event.conversation).seq = event.seq;
    saveMark(event.conversation);
    if (event.seq % TrimEvery == 0 && event.seq > m_keepSeqs)
        trimBelow(event.conversation, event.seq - m_keepSeqs);
}

void InstanceSearchIndex::catchUp(const QList<ConversationInfo> &conversations)
{
    if (!isOpen())
        return;
    QElapsedTimer took;
    took.start();
    beginBatch();
    QSet<QString> present;
    qint64 read = 0;
    for (const ConversationInfo &c : conversations) {
        present.insert(c.name);
        const auto known = m_marks.constFind(c.name);
        // Another history under the same name (Redis lost it and started again): index afresh.
        if (known != m_marks.cend() && (known->epoch != c.epoch || known->seq > c.lastSeq))
            forget(c.name);
        if (!m_marks.contains(c.name))
            m_marks.insert(c.name, {c.epoch, 0});
        const qint64 from = m_marks.value(c.name).seq;
        if (c.lastSeq > from && fill(c.name, c.lastSeq))
            read += c.lastSeq - from;
        if (c.lastSeq > m_keepSeqs)
            trimBelow(c.name, c.lastSeq - m_keepSeqs);
    }
    const QStringList marked = m_marks.keys();
    for (const QString &name : marked) {
        if (!present.contains(name))
            forget(name);
    }
    commit();
    qCInfo(lcRedis).noquote() << QStringLiteral("search index %1 caught up: %2 events of %3 conversations read in %4 ms")
                                     .arg(fileName())
                                     .arg(read)
                                     .arg(conversations.size())
                                     .arg(took.elapsed());
}

bool InstanceSearchIndex::fill(const QString &conversation, qint64 upToSeq)
{
    while (markOf(conversation).seq < upToSeq) {
        const qint64 from = markOf(conversation).seq;
        const qint64 to = qMin(upToSeq, from + FillPage);
        const HistoryPage page = m_store.after(conversation, from, to, FillPage);
        if (!page.ok) {
            qCWarning(lcRedis) << "the search index cannot read" << conversation << "after" << from;
            return false;
        }
        // Messages come with their changes folded in, then the changes again: applied in order,
        // they end in the same state.
        for (const StoredMessage &event : page.messages)
            apply(event);
        markOf(conversation).seq = to; // what the page lacks was trimmed
    }
    saveMark(conversation);
    return true;
}

void InstanceSearchIndex::apply(const StoredMessage &event)
{
    const QVariant conversation(event.conversation);
    switch (event.kind) {
    case ChangeKind::Message: {
        if (event.deletedTs != 0 || event.text.isEmpty())
            return;
        QSqlQuery &text = *m_insertText;
        const QVariantList values{event.text, conversation, event.seq, event.sender, event.ts};
        for (int i = 0; i < values.size(); ++i)
            text.bindValue(i, values.at(i));
        run(text);
        QSqlQuery &row = *m_insertRow;
        row.bindValue(0, conversation);
        row.bindValue(1, event.seq);
        row.bindValue(2, text.lastInsertId());
        run(row);
        return;
    }
    case ChangeKind::Edit: {
        QSqlQuery q = statement("UPDATE message_search SET text = ? WHERE rowid ="
                                " (SELECT row FROM indexed WHERE conversation = ? AND seq = ?)",
                                {event.text, conversation, event.target});
        run(q);
        return;
    }
    case ChangeKind::Delete: {
        QSqlQuery text = statement("DELETE FROM message_search WHERE rowid ="
                                   " (SELECT row FROM indexed WHERE conversation = ? AND seq = ?)",
                                   {conversation, event.target});
        QSqlQuery row = statement("DELETE FROM indexed WHERE conversation = ? AND seq = ?",
                                  {conversation, event.target});
        run(text);
        run(row);
        return;
    }
    case ChangeKind::React:
    case ChangeKind::Unreact:
        return;
    }
}

void InstanceSearchIndex::saveMark(const QString &conversation)
{
    const Mark &mark = markOf(conversation);
    QSqlQuery &q = *m_upsertMark;
    q.bindValue(0, conversation);
    q.bindValue(1, mark.epoch);
    q.bindValue(2, mark.seq);
    run(q);
}

void InstanceSearchIndex::forget(const QString &conversation)
{
    trimBelow(conversation, std::numeric_limits<qint64>::max());
    QSqlQuery mark = statement("DELETE FROM marks WHERE conversation = ?", {conversation});
    run(mark);
    m_marks.remove(conversation);
}

void InstanceSearchIndex::trimBelow(const QString &conversation, qint64 seq)
{
    QSqlQuery texts = statement("DELETE FROM message_search WHERE rowid IN"
                                " (SELECT row FROM indexed WHERE conversation = ? AND seq < ?)",
                                {conversation, seq});
    QSqlQuery rows = statement("DELETE FROM indexed WHERE conversation = ? AND seq < ?", {conversation, seq});
    run(texts);
    run(rows);
}

QSqlQuery InstanceSearchIndex::statement(const char *sql, std::initializer_list<QVariant> values)
{
    QSqlQuery q(m_db);
    q.prepare(QString::fromLatin1(sql));
    for (const QVariant &value : values)
        q.addBindValue(value);
    return q;
}

void InstanceSearchIndex::run(QSqlQuery &query)
{
    if (!query.exec())
        qCWarning(lcRedis) << "search index:" << query.lastError().text();
}

void InstanceSearchIndex::beginBatch()
{
    if (m_inBatch)
        return;
    m_inBatch = m_db.transaction();
    m_commitTimer.start();
}

void InstanceSearchIndex::commit()
{
    m_commitTimer.stop();
    if (!m_inBatch)
        return;
    m_inBatch = false;
    if (!m_db.commit())
        qCWarning(lcRedis) << "search index: commit failed:" << m_db.lastError().text();
}

SearchResult InstanceSearchIndex::search(const SearchRequest &request)
{
    if (!isOpen()) {
        SearchResult unreadable;
        unreadable.ok = false;
        return unreadable;
    }
    return SearchIndex::search(m_db, request);
}

} // namespace sb::server
