#include "DemoMode.h"

#include "DemoBot.h"

#include <QRandomGenerator>
#include <QTimer>

namespace sb::server {

namespace {

QList<DemoBot::Persona> personas()
{
    return {
        {QStringLiteral("ada"),
         {QStringLiteral("general"), QStringLiteral("markets")},
         {QStringLiteral("morning all ☕"),
          QStringLiteral("anyone watching NVDA today?"),
          QStringLiteral("I'm keeping an eye on the 5 minute candles"),
          QStringLiteral("volume is picking up"),
          QStringLiteral("lunch break, back in a bit"),
          QStringLiteral("that was a nice bounce off the lows")},
         true},
        {QStringLiteral("ben"),
         {QStringLiteral("general"), QStringLiteral("random")},
         {QStringLiteral("hey folks"),
          QStringLiteral("did anyone see the game last night?"),
          QStringLiteral("coffee machine on floor 3 is broken again"),
          QStringLiteral("who's up for pizza on Friday?"),
          QStringLiteral("just pushed the fix, let me know if it works for you"),
          QStringLiteral("TIL you can press Ctrl+K to jump between rooms")},
         false},
        {QStringLiteral("chloe"),
         {QStringLiteral("markets"), QStringLiteral("general")},
         {QStringLiteral("BTC looks shaky here"),
          QStringLiteral("rates decision at 2pm, expect some noise"),
          QStringLiteral("taking profits on half my AAPL"),
          QStringLiteral("the spread on TSLA is wide today"),
          QStringLiteral("anyone have a view on energy names?")},
         true},
        {QStringLiteral("dev"),
         {QStringLiteral("random"), QStringLiteral("general")},
         {QStringLiteral("new keyboard arrived, it's loud 😅"),
          QStringLiteral("reading a great book on distributed systems"),
          QStringLiteral("the build is green again"),
          QStringLiteral("does anyone know a good ramen place nearby?"),
          QStringLiteral("friday deploys: yes or no?")},
         false},
    };
}

} // namespace

DemoMode::DemoMode(DemoTiming timing, Announce announce, TokenFor tokenFor, QObject *parent)
    : QObject(parent)
    , m_timing(timing)
    , m_announce(std::move(announce))
    , m_tokenFor(std::move(tokenFor))
{
}

DemoMode::~DemoMode() = default;

void DemoMode::start(const QUrl &serverUrl)
{
    quint32 seed = QRandomGenerator::global()->generate();
    QSet<QString> names;
    for (const DemoBot::Persona &persona : personas())
        names.insert(persona.name);
    for (const DemoBot::Persona &persona : personas()) {
        auto *bot = new DemoBot(persona, m_timing, seed++, names, this);
        bot->start(serverUrl, m_tokenFor ? m_tokenFor(persona.name) : QString());
        m_bots.append(bot);
    }
    QTimer::singleShot(m_timing.marketOpenDelayMs, this, [this] {
        m_announce(tr("The market is open. Live prices in the watchlist, chatter in #markets."),
                   QStringLiteral("info"));
    });
}

} // namespace sb::server
