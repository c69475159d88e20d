#pragma once

#include "HistoryTypes.h"

#include <QJsonObject>

#include <functional>

#include <optional>

namespace sb::server {

class MessageStore;

// The page a history.get or dm.history asks for: the newest, the one `before` a seq, or the one
// `around` a seq (a jump to a quote or a search hit). Shared so rooms and DMs page alike.
class HistoryQuery
{
public:
    explicit HistoryQuery(const QJsonObject &payload);

    // Why the request cannot be answered (before and around together), if it cannot.
    std::optional<QString> problem() const;
    // The page from `store`; `end` is one past the newest seq the asker may see, `minTs` the
    // oldest time (a guest's DMs start when it took the name).
    HistoryPage read(MessageStore &store, const QString &conversation, qint64 end, qint64 minTs = 0) const;
    // The reply's {messages, has_more[, has_newer]} besides the room or peer.
    QJsonObject reply(const HistoryPage &page, const std::function<QJsonObject(const StoredMessage &)> &entry) const;

private:
    QJsonObject m_payload;
};

} // namespace sb::server
