#include "HistoryStore.h"

#include "HistoryCheckpointer.h"
#include "HistoryRows.h"
#include "SearchIndex.h"
#include "HistoryWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace sb::server {

HistoryStore::HistoryStore(QObject *parent)
    : QObject(parent)
    , m_readConnection(QStringLiteral("history-read-%1").arg(quintptr(this)))
{
    m_thread.setObjectName(QStringLiteral("history-writer"));
    m_checkpointThread.setObjectName(QStringLiteral("history-checkpoint"));
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::open(const QString &dataDir, bool fullSync, QString *error)
{
    if (!QDir().mkpath(dataDir)) {
        *error = QStringLiteral("cannot create the data directory %1").arg(dataDir);
        return false;
    }
    const QString path = QDir(dataDir).filePath(QStringLiteral("history.sqlite3"));

    m_checkpointer = new HistoryCheckpointer(path);
    m_writer = new HistoryWriter(path, fullSync, this);
    m_writer->setAfterCommit([checkpointer = m_checkpointer] { checkpointer->noteCommit(); });
    m_writer->moveToThread(&m_thread);
    m_thread.start();
    // The write connection must be opened in the thread that uses it.
    bool opened = false;
    QMetaObject::invokeMethod(
        m_writer, [&] { opened = m_writer->openDatabase(error); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        close();
        return false;
    }
    // After the writer, which creates the tables and turns WAL on.
    m_checkpointer->moveToThread(&m_checkpointThread);
    m_checkpointThread.start();
    QMetaObject::invokeMethod(
        m_checkpointer, [&] { opened = m_checkpointer->openDatabase(error); },
        Qt::BlockingQueuedConnection);
    if (!opened) {
        close();
        return false;
    }

    m_read = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_readConnection);
    m_read.setDatabaseName(path);
    m_read.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_read.open()) {
        *error = m_read.lastError().text();
        close();
        return false;
    }
    return true;
}

void HistoryStore::close()
{
    if (m_writer) {
        flush();
        QMetaObject::invokeMethod(
            m_writer, [this] { m_writer->closeDatabase(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_writer;
        m_writer = nullptr;
    }
    if (m_checkpointer) {
        if (m_checkpointThread.isRunning()) {
            QMetaObject::invokeMethod(
                m_checkpointer, [this] { m_checkpointer->closeDatabase(); },
                Qt::BlockingQueuedConnection);
            m_checkpointThread.quit();
            m_checkpointThread.wait();
        }
        delete m_checkpointer;
        m_checkpointer = nullptr;
    }
    if (m_read.isValid()) {
        m_read.close();
        m_read = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_readConnection);
    }
    // What this process learned belongs to that database: reopened elsewhere, it would claim
    // conversations (and epochs) the new one never had.
    m_epochs.clear();
    m_nameHolders.clear();
    m_readMarkers.clear();
    m_notifySettings.clear();
}

void HistoryStore::append(AppendRequest request, AppendCallback done)
{
    Q_ASSERT(m_writer);
    // One process owns this database, so a message it committed is all there is to deliver.
    m_writer->enqueueAppend(std::move(request), [this, done = std::move(done)](const AppendResult &r) {
        if (done)
            done(r);
        if (r.ok && !r.duplicate)
            notifyStored(r.message);
    });
}

void HistoryStore::flush()
{
    if (!m_writer)
        return;
    QMetaObject::invokeMethod(m_writer, [this] { m_writer->drain(); }, Qt::BlockingQueuedConnection);
    // The writer has posted its results to this thread; deliver them now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

ConversationInfo HistoryStore::conversation(const QString &name)
{
    ConversationInfo info{name, m_epochs.value(name), 0};
    QSqlQuery q(m_read);
    if (info.epoch.isEmpty()) {
        q.prepare(QStringLiteral("SELECT epoch FROM conversations WHERE name = ?"));
        q.bindValue(0, name);
        if (q.exec() && q.next()) {
            info.epoch = q.value(0).toString();
        } else {
            info.epoch = newEpoch();
            m_writer->enqueueConversation(name, info.epoch);
        }
        m_epochs.insert(name, info.epoch);
    }
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation = ?"));
    q.bindValue(0, name);
    if (q.exec() && q.next())
        info.lastSeq = q.value(0).toLongLong();
    return info;
}

bool HistoryStore::exists(const QString &name)
{
    if (m_epochs.contains(name))
        return true;
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral("SELECT 1 FROM conversations WHERE name = ?"));
    q.bindValue(0, name);
    return q.exec() && q.next();
}

QList<ConversationInfo> HistoryStore::rooms()
{
    QList<ConversationInfo> result;
    QSqlQuery q(m_read);
    q.exec(QStringLiteral("SELECT c.name, c.epoch,"
                          " (SELECT COALESCE(MAX(seq), 0) FROM messages m"
                          "  WHERE m.conversation = c.name)"
                          " FROM conversations c WHERE c.name NOT LIKE '@%' ORDER BY c.name"));
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    return result;
}

HistoryPage HistoryStore::after(const QString &conversation, qint64 afterSeq, qint64 upToSeq,
                                int limit)
{
    return newest(conversation, afterSeq, upToSeq, limit, 0);
}

HistoryPage HistoryStore::before(const QString &conversation, qint64 beforeSeq, int limit,
                                 qint64 minTs)
{
    return newest(conversation, 0, beforeSeq - 1, limit, minTs);
}

HistoryPage HistoryStore::messagesBefore(const QString &conversation, qint64 beforeSeq, int limit,
                                         qint64 minTs)
{
    return newest(conversation, 0, beforeSeq - 1, limit, minTs, Rows::MessagesOnly);
}

HistoryPage HistoryStore::messagesAfter(const QString &conversation, qint64 afterSeq, int limit,
                                        qint64 minTs)
{
    // Changes hold seqs of their own, so the page is read by count, not by seq range.
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE conversation = ? AND seq > ?"
                             " AND kind = 'message' AND ts >= ? ORDER BY seq LIMIT ?")
                  .arg(HistoryRows::columns()));
    q.addBindValue(conversation);
    q.addBindValue(afterSeq);
    q.addBindValue(minTs);
    q.addBindValue(limit + 1);
    HistoryPage page;
    page.messages = readMessages(q, conversation);
    page.hasNewer = page.messages.size() > limit;
    if (page.hasNewer)
        page.messages.removeLast();
    return page;
}

HistoryPage HistoryStore::newest(const QString &conversation, qint64 afterSeq, qint64 upToSeq,
                                 int limit, qint64 minTs, Rows rows)
{
    // One row more than asked tells whether older ones were skipped.
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE conversation = ? AND seq > ? AND seq <= ?"
                             " AND ts >= ?%2 ORDER BY seq DESC LIMIT ?")
                  .arg(HistoryRows::columns(),
                       rows == Rows::MessagesOnly ? QStringLiteral(" AND kind = 'message'") : QString()));
    q.bindValue(0, conversation);
    q.bindValue(1, afterSeq);
    q.bindValue(2, upToSeq);
    q.bindValue(3, minTs);
    q.bindValue(4, limit + 1);
    HistoryPage page;
    page.messages = readMessages(q, conversation);
    if (page.messages.size() > limit) {
        page.hasMore = true;
        page.messages.removeLast();
    }
    std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

DirectConversations HistoryStore::directConversations(const QString &user)
{
    // Conversation names are "@a/b" (dmConversation): the user's start with "@user/" or end
    // with "/user". substr, not LIKE: user names may hold '_', a LIKE wildcard.
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral(
        "SELECT c.name, c.epoch, COALESCE(m.seq, 0), COALESCE(m.ts, 0) FROM conversations c"
        " LEFT JOIN messages m ON m.conversation = c.name AND m.seq ="
        "  (SELECT MAX(seq) FROM messages WHERE conversation = c.name)"
        " WHERE c.name LIKE '@%' AND (substr(c.name, 1, length(?)) = ?"
        "  OR substr(c.name, -length(?)) = ?)"));
    const QString prefix = QStringLiteral("@%1/").arg(user);
    const QString suffix = QStringLiteral("/%1").arg(user);
    for (const QString &value : {prefix, prefix, suffix, suffix})
        q.addBindValue(value);
    DirectConversations result;
    if (!q.exec()) {
        result.ok = false;
        return result;
    }
    while (q.next()) {
        DirectConversation c;
        c.info = {q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
        c.peer = dmPeer(c.info.name, user);
        c.lastTs = q.value(3).toLongLong();
        result.conversations.append(c);
    }
    return result;
}

qint64 HistoryStore::holdName(const QString &name, const QString &holder, qint64 now)
{
    auto known = m_nameHolders.constFind(name);
    if (known == m_nameHolders.cend()) {
        QSqlQuery q(m_read);
        q.prepare(QStringLiteral("SELECT holder, since FROM name_holders WHERE name = ?"));
        q.bindValue(0, name);
        NameHolder stored;
        if (q.exec() && q.next())
            stored = {q.value(0).toString(), q.value(1).toLongLong()};
        known = m_nameHolders.insert(name, stored);
    }
    if (known->holder == holder)
        return known->since;
    // A name nobody held before: what was sent to it waited for whoever takes it first.
    const qint64 since = known->holder.isEmpty() ? 0 : now;
    // Kept here too: the writer commits it later, and the holder may reconnect before that.
    m_nameHolders.insert(name, {holder, since});
    m_writer->enqueueNameHolder(name, holder, since);
    return since;
}

QHash<QString, qint64> HistoryStore::readMarkers(const QString &user)
{
    const auto known = m_readMarkers.constFind(user);
    if (known != m_readMarkers.cend())
        return *known;
    QHash<QString, qint64> markers;
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral("SELECT conversation, seq FROM read_markers WHERE user = ?"));
    q.addBindValue(user);
    if (q.exec()) {
        while (q.next())
            markers.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    m_readMarkers.insert(user, markers);
    return markers;
}

qint64 HistoryStore::markRead(const QString &user, const QString &conversationKey, qint64 seq)
{
    readMarkers(user); // loads them
    qint64 &marker = m_readMarkers[user][conversationKey];
    if (seq <= marker)
        return marker;
    marker = seq;
    m_writer->enqueueReadMarker(user, conversationKey, seq);
    return seq;
}

QHash<QString, NotifySetting> HistoryStore::notifySettings(const QString &user)
{
    const auto known = m_notifySettings.constFind(user);
    if (known != m_notifySettings.cend())
        return *known;
    QHash<QString, NotifySetting> settings;
    QSqlQuery q(m_read);
    q.prepare(QStringLiteral("SELECT conversation, level, muted FROM notify_settings WHERE user = ?"));
    q.addBindValue(user);
    if (q.exec()) {
        while (q.next())
            settings.insert(q.value(0).toString(), {q.value(1).toString(), q.value(2).toBool()});
    }
    m_notifySettings.insert(user, settings);
    return settings;
}

void HistoryStore::setNotify(const QString &user, const QString &conversationKey,
                             const NotifySetting &setting)
{
    notifySettings(user); // loads them
    m_notifySettings[user].insert(conversationKey, setting);
    m_writer->enqueueNotifySetting(user, conversationKey, setting);
}

std::optional<SearchResult> HistoryStore::search(const SearchRequest &request)
{
    return SearchIndex::search(m_read, request);
}

QList<StoredMessage> HistoryStore::readMessages(QSqlQuery &q, const QString &conversation)
{
    QList<StoredMessage> messages;
    if (!q.exec())
        return messages;
    while (q.next())
        messages.append(HistoryRows::fromRow(q));
    HistoryRows::foldReactions(m_read, conversation, messages);
    return messages;
}

QString HistoryStore::dmConversation(const QString &a, const QString &b)
{
    // '@' and '/' cannot appear in room or user names, so these never collide with a room.
    return a < b ? QStringLiteral("@%1/%2").arg(a, b) : QStringLiteral("@%1/%2").arg(b, a);
}

QString HistoryStore::dmPeer(const QString &conversation, const QString &user)
{
    const qsizetype slash = conversation.indexOf(QLatin1Char('/'));
    const QString first = conversation.mid(1, slash - 1);
    return first == user ? conversation.mid(slash + 1) : first;
}

QString HistoryStore::newEpoch()
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    QString epoch;
    for (int i = 0; i < 8; ++i)
        epoch.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(32)]));
    return epoch;
}

} // namespace sb::server
