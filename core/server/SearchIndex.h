#pragma once

#include "HistoryTypes.h"

#include <QSqlDatabase>

namespace sb::server::SearchIndex {

// The FTS5 MATCH expression for what a user typed: every word must occur (each quoted, so
// FTS5's own syntax means nothing), the last one also as a prefix, as search-as-you-type needs.
// Empty when there is no word.
QString matchExpression(const QString &terms);

// The statement that creates message_search, the full-text table: one row per message with its
// current text; the other columns are only read back with a hit.
QString createTableStatement();

// Reads message_search (kept by HistoryWriter and ChangeWriter in their transactions, or by an
// instance's InstanceSearchIndex with Redis).
SearchResult search(QSqlDatabase &db, const SearchRequest &request);

} // namespace sb::server::SearchIndex
