#pragma once

#include "ChatTypes.h"
#include "RequestTracker.h"
#include "protocol/Envelope.h"

#include <QObject>

namespace sb::client {

class ConnectionManager;

// Full-text search on the server (docs/protocol.md, "search") over every room the user may read
// and their DMs. Search as you type sends a query per keystroke: only the newest query's answer
// is reported, so a slow reply to an older query never replaces newer results.
class SearchClient : public QObject
{
    Q_OBJECT

public:
    struct Query
    {
        QString text;
        QString room;      // only this room, if set
        QString from;      // only this author, if set
        qint64 before = 0; // only older than this time (ms), for the next page
        int limit = 50;
    };

    SearchClient(ConnectionManager &connection, RequestTracker &requests, QObject *parent = nullptr);

    // Sends `query`, superseding any still unanswered. False (and searchFailed) when offline.
    bool search(const Query &query);
    // Forgets the query on its way: its answer will not be reported.
    void cancel() { m_latestId.clear(); }
    // True when `envelope` answered a search (its hits or its error); the reply was then reported
    // if it answers the newest query.
    bool handle(const protocol::Envelope &envelope, const RequestTracker::Request &request);

signals:
    void resultsReady(const QString &query, const QList<sb::client::SearchHit> &hits, bool hasMore);
    void searchFailed(const QString &query, const QString &message);

private:
    ConnectionManager &m_connection;
    RequestTracker &m_requests;
    QString m_latestId;
    QString m_latestQuery;
};

} // namespace sb::client
