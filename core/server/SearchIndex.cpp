#include "SearchIndex.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace sb::server::SearchIndex {

QString matchExpression(const QString &terms)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList words = terms.split(space, Qt::SkipEmptyParts);
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(QLatin1Char('"') + QString(word).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"'));
    if (!quoted.isEmpty())
        quoted.last().append(QLatin1Char('*'));
    return quoted.join(QLatin1Char(' '));
}

QString createTableStatement()
{
    return QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5("
                          " text, conversation UNINDEXED, seq UNINDEXED, sender UNINDEXED,"
                          " ts UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')");
}

SearchResult search(QSqlDatabase &db, const SearchRequest &request)
{
    SearchResult result;
    const QString match = matchExpression(request.terms);
    if (match.isEmpty() || (request.rooms.isEmpty() && request.directs.isEmpty()))
        return result;
    const auto placeholders = [](qsizetype n) { return QStringList(n, QStringLiteral("?")).join(QLatin1Char(',')); };
    QString sql = QStringLiteral(
                      "SELECT conversation, seq, sender, ts,"
                      " snippet(message_search, 0, char(2), char(3), '…', 12) FROM message_search"
                      " WHERE message_search MATCH ? AND (conversation IN (%1)"
                      " OR (conversation IN (%2) AND ts >= ?))")
                      .arg(placeholders(request.rooms.size()), placeholders(request.directs.size()));
    if (!request.from.isEmpty())
        sql += QStringLiteral(" AND sender = ?");
    if (request.beforeTs > 0)
        sql += QStringLiteral(" AND ts < ?");
    sql += QStringLiteral(" ORDER BY ts DESC, seq DESC LIMIT ?");
    QSqlQuery q(db);
    q.prepare(sql);
    q.addBindValue(match);
    for (const QString &room : request.rooms)
        q.addBindValue(room);
    for (const QString &direct : request.directs)
        q.addBindValue(direct);
    q.addBindValue(request.directMinTs);
    if (!request.from.isEmpty())
        q.addBindValue(request.from);
    if (request.beforeTs > 0)
        q.addBindValue(request.beforeTs);
    q.addBindValue(request.limit + 1); // one more tells whether more remain
    if (!q.exec()) {
        result.ok = false;
        return result;
    }
    while (q.next()) {
        result.hits.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                            q.value(3).toLongLong(), q.value(4).toString()});
    }
    if (result.hits.size() > request.limit) {
        result.hasMore = true;
        result.hits.removeLast();
    }
    return result;
}

} // namespace sb::server::SearchIndex
