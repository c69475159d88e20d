#pragma once

#include "DemoReplies.h"
#include "DemoTiming.h"
#include "protocol/Envelope.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace sb::server {

// One demo character: an ordinary WebSocket client of the server it belongs to, so everything
// it does (hello, join, typing, presence, chat) goes through the same path as a real user's.
// It chats at a human pace, shows typing first, comments on big market moves, and answers people
// who mention it or write to it directly (DemoReplies: never another bot).
class DemoBot : public QObject
{
    Q_OBJECT

public:
    struct Persona
    {
        QString name;
        QStringList rooms;
        QStringList lines;        // things it says now and then
        bool watchesMarket = false;
    };

    // `bots`: every demo bot's name, this one's too; they do not answer each other.
    DemoBot(Persona persona, DemoTiming timing, quint32 seed, const QSet<QString> &bots,
        QObject *parent = nullptr);

    // `token` is used when the server takes no guests.
    void start(const QUrl &url, const QString &token = {});
    QString name() const { return m_name; }

private:
    void onMessage(const QString &text);
    void send(const QString &type, const QJsonObject &payload);
    void scheduleNextMessage(int minMs, int maxMs);
    void beginTyping();
    void speak();
    void changePresence();
    void onTicks(const QJsonArray &ticks);
    void onChatMessage(const QJsonObject &message);
    void onDirectMessage(const QJsonObject &message);
    // Typing in `room` (none for a DM) for a human moment, then `sendReply`.
    void answerAfterTyping(const QString &room, std::function<void()> sendReply);
    double lastPrice(const QString &symbol) const;
    QString marketComment();
    int between(int minMs, int maxMs);

    Persona m_persona;
    DemoTiming m_timing;
    QRandomGenerator m_random;
    QWebSocket m_socket;
    QString m_name;
    QString m_room;         // where the next message goes
    QTimer m_speakTimer;
    QTimer m_presenceTimer;
    int m_nextId = 0;
    int m_lineIndex = 0;
    int m_spoken = 0;
    // Per symbol: (steady ms, price) samples of the last minute or so.
    QHash<QString, QList<QPair<qint64, double>>> m_prices;
    QHash<QString, qint64> m_lastCommentMs;
    QElapsedTimer m_clock;
    DemoReplies m_replies;
};

} // namespace sb::server
