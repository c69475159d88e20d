#pragma once

#include "FaultProxy.h"
#include "SoakLog.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>

namespace sb::soak {

// One headless user of the soak: the app's own client core (ConnectionManager + Session, with
// its LocalStore and persistent outbox in a data dir of its own) behind a FaultProxy of its
// own. It types into its rooms and now and then to a peer, suffers the faults it is given,
// and logs what it sent and what its Session delivered, across rebuilds of the Session.
class SoakClient : public QObject
{
    Q_OBJECT

public:
    enum class Fault { Drop, Ghost, Delay, Throttle, Cut };
    static constexpr int FaultKinds = 5;

    struct Settings
    {
        QString user;
        QStringList rooms;
        QStringList peers;      // users it may send DMs to
        QString dataDir;
        double messagesPerSecond = 2;
        double dmShare = 0.05;  // of its messages, how many are DMs
        int faultGapMinMs = 10000;
        int faultGapMaxMs = 30000;
        int healthyAfterMs = -1; // -1: the app's reconnect defaults, untouched
        quint32 seed = 1;
    };

    SoakClient(Settings settings, quint16 serverPort, const QElapsedTimer &clock,
               QObject *parent = nullptr);
    ~SoakClient() override;

    bool start(QString *error);
    // Closes the app (Session and connection destroyed, right after something was typed, so the
    // persistent outbox has to carry it), and opens it again from its data dir after `downMs`.
    void rebuild(int downMs);
    void setSending(bool on);
    // Random faults from now on, or none (and any running one ended).
    void setChaos(bool on);

    // The server was SIGKILLed at `killMs` (the soak's clock): time how long until this client
    // is back in all its rooms.
    void serverKilled(qint64 killMs);
    // Open, every room joined on this connection, nothing waiting in the outbox.
    bool isSettled() const;
    qint64 watermark(const QString &conversation) const; // a room, or "@peer"
    QStringList directConversations() const;
    int outboxDepth() const;
    const QString &user() const { return m_settings.user; }
    const QStringList &rooms() const { return m_settings.rooms; }
    bool isUnderFault() const { return m_faultActive || !m_session; }

    // The log, with the outbox's final state; call at the end.
    ClientLog finish();

    bool isTimingResume() const { return m_resumeSince >= 0; }
    qint64 sentCount() const { return m_log.sent.size(); }
    qint64 deliveredCount() const;
    int reconnects() const { return m_reconnects; }
    int maxOutboxDepth() const { return m_maxOutbox; }
    int faultCount(Fault fault) const { return m_faults[int(fault)]; }
    int rebuilds() const { return m_rebuilds; }

signals:
    // Back in every room, `ms` after the kill at `killMs` (or still not back when the next kill
    // came: then `ms` runs to that kill).
    // `backoffCarried`: the reconnect schedule was not at its first step when the server went
    // away (an earlier outage of this client ended less than 10 s before: by design the
    // schedule resets only after a healthy connection).
    void resumed(qint64 killMs, qint64 ms, bool backoffCarried);
    // The kill at `killMs` is not timed for this client: it was under a fault of its own, or
    // rebuilt, when the server went away or before it was back.
    void resumeExcluded(qint64 killMs);

private:
    bool build(QString *error);
    void teardown();
    void sendOne();
    void scheduleSend();
    void scheduleFault();
    void startFault();
    void endFault();
    void checkResumed();
    int uniform(int low, int high) { return low + int(m_random.bounded(quint32(high - low + 1))); }

    Settings m_settings;
    const QElapsedTimer &m_clock;
    QRandomGenerator m_random;
    FaultProxy m_proxy;
    std::unique_ptr<client::ConnectionManager> m_connection;
    std::unique_ptr<client::Session> m_session;
    ClientLog m_log;
    QTimer m_sendTimer;
    QTimer m_faultTimer;
    bool m_sending = false;
    bool m_chaos = false;
    bool m_faultActive = false;
    Fault m_fault = Fault::Drop;
    int m_counter = 0;
    int m_reconnects = 0;
    bool m_openedOnce = false;
    int m_maxOutbox = 0;
    int m_rebuilds = 0;
    int m_faults[FaultKinds] = {};
    qint64 m_resumeSince = -1; // when the server was killed, while this client is being timed
    bool m_sawDrop = false;
    bool m_backoffCarried = false;
};

} // namespace sb::soak
