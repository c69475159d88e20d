#include "Oracle.h"

#include <QDir>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace sb::soak {

namespace {

// Counts what a session delivered for one conversation: repeats, and seqs that came after a
// higher one. Returns the seqs it delivered.
QSet<qint64> scanDeliveries(const QList<ReceivedRecord> &delivered, const QString &where,
                            int &duplicated, int &reordered, Verdict &verdict)
{
    QSet<qint64> seen;
    qint64 highest = 0;
    for (const ReceivedRecord &r : delivered) {
        if (seen.contains(r.seq)) {
            ++duplicated;
            verdict.example(QStringLiteral("%1: seq %2 delivered again").arg(where).arg(r.seq));
        } else if (r.seq < highest) {
            ++reordered;
            verdict.example(QStringLiteral("%1: seq %2 delivered after %3").arg(where).arg(r.seq).arg(highest));
        }
        seen.insert(r.seq);
        highest = qMax(highest, r.seq);
    }
    return seen;
}

} // namespace

QString Oracle::dmConversation(const QString &a, const QString &b)
{
    return a < b ? QStringLiteral("@%1/%2").arg(a, b) : QStringLiteral("@%1/%2").arg(b, a);
}

Verdict Oracle::judge(const QList<ClientLog> &clients, const ServerHistory &history)
{
    Verdict verdict;
    checkStored(history, verdict);
    for (const ClientLog &client : clients) {
        checkSends(client, history, verdict);
        for (const QString &room : client.rooms)
            checkRoom(client, room, history.value(room), verdict);
        checkDirect(client, history, verdict);
        verdict.historyResets += client.historyResets;
        verdict.failedInOutbox += client.failed;
    }
    return verdict;
}

void Oracle::checkStored(const ServerHistory &history, Verdict &verdict)
{
    for (auto it = history.cbegin(); it != history.cend(); ++it) {
        qint64 previous = 0;
        for (const StoredRecord &row : it.value()) {
            if (row.seq == previous) {
                ++verdict.seqRepeats;
                verdict.example(QStringLiteral("%1: seq %2 stored twice").arg(it.key()).arg(row.seq));
            } else if (row.seq != previous + 1) {
                verdict.seqGaps += int(row.seq - previous - 1);
                verdict.example(QStringLiteral("%1: seqs %2..%3 missing")
                                    .arg(it.key()).arg(previous + 1).arg(row.seq - 1));
            }
            previous = row.seq;
        }
        verdict.storedMessages += it.value().size();
    }
}

void Oracle::checkSends(const ClientLog &client, const ServerHistory &history, Verdict &verdict)
{
    // The client's own rows of each conversation it wrote to, by id.
    QHash<QString, QHash<QString, QList<const StoredRecord *>>> mine;
    for (const SentRecord &sent : client.sent) {
        const QString conversation = sent.kind == QLatin1String("dm")
            ? dmConversation(client.user, sent.target) : sent.target;
        if (!mine.contains(conversation)) {
            auto &ids = mine[conversation];
            // Pointers into `history` itself: a copy of a row list would be gone after the loop.
            if (const auto rows = history.constFind(conversation); rows != history.cend()) {
                for (const StoredRecord &row : *rows) {
                    if (row.sender == client.user)
                        ids[row.clientId].append(&row);
                }
            }
        }
        const QList<const StoredRecord *> rows = mine[conversation].value(sent.id);
        if (rows.isEmpty()) {
            ++verdict.lostSends;
            verdict.example(QStringLiteral("%1 → %2: %3 (%4) never stored")
                                .arg(client.user, conversation, sent.text, sent.id));
        } else if (rows.size() > 1) {
            verdict.duplicatedSends += int(rows.size() - 1);
            verdict.example(QStringLiteral("%1 → %2: %3 stored %4 times")
                                .arg(client.user, conversation, sent.text).arg(rows.size()));
        } else if (rows.constFirst()->text != sent.text) {
            ++verdict.alteredSends;
            verdict.example(QStringLiteral("%1 → %2: %3 stored as %4")
                                .arg(client.user, conversation, sent.text, rows.constFirst()->text));
        }
    }
}

void Oracle::checkRoom(const ClientLog &client, const QString &room,
                       const QList<StoredRecord> &stored, Verdict &verdict)
{
    const QString where = client.user + QStringLiteral(" in ") + room;
    const QList<ReceivedRecord> delivered = client.received.value(room);
    verdict.deliveries += delivered.size();
    const QSet<qint64> seen = scanDeliveries(delivered, where, verdict.duplicatedDeliveries,
                                             verdict.reorderedDeliveries, verdict);
    for (const ReceivedRecord &r : delivered) {
        if (r.seq >= 1 && r.seq <= stored.size() && stored.at(r.seq - 1).seq == r.seq
            && stored.at(r.seq - 1).clientId != r.clientId) {
            ++verdict.mismatchedDeliveries;
            verdict.example(QStringLiteral("%1: seq %2 delivered as %3, stored as %4")
                                .arg(where).arg(r.seq).arg(r.clientId, stored.at(r.seq - 1).clientId));
        }
    }
    // The session stayed in the room from its first join to the end: it owes every seq after
    // the one its history started from. A room never joined owes them all.
    const qint64 start = client.startSeq.value(room, 0);
    int lost = 0;
    for (const StoredRecord &row : stored) {
        if (row.seq > start && !seen.contains(row.seq))
            ++lost;
    }
    if (lost > 0)
        verdict.example(QStringLiteral("%1: %2 seqs after %3 never delivered").arg(where).arg(lost).arg(start));
    verdict.lostDeliveries += lost;
}

void Oracle::checkDirect(const ClientLog &client, const ServerHistory &history, Verdict &verdict)
{
    // Every stored DM of the user's conversations, whether the session was online when it was
    // stored or caught up after (welcome.dms, dm.history): the session owes them all.
    for (const QString &peer : directPeers(client.user, history)) {
        const QString where = client.user + QStringLiteral(" with @") + peer;
        const QList<ReceivedRecord> delivered = client.direct.value(peer);
        const QSet<qint64> seen = scanDeliveries(delivered, where, verdict.dmDuplicated,
                                                 verdict.dmReordered, verdict);
        verdict.deliveries += delivered.size();
        int lost = 0;
        for (const StoredRecord &row : history.value(dmConversation(client.user, peer))) {
            if (!seen.contains(row.seq))
                ++lost;
        }
        if (lost > 0)
            verdict.example(QStringLiteral("%1: %2 DMs never delivered").arg(where).arg(lost));
        verdict.dmLost += lost;
    }
}

QStringList Oracle::directPeers(const QString &user, const ServerHistory &history)
{
    QStringList peers;
    for (auto it = history.cbegin(); it != history.cend(); ++it) {
        const QString &name = it.key();
        if (!name.startsWith(QLatin1Char('@')))
            continue;
        const QStringList pair = name.mid(1).split(QLatin1Char('/'));
        if (pair.size() == 2 && pair.contains(user))
            peers.append(pair.at(0) == user ? pair.at(1) : pair.at(0));
    }
    return peers;
}

ServerHistory Oracle::readHistory(const QString &dataDir, QString *error)
{
    ServerHistory history;
    const QString name = QStringLiteral("soak-oracle");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("history.sqlite3")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT conversation, seq, sender, client_id, text"
                                       " FROM messages ORDER BY conversation, seq"))) {
                *error = q.lastError().text();
            }
            while (q.next()) {
                history[q.value(0).toString()].append({q.value(1).toLongLong(), q.value(2).toString(),
                                                       q.value(3).toString(), q.value(4).toString()});
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return history;
}

} // namespace sb::soak
