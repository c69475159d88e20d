#include "HistoryRows.h"

#include "ChangeRules.h"

#include <QHash>
#include <QVariant>

namespace sb::server::HistoryRows {

QString columns()
{
    return QStringLiteral("conversation, seq, sender, recipient, text, ts, client_id, kind, target,"
                          " emoji, reply_to, reply_from, reply_text, edited_ts, deleted_ts");
}

StoredMessage fromRow(const QSqlQuery &q)
{
    StoredMessage m{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                    q.value(6).toString()};
    m.kind = changeKindFromName(q.value(7).toString());
    m.target = q.value(8).toLongLong();
    m.emoji = q.value(9).toString();
    m.replyTo = q.value(10).toLongLong();
    m.replyFrom = q.value(11).toString();
    m.replyText = q.value(12).toString();
    m.editedTs = q.value(13).toLongLong();
    m.deletedTs = q.value(14).toLongLong();
    return m;
}

void foldReactions(QSqlDatabase &db, const QString &conversation, QList<StoredMessage> &messages)
{
    QHash<qint64, StoredMessage *> bySeq;
    qint64 lowest = 0, highest = 0;
    for (StoredMessage &m : messages) {
        if (m.kind != ChangeKind::Message || m.deletedTs != 0)
            continue;
        bySeq.insert(m.seq, &m);
        lowest = lowest == 0 ? m.seq : qMin(lowest, m.seq);
        highest = qMax(highest, m.seq);
    }
    if (bySeq.isEmpty())
        return;
    QSqlQuery q(db);
    // In the order people reacted: the emoji first used comes first, its first user first.
    q.prepare(QStringLiteral("SELECT seq, emoji, user FROM reactions WHERE conversation = ?"
                             " AND seq BETWEEN ? AND ? ORDER BY seq, ts, user"));
    q.addBindValue(conversation);
    q.addBindValue(lowest);
    q.addBindValue(highest);
    if (!q.exec())
        return;
    while (q.next()) {
        StoredMessage *m = bySeq.value(q.value(0).toLongLong());
        if (m)
            Reactions::add(m->reactions, q.value(1).toString(), q.value(2).toString());
    }
}

} // namespace sb::server::HistoryRows
