#include "HistoryQuery.h"

#include "MessageStore.h"
#include "protocol/Validator.h"

#include <QJsonArray>

namespace sb::server {

namespace {
const QLatin1String Before("before"), Around("around");
}

HistoryQuery::HistoryQuery(const QJsonObject &payload)
    : m_payload(payload)
{
}

std::optional<QString> HistoryQuery::problem() const
{
    if (m_payload.contains(Before) && m_payload.contains(Around))
        return QStringLiteral("give payload.before or payload.around, not both");
    return std::nullopt;
}

HistoryPage HistoryQuery::read(MessageStore &store, const QString &conversation, qint64 end,
                               qint64 minTs) const
{
    const int limit = m_payload.value(QLatin1String("limit")).toInt(protocol::Validator::DefaultHistoryLimit);
    if (m_payload.contains(Around)) {
        const qint64 seq = qint64(m_payload.value(Around).toDouble());
        HistoryPage page = store.messagesAround(conversation, qMin(seq, end - 1), limit, minTs);
        // Nothing the asker may not see yet (a room's seqs stored but not yet broadcast).
        page.messages.removeIf([end](const StoredMessage &m) { return m.seq >= end; });
        return page;
    }
    const QJsonValue before = m_payload.value(Before);
    const qint64 beforeSeq = before.isUndefined() ? end : qMin(qint64(before.toDouble()), end);
    return store.messagesBefore(conversation, beforeSeq, limit, minTs);
}

QJsonObject HistoryQuery::reply(const HistoryPage &page,
                                const std::function<QJsonObject(const StoredMessage &)> &entry) const
{
    QJsonArray messages;
    for (const StoredMessage &message : page.messages)
        messages.append(entry(message));
    QJsonObject reply{{QLatin1String("messages"), messages}, {QLatin1String("has_more"), page.hasMore}};
    if (m_payload.contains(Around))
        reply.insert(QLatin1String("has_newer"), page.hasNewer);
    return reply;
}

} // namespace sb::server
