#include "TickerHistoryHandler.h"

#include "../ClientConnection.h"
#include "../SharedFrame.h"
#include "BarHistory.h"
#include "TickerFeed.h"
#include "TickerHistoryReply.h"
#include "protocol/ErrorCode.h"
#include "protocol/MessageType.h"
#include "protocol/Validator.h"

namespace sb::server {

using namespace sb::protocol;

void TickerHistoryHandler::setMarket(TickerFeed *feed, BarHistory *bars)
{
    m_feed = feed;
    m_bars = bars;
}

void TickerHistoryHandler::history(ClientConnection *connection, const Envelope &request)
{
    if (!m_feed || !m_bars) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("this server runs no market feed (--no-feed)"));
        return;
    }
    // The Validator has checked every field's type and range.
    const QJsonObject &p = request.payload;
    const QString symbol = p.value(QLatin1String("symbol")).toString();
    if (!m_feed->hasSymbol(symbol)) {
        connection->sendError(request.id, ErrorCode::NotFound,
                              QStringLiteral("no such symbol: %1").arg(symbol));
        return;
    }
    const QString interval = p.value(QLatin1String("interval")).toString();
    const qint64 intervalMs = Validator::barIntervalMs(interval).value_or(1000);
    const QJsonValue before = p.value(QLatin1String("before"));
    const int limit = p.value(QLatin1String("limit")).toInt(Validator::DefaultBarLimit);

    const BarHistory::Page page = m_bars->page(
        symbol, intervalMs,
        before.isUndefined() ? std::nullopt : std::optional<qint64>(before.toInteger()), limit);
    Envelope reply = Envelope::make(MessageType::TickerHistory,
                                    {{QLatin1String("symbol"), symbol},
                                     {QLatin1String("interval"), interval},
                                     {QLatin1String("has_more"), page.hasMore},
                                     {QLatin1String("q"), page.cumulativeVolume}},
                                    request.id);
    connection->send(SharedFrame(connection->format(),
                                 TickerHistoryReply::encode(connection->format(), std::move(reply), page.bars)));
}

} // namespace sb::server
