#include "ConversationSync.h"

#include <algorithm>

namespace sb::client {

namespace {
constexpr int MaxPage = 200; // the server's history.get / dm.history limit
}

ConversationSync::ConversationSync(QString key, qint64 watermark, QString epoch)
    : m_key(std::move(key))
    , m_watermark(watermark)
    , m_epoch(std::move(epoch))
{
}

QJsonObject ConversationSync::joinPayload() const
{
    QJsonObject payload{{QLatin1String("room"), m_key}};
    if (!m_epoch.isEmpty()) {
        payload.insert(QLatin1String("since"), m_watermark);
        payload.insert(QLatin1String("epoch"), m_epoch);
    }
    return payload;
}

ConversationSync::JoinOutcome ConversationSync::joined(qint64 lastSeq, const QString &epoch)
{
    JoinOutcome outcome;
    m_fillInFlight = false;
    if (m_epoch.isEmpty() || m_epoch != epoch) {
        // Nothing to resume from (first join), or history was reset on the server: start at
        // the room's present and let the user scroll back from there.
        outcome.historyReset = !m_epoch.isEmpty();
        outcome.loadRecent = true;
        m_epoch = epoch;
        m_watermark = lastSeq;
        m_above.clear();
        m_aboveChanges.clear();
    }
    return outcome;
}

bool ConversationSync::resumeDirect(qint64 lastSeq, const QString &epoch, int recent)
{
    bool reset = false;
    if (m_epoch != epoch) {
        reset = !m_epoch.isEmpty();
        // Without an epoch but with a watermark, the messages came live from this same server
        // before any welcome named the conversation: keep them, and learn the name.
        if (reset || m_watermark == 0) {
            m_watermark = std::max<qint64>(0, lastSeq - recent);
            m_above.clear();
            m_aboveChanges.clear();
            m_known = 0;
        }
        m_epoch = epoch;
    }
    m_known = std::max(m_known, lastSeq);
    advance();
    return reset;
}

bool ConversationSync::accept(const ChatMessage &message)
{
    if (message.seq <= m_watermark || isHeld(message.seq))
        return false;
    m_above.insert(message.seq, message);
    advance();
    return true;
}

bool ConversationSync::accept(const MessageChange &change)
{
    if (change.seq <= m_watermark || isHeld(change.seq))
        return false;
    m_aboveChanges.insert(change.seq, change);
    advance();
    return true;
}

QList<ChatMessage> ConversationSync::takeReady()
{
    return std::exchange(m_ready, {});
}

QList<MessageChange> ConversationSync::takeReadyChanges()
{
    return std::exchange(m_readyChanges, {});
}

qint64 ConversationSync::lowestHeld() const
{
    const qint64 message = m_above.isEmpty() ? 0 : m_above.firstKey();
    const qint64 change = m_aboveChanges.isEmpty() ? 0 : m_aboveChanges.firstKey();
    if (message == 0 || change == 0)
        return std::max(message, change);
    return std::min(message, change);
}

void ConversationSync::advance()
{
    for (qint64 seq = lowestHeld(); seq > 0 && seq <= m_watermark + 1; seq = lowestHeld()) {
        if (!m_above.isEmpty() && m_above.firstKey() == seq)
            m_ready.append(m_above.take(seq));
        else
            m_readyChanges.append(m_aboveChanges.take(seq));
        m_watermark = std::max(m_watermark, seq);
    }
}

qint64 ConversationSync::nextKnown() const
{
    const qint64 lowest = lowestHeld();
    return lowest == 0 ? m_known + 1 : lowest;
}

std::optional<ConversationSync::HistoryRequest> ConversationSync::nextFill()
{
    if (!hasHole() || m_fillInFlight)
        return std::nullopt;
    const qint64 lowest = nextKnown();
    const qint64 missing = lowest - m_watermark - 1;
    m_fillInFlight = true;
    m_lowestAtFill = lowest;
    return HistoryRequest{lowest, int(std::min<qint64>(missing, MaxPage))};
}

void ConversationSync::fillAnswered()
{
    m_fillInFlight = false;
    if (!hasHole())
        return;
    const qint64 lowest = nextKnown();
    if (lowest == m_lowestAtFill) {
        // Nothing below the hole's top arrived: the server has nothing for it (its history was
        // trimmed, or those DMs were someone else's under the same guest name). Step over it
        // rather than asking forever.
        m_watermark = lowest - 1;
        advance();
    }
}

} // namespace sb::client
