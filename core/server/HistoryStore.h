#pragma once

#include "HistoryTypes.h"
#include "MessageStore.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QThread>

namespace sb::server {

class HistoryCheckpointer;
class HistoryWriter;

// Durable chat and DM history in SQLite (WAL). Writes go to a HistoryWriter on its own thread
// with group commit; reads use this thread's own connection, which WAL lets run beside the writer.
// Every callback runs on this object's thread, in the order the appends were made. The embedded
// engine: one server process owns the database.
class HistoryStore : public QObject, public MessageStore
{
    Q_OBJECT

public:
    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    bool open(const QString &dataDir, bool fullSync, QString *error);
    // Commits what is queued, then stops the writer thread. Safe to call twice.
    void close() override;
    bool isOpen() const { return m_writer != nullptr; }
    bool isAvailable() const override { return isOpen(); }

    void append(AppendRequest request, AppendCallback done) override;
    // Blocks until every append made so far is committed and its callback has run.
    void flush() override;

    ConversationInfo conversation(const QString &name) override;
    bool exists(const QString &name) override;
    QList<ConversationInfo> rooms() override;
    HistoryPage after(const QString &conversation, qint64 afterSeq, qint64 upToSeq,
                      int limit) override;
    HistoryPage before(const QString &conversation, qint64 beforeSeq, int limit,
                       qint64 minTs = 0) override;
    HistoryPage messagesBefore(const QString &conversation, qint64 beforeSeq, int limit,
                               qint64 minTs = 0) override;
    HistoryPage messagesAfter(const QString &conversation, qint64 afterSeq, int limit,
                              qint64 minTs = 0) override;
    DirectConversations directConversations(const QString &user) override;
    qint64 holdName(const QString &name, const QString &holder, qint64 now) override;
    qint64 markRead(const QString &user, const QString &conversationKey, qint64 seq) override;
    QHash<QString, qint64> readMarkers(const QString &user) override;
    void setNotify(const QString &user, const QString &conversationKey,
                   const NotifySetting &setting) override;
    QHash<QString, NotifySetting> notifySettings(const QString &user) override;
    std::optional<SearchResult> search(const SearchRequest &request) override;

    // The conversation name of the DMs between two users, the same whoever sends.
    static QString dmConversation(const QString &a, const QString &b);
    // The other user of a DM conversation `user` takes part in.
    static QString dmPeer(const QString &conversation, const QString &user);
    static QString newEpoch();

private:
    struct NameHolder
    {
        QString holder;
        qint64 since = 0;
    };

    // Every row of a stream (resume and delivery replay the changes too), or its messages only
    // (history pages, where changes are folded in).
    enum class Rows { All, MessagesOnly };
    // The newest `limit` rows with afterSeq < seq ≤ upToSeq and ts ≥ minTs, ascending.
    HistoryPage newest(const QString &conversation, qint64 afterSeq, qint64 upToSeq, int limit,
                       qint64 minTs, Rows rows = Rows::All);
    // Runs `query` (its columns: HistoryRows::columns()) and folds in the reactions.
    QList<StoredMessage> readMessages(QSqlQuery &query, const QString &conversation);

    QThread m_thread;
    HistoryWriter *m_writer = nullptr;
    QThread m_checkpointThread;
    HistoryCheckpointer *m_checkpointer = nullptr;
    QString m_readConnection;
    QSqlDatabase m_read;
    QHash<QString, QString> m_epochs; // conversations seen by this process
    QHash<QString, NameHolder> m_nameHolders; // read or written by this process
    // Per user, read from the database once, then kept here: the writer commits later, and
    // the user's next welcome may come first.
    QHash<QString, QHash<QString, qint64>> m_readMarkers;
    QHash<QString, QHash<QString, NotifySetting>> m_notifySettings; // the same way
};

} // namespace sb::server
