#pragma once

#include "ChatTypes.h"
#include "ConversationId.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace sb::client {

// Keeps one conversation's history complete across disconnects: a room, or the direct
// conversation with one user ("@peer"). The watermark is the seq up to which the client has
// every event of the stream: messages, and the changes to them (edits, deletes, reactions), which
// take seqs of their own. Messages above it with a hole below them (a `gap`, a live message racing a
// replay, DMs sent while this client was away) are held and the hole is filled from history,
// 200 at a time, until it closes; held messages come out in seq order, each once.
// Rooms resume with `room.join {since: watermark, epoch}`; direct conversations learn their
// last seq from the welcome and fill up to it (resumeDirect). Pure: Session feeds it what
// arrives and sends the requests it asks for.
class ConversationSync
{
public:
    struct HistoryRequest
    {
        qint64 before = 0; // exclusive
        int limit = 0;
    };
    struct JoinOutcome
    {
        bool historyReset = false; // the epoch changed: cached messages name other ones
        bool loadRecent = false;   // nothing to resume from: show the latest page instead
    };

    explicit ConversationSync(QString key = {}, qint64 watermark = 0, QString epoch = {});

    // The room's name, or "@peer".
    const QString &key() const { return m_key; }
    bool isDirect() const { return ConversationId::isDirectKey(m_key); }
    qint64 watermark() const { return m_watermark; }
    const QString &epoch() const { return m_epoch; }

    // Rooms: the payload of the `room.join` that resumes this room, and its ack.
    QJsonObject joinPayload() const;
    JoinOutcome joined(qint64 lastSeq, const QString &epoch);
    // Direct conversations: the welcome says the conversation reached `lastSeq` in `epoch`. A
    // conversation new to this client starts `recent` messages below that. True when the
    // epoch changed (history reset: the cached messages name other ones).
    bool resumeDirect(qint64 lastSeq, const QString &epoch, int recent);

    // A message of this conversation arrived (live, replayed or from history). False when the
    // client already had it.
    bool accept(const ChatMessage &message);
    // A change (edit, delete, reaction) of this conversation, held and released in seq order
    // with the messages. False when the client already had it.
    bool accept(const MessageChange &change);
    // The accepted messages that are now contiguous with the history before them, ascending.
    QList<ChatMessage> takeReady();
    // The same for changes; take the messages first: a change may be to one of them.
    QList<MessageChange> takeReadyChanges();
    // What to ask for next to close a hole, if there is one and no request is under way.
    std::optional<HistoryRequest> nextFill();
    // The history answer for the last fill came back (its messages were accept()ed first).
    void fillAnswered();
    // The connection went: the fill on its way will not be answered.
    void requestLost() { m_fillInFlight = false; }
    bool hasHole() const { return lowestHeld() > 0 || m_known > m_watermark; }

private:
    void advance();
    // The lowest seq above the watermark known to exist: held, or announced by the welcome.
    qint64 nextKnown() const;

    QString m_key;
    qint64 m_watermark;
    QString m_epoch;
    bool isHeld(qint64 seq) const { return m_above.contains(seq) || m_aboveChanges.contains(seq); }
    qint64 lowestHeld() const;

    QMap<qint64, ChatMessage> m_above; // received above the watermark, not yet contiguous
    QMap<qint64, MessageChange> m_aboveChanges; // the same for changes
    QList<ChatMessage> m_ready;        // contiguous, not yet taken
    QList<MessageChange> m_readyChanges;
    qint64 m_known = 0;                // the last seq the server said exists (direct only)
    bool m_fillInFlight = false;
    qint64 m_lowestAtFill = 0;
};

} // namespace sb::client
