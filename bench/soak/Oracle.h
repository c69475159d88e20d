#pragma once

#include "SoakLog.h"
#include "Verdict.h"

namespace sb::soak {

// Judges a run from what each client sent and was delivered, against the server's history:
// every message sent is stored exactly once in its conversation, seqs run 1..N, and every
// session delivered every seq of its rooms from where it joined, once and in order.
// Pure: the soak feeds it logs, the tests can feed it made-up ones.
class Oracle
{
public:
    static Verdict judge(const QList<ClientLog> &clients, const ServerHistory &history);
    // The history of the server's data dir, read-only, after it has shut down.
    static ServerHistory readHistory(const QString &dataDir, QString *error);
    // The conversation name the server gives a DM pair (core/server HistoryStore).
    static QString dmConversation(const QString &a, const QString &b);

private:
    static void checkStored(const ServerHistory &history, Verdict &verdict);
    static void checkSends(const ClientLog &client, const ServerHistory &history,
                           Verdict &verdict);
    static void checkRoom(const ClientLog &client, const QString &room,
                          const QList<StoredRecord> &stored, Verdict &verdict);
    static void checkDirect(const ClientLog &client, const ServerHistory &history,
                            Verdict &verdict);
    // Whom `user` has DM conversations with in the history.
    static QStringList directPeers(const QString &user, const ServerHistory &history);
};

} // namespace sb::soak
