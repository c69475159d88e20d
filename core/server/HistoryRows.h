#pragma once

#include "HistoryTypes.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace sb::server::HistoryRows {

// The columns of `messages` a StoredMessage is read from, in fromRow()'s order.
QString columns();
StoredMessage fromRow(const QSqlQuery &query);
// Sets the reactions of the messages (not the changes) of `messages`, one conversation's, from
// the reactions table: one query for the whole page.
void foldReactions(QSqlDatabase &db, const QString &conversation, QList<StoredMessage> &messages);

} // namespace sb::server::HistoryRows
