#pragma once

namespace sb::protocol {
struct Envelope;
}

namespace sb::server {

class BarHistory;
class ClientConnection;
class TickerFeed;

// `ticker.history {symbol, interval, before?, limit?}`: a symbol's OHLCV bars at one of the
// protocol's intervals, aggregated from the feed's one-second bars (BarHistory), oldest first,
// paged back with `before`. Without a feed (`--no-feed`) every request gets not_found.
class TickerHistoryHandler
{
public:
    void setMarket(TickerFeed *feed, BarHistory *bars);

    void history(ClientConnection *connection, const protocol::Envelope &request);

private:
    TickerFeed *m_feed = nullptr;
    BarHistory *m_bars = nullptr;
};

} // namespace sb::server
