#pragma once

#include "client/ChatTypes.h"

#include <QAbstractListModel>
#include <QList>

namespace sb::models {

// The hits of the newest search, newest first, for the search panel: where each is (room or
// direct conversation), who wrote it, when, and a snippet of its text with the matching words
// between U+0002 and U+0003 (the server's highlight marks; the view draws them).
class SearchModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        RoomRole = Qt::UserRole + 1, // QString: the room's name; "" for a direct conversation
        SeqRole, // qint64: the message's seq in its conversation (jump to it)
        AuthorRole, // QString
        TimestampRole, // QDateTime (local)
        SnippetRole, // QString with U+0002 … U+0003 around each match (also Qt::DisplayRole)
        ConversationRole, // QString: the conversation's key ("general", or "@bob"): open it
    };
    Q_ENUM(Role)

    static constexpr QChar HighlightStart = u'\u0002';
    static constexpr QChar HighlightEnd = u'\u0003';

    explicit SearchModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The answer to `query` replaces whatever was shown.
    void setResults(const QString &query, const QList<client::SearchHit> &hits, bool hasMore);
    void clear();
    QString query() const { return m_query; }
    bool hasMore() const { return m_hasMore; }
    client::SearchHit hit(int row) const;

private:
    QString m_query;
    QList<client::SearchHit> m_hits;
    bool m_hasMore = false;
};

} // namespace sb::models
