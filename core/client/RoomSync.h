#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>

#include <optional>

namespace sb::client {

// Keeps one room's history complete across disconnects. The watermark is the seq up to which
// the client has every message; `room.join {since: watermark, epoch}` resumes from it. Messages
// above the watermark with a hole below them (a `gap`, or a live message racing a replay) are
// held aside and the hole is filled with `history.get`, 200 at a time, until it closes.
// Pure: Session feeds it what arrives and sends the requests it asks for.
class RoomSync
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

    explicit RoomSync(QString room = {}, qint64 watermark = 0, QString epoch = {});

    const QString &room() const { return m_room; }
    qint64 watermark() const { return m_watermark; }
    const QString &epoch() const { return m_epoch; }

    // The payload of the `room.join` that resumes this room.
    QJsonObject joinPayload() const;
    JoinOutcome joined(qint64 lastSeq, const QString &epoch);
    // A message of this room arrived (live, replayed or from history). False when the client
    // already had it.
    bool accept(qint64 seq);
    // What to ask for next to close a hole, if there is one and no request is under way.
    std::optional<HistoryRequest> nextFill();
    // The history answer for the last fill came back (its messages were accept()ed first).
    void fillAnswered();
    bool hasHole() const { return !m_above.isEmpty(); }

private:
    void advance();

    QString m_room;
    qint64 m_watermark;
    QString m_epoch;
    QSet<qint64> m_above; // seqs received above the watermark, not yet contiguous
    bool m_fillInFlight = false;
    qint64 m_lowestAtFill = 0;
};

} // namespace sb::client
