#pragma once

#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <functional>

namespace sb::server {

// What a demo bot answers a person who talks to it: a mention in a room ("@ada you there?") or
// a direct message. Pure logic, no sockets, so the choices and limits can be tested alone:
//  - only people get answers: another bot, or the bot itself, never does (no bot loops);
//  - one answer per person per cooldown, however fast they write;
//  - the answer fits what was said: a greeting, a question, a ticker it knows the price of, or a
//    plain remark; picked with the bot's own seeded generator, never the same twice running.
class DemoReplies
{
public:
    using PriceOf = std::function<double(const QString &symbol)>; // 0 when unknown

    DemoReplies(QString botName, QSet<QString> bots, int cooldownMs, quint32 seed);

    void setName(const QString &name); // as the server's welcome spelled it
    void setPriceSource(PriceOf priceOf) { m_priceOf = std::move(priceOf); }

    // Whether `text` addresses the bot by @name (case-insensitive, not inside a word).
    bool mentionsMe(const QString &text) const;

    // The answer to `from`, or empty when none is due. `nowMs` is a steady clock.
    QString replyTo(const QString &from, const QString &text, bool direct, qint64 nowMs);

private:
    QString compose(const QString &from, const QString &text, bool direct);
    QString pick(const QStringList &pool);
    QString tickerIn(const QString &text) const;

    QString m_name;
    QRegularExpression m_mention; // "@name", made once per name: every room message is checked
    QSet<QString> m_bots;
    int m_cooldownMs;
    QRandomGenerator m_random;
    PriceOf m_priceOf;
    QHash<QString, qint64> m_lastReplyMs; // per person
    QString m_lastReply;
};

} // namespace sb::server
