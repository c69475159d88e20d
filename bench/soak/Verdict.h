#pragma once

#include <QStringList>

namespace sb::soak {

// What the oracle found. Every count must be 0 for the soak to pass; `examples` holds the
// first few of each kind so a failure says where to look.
struct Verdict
{
    // Stored history (the server's SQLite, read after the final shutdown).
    int lostSends = 0;       // sent by a client, not in its conversation
    int duplicatedSends = 0; // stored more than once
    int alteredSends = 0;    // stored with another text or sender
    int seqGaps = 0;         // a seq missing in 1..N of a conversation
    int seqRepeats = 0;      // a seq stored twice
    // What each session delivered to the app.
    int lostDeliveries = 0;      // a seq of a room the client stayed in, never delivered
    int duplicatedDeliveries = 0;
    int reorderedDeliveries = 0; // delivered after a higher seq of the same conversation
    int mismatchedDeliveries = 0; // delivered seq names another message than the server's
    int dmLost = 0; // a stored DM of the client's user never delivered to its session
    int dmDuplicated = 0;
    int dmReordered = 0;
    int historyResets = 0;
    int failedInOutbox = 0; // given up by the client: the user would have to press Retry

    qint64 storedMessages = 0;
    qint64 deliveries = 0;
    QStringList examples;

    int violations() const
    {
        return lostSends + duplicatedSends + alteredSends + seqGaps + seqRepeats + lostDeliveries
            + duplicatedDeliveries + reorderedDeliveries + mismatchedDeliveries + dmLost
            + dmDuplicated + dmReordered + historyResets + failedInOutbox;
    }
    void example(const QString &text)
    {
        if (examples.size() < 20)
            examples.append(text);
    }
};

} // namespace sb::soak
