#include "DemoReplies.h"

#include <QRegularExpression>
#include <QStringList>

namespace sb::server {

DemoReplies::DemoReplies(QString botName, QSet<QString> bots, int cooldownMs, quint32 seed)
    : m_name(std::move(botName))
    , m_bots(std::move(bots))
    , m_cooldownMs(cooldownMs)
    , m_random(seed)
{
    setName(m_name);
}

void DemoReplies::setName(const QString &name)
{
    m_name = name;
    m_mention = QRegularExpression(
        QStringLiteral("(?<![\\w@])@%1(?![\\w-])").arg(QRegularExpression::escape(name)),
        QRegularExpression::CaseInsensitiveOption);
}

bool DemoReplies::mentionsMe(const QString &text) const
{
    return m_mention.match(text).hasMatch();
}

QString DemoReplies::replyTo(const QString &from, const QString &text, bool direct, qint64 nowMs)
{
    if (from.isEmpty() || from.compare(m_name, Qt::CaseInsensitive) == 0 || m_bots.contains(from))
        return {};
    const auto last = m_lastReplyMs.constFind(from);
    if (last != m_lastReplyMs.cend() && nowMs - last.value() < m_cooldownMs)
        return {};
    m_lastReplyMs.insert(from, nowMs);
    const QString reply = compose(from, text, direct);
    // In a room the answer names who it is for; in a DM that is plain already.
    return direct ? reply : QStringLiteral("@%1 %2").arg(from, reply);
}

QString DemoReplies::compose(const QString &from, const QString &text, bool direct)
{
    const QString symbol = tickerIn(text);
    if (!symbol.isEmpty()) {
        const double price = m_priceOf ? m_priceOf(symbol) : 0.0;
        if (price > 0) {
            const QString shown = QString::number(price, 'f', 2);
            return pick({QStringLiteral("%1 is at %2 right now").arg(symbol, shown),
                         QStringLiteral("last I saw %1 was %2").arg(symbol, shown),
                         QStringLiteral("%1 trades at %2, keep an eye on the chart").arg(symbol, shown)});
        }
        return pick({QStringLiteral("no idea about %1, I don't watch the market").arg(symbol),
                     QStringLiteral("ask in #markets, they follow %1 there").arg(symbol)});
    }
    static const QRegularExpression greeting(
        QStringLiteral("^\\W*(@\\S+\\s+)?(hi|hello|hey|morning|good morning|yo)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (greeting.match(text).hasMatch()) {
        return pick({QStringLiteral("hey %1 👋").arg(from), QStringLiteral("hi! how's it going?"),
                     QStringLiteral("morning %1!").arg(from)});
    }
    if (text.trimmed().endsWith(u'?')) {
        return pick({QStringLiteral("good question, I'd say yes"),
                     QStringLiteral("hmm, not sure. what do you think?"),
                     QStringLiteral("I'd wait and see"),
                     QStringLiteral("ask me again after lunch 😄"),
                     QStringLiteral("probably, but don't quote me on that")});
    }
    QStringList remarks{QStringLiteral("👍"), QStringLiteral("sounds good"),
                        QStringLiteral("ha, fair point"), QStringLiteral("noted!"),
                        QStringLiteral("agreed")};
    if (direct)
        remarks.append(QStringLiteral("thanks for the message, I'm only a demo bot but I'm listening"));
    return pick(remarks);
}

QString DemoReplies::pick(const QStringList &pool)
{
    QString choice = pool.at(int(m_random.bounded(int(pool.size()))));
    if (choice == m_lastReply && pool.size() > 1)
        choice = pool.at((pool.indexOf(choice) + 1) % int(pool.size()));
    m_lastReply = choice;
    return choice;
}

QString DemoReplies::tickerIn(const QString &text) const
{
    // "$NVDA" or a word in capitals that the price source knows ("NVDA?"); "OK" and "I" are not
    // tickers, so a bare capital word counts only when it has a price.
    static const QRegularExpression word(QStringLiteral("(?<![\\w@])\\$?([A-Z]{2,5})\\b"));
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString symbol = match.captured(1);
        const bool dollar = match.captured(0).startsWith(u'$');
        if (dollar || (m_priceOf && m_priceOf(symbol) > 0))
            return symbol;
    }
    return {};
}

} // namespace sb::server
