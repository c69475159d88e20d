#pragma once

// Reads the server's SQLite file directly, to prove what is (not) in it: a delete must take the
// text out of the rows, not just out of the replies.
#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

// The first column of the first row of `sql` over history.sqlite3 in `dataDir`; -1 on failure.
// Stop the server first (or at least its writes).
inline qint64 queryHistoryFile(const QString &dataDir, const QString &sql)
{
    const QString connection = QStringLiteral("inspect-history-file");
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("history.sqlite3")));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}
