#include "SoakClient.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSoakClient, "switchboard.soak.client")

namespace sb::soak {

using client::ChatMessage;
using client::ConnectionState;
using client::DeliveryState;

namespace {
// The faults of the model: ghosts of 5–60 s; delays of 200–2000 ms and the 2 KiB/s
// throttle each last a while (5–15 s) so that they overlap traffic and restarts.
constexpr int GhostMinMs = 5000;
constexpr int GhostMaxMs = 60000;
constexpr int DelayMinMs = 200;
constexpr int DelayMaxMs = 2000;
constexpr int SlowSpellMinMs = 5000;
constexpr int SlowSpellMaxMs = 15000;
constexpr int ThrottleBytesPerSecond = 2048;
} // namespace

SoakClient::SoakClient(Settings settings, quint16 serverPort, const QElapsedTimer &clock,
                       QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_random(m_settings.seed)
    , m_proxy(serverPort)
{
    m_log.user = m_settings.user;
    m_log.rooms = m_settings.rooms;
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &SoakClient::sendOne);
    m_faultTimer.setSingleShot(true);
    connect(&m_faultTimer, &QTimer::timeout, this, [this] {
        if (m_faultActive)
            endFault();
        else
            startFault();
    });
}

SoakClient::~SoakClient()
{
    teardown();
}

bool SoakClient::start(QString *error)
{
    if (!m_proxy.listen()) {
        *error = QStringLiteral("its fault proxy could not listen on loopback");
        return false;
    }
    if (!build(error))
        return false;
    for (const QString &room : std::as_const(m_settings.rooms))
        m_session->joinRoom(room);
    return true;
}

bool SoakClient::build(QString *error)
{
    // The app's defaults: reconnect backoff, heartbeat, connect timeout (an experiment may change
    // when the backoff schedule resets).
    if (m_settings.healthyAfterMs < 0) {
        m_connection = std::make_unique<client::ConnectionManager>();
    } else {
        client::ConnectionManager::Options options;
        options.reconnect.healthyAfterMs = m_settings.healthyAfterMs;
        m_connection = std::make_unique<client::ConnectionManager>(
            options, [this] { return m_random.generateDouble(); });
    }
    m_session = std::make_unique<client::Session>(*m_connection);
    client::Session *session = m_session.get();
    m_openedOnce = false;
    connect(m_connection.get(), &client::ConnectionManager::opened, this, [this] {
        // The first connection of an app start is not a reconnect.
        m_reconnects += m_openedOnce ? 1 : 0;
        m_openedOnce = true;
        checkResumed();
    });
    connect(m_connection.get(), &client::ConnectionManager::stateChanged, this,
            [this](ConnectionState state) {
                if (state != ConnectionState::Open)
                    m_sawDrop = true;
            });
    connect(session, &client::Session::roomJoined, this, [this, session](const QString &room) {
        if (!m_log.startSeq.contains(room))
            m_log.startSeq.insert(room, session->watermark(room));
        checkResumed();
    });
    connect(session, &client::Session::messagesReceived, this,
            [this](const QString &room, const QList<ChatMessage> &messages) {
                QList<ReceivedRecord> &log = m_log.received[room];
                for (const ChatMessage &m : messages)
                    log.append({m.seq, m.clientId});
            });
    connect(session, &client::Session::directMessageReceived, this, [this](const ChatMessage &m) {
        m_log.direct[m.room.mid(1)].append({m.seq, m.clientId});
    });
    connect(session, &client::Session::historyReset, this, [this](const QString &room) {
        ++m_log.historyResets;
        qCWarning(lcSoakClient) << m_settings.user << "history of" << room << "was reset";
    });
    connect(&session->outbox(), &client::Outbox::depthChanged, this,
            [this](int depth) { m_maxOutbox = qMax(m_maxOutbox, depth); });
    client::Identity identity{m_settings.user, {}, QStringLiteral("soak-") + m_settings.user,
                              QStringLiteral("soak")};
    return m_session->start(m_proxy.url(), identity, m_settings.dataDir, error);
}

void SoakClient::teardown()
{
    m_session.reset();
    m_connection.reset();
}

void SoakClient::rebuild(int downMs)
{
    if (!m_session)
        return;
    // Something typed just before the app goes away: only the persistent outbox can carry it.
    sendOne();
    ++m_rebuilds;
    if (m_resumeSince >= 0) {
        emit resumeExcluded(m_resumeSince);
        m_resumeSince = -1;
    }
    teardown();
    QTimer::singleShot(downMs, this, [this] {
        QString error;
        if (!build(&error))
            qCCritical(lcSoakClient) << m_settings.user << "could not reopen its store:" << error;
        scheduleSend();
    });
}

void SoakClient::setSending(bool on)
{
    m_sending = on;
    if (on)
        scheduleSend();
    else
        m_sendTimer.stop();
}

void SoakClient::scheduleSend()
{
    if (!m_sending || m_sendTimer.isActive())
        return;
    // Jitter: each gap 50–150 % of the mean.
    const int mean = int(1000.0 / m_settings.messagesPerSecond);
    m_sendTimer.start(uniform(mean / 2, mean * 3 / 2));
}

void SoakClient::sendOne()
{
    if (m_session) {
        const QString text = QStringLiteral("%1 #%2").arg(m_settings.user).arg(++m_counter);
        const bool dm = !m_settings.peers.isEmpty() && m_random.generateDouble() < m_settings.dmShare;
        if (dm) {
            const QString peer = m_settings.peers.at(uniform(0, int(m_settings.peers.size()) - 1));
            m_log.sent.append({m_session->sendDm(peer, text), QStringLiteral("dm"), peer, text});
        } else {
            const QString room = m_settings.rooms.at(uniform(0, int(m_settings.rooms.size()) - 1));
            m_log.sent.append({m_session->sendChat(room, text), QStringLiteral("chat"), room, text});
        }
    }
    scheduleSend();
}

void SoakClient::setChaos(bool on)
{
    m_chaos = on;
    if (on) {
        scheduleFault();
        return;
    }
    m_faultTimer.stop();
    if (m_faultActive)
        endFault();
}

void SoakClient::scheduleFault()
{
    if (m_chaos)
        m_faultTimer.start(uniform(m_settings.faultGapMinMs, m_settings.faultGapMaxMs));
}

void SoakClient::startFault()
{
    m_fault = Fault(uniform(0, FaultKinds - 1));
    ++m_faults[int(m_fault)];
    if (m_resumeSince >= 0) {
        emit resumeExcluded(m_resumeSince);
        m_resumeSince = -1;
    }
    switch (m_fault) {
    case Fault::Drop:
        m_proxy.dropAll();
        scheduleFault();
        return;
    case Fault::Cut:
        m_proxy.cutNextChunk();
        scheduleFault();
        return;
    case Fault::Ghost:
        m_proxy.setMode(FaultProxy::Mode::Silent);
        m_faultTimer.start(uniform(GhostMinMs, GhostMaxMs));
        break;
    case Fault::Delay:
        m_proxy.setDelay(uniform(DelayMinMs, DelayMaxMs));
        m_faultTimer.start(uniform(SlowSpellMinMs, SlowSpellMaxMs));
        break;
    case Fault::Throttle:
        m_proxy.setThrottle(ThrottleBytesPerSecond);
        m_faultTimer.start(uniform(SlowSpellMinMs, SlowSpellMaxMs));
        break;
    }
    m_faultActive = true;
}

void SoakClient::endFault()
{
    m_faultActive = false;
    m_proxy.setDelay(0);
    m_proxy.setThrottle(0);
    m_proxy.setMode(FaultProxy::Mode::Pass);
    scheduleFault();
}

void SoakClient::serverKilled(qint64 killMs)
{
    if (m_resumeSince >= 0)
        emit resumed(m_resumeSince, killMs - m_resumeSince, m_backoffCarried); // not back yet
    m_resumeSince = -1;
    if (isUnderFault() || m_proxy.isCutArmed()) {
        emit resumeExcluded(killMs);
        return;
    }
    m_resumeSince = killMs;
    m_sawDrop = m_connection->state() != ConnectionState::Open;
    m_backoffCarried = m_connection->attempts() > 0;
}

void SoakClient::checkResumed()
{
    if (m_resumeSince < 0 || !m_sawDrop || !m_session
        || m_connection->state() != ConnectionState::Open)
        return;
    for (const QString &room : std::as_const(m_settings.rooms)) {
        if (!m_session->isActive(room))
            return;
    }
    const qint64 since = m_resumeSince;
    m_resumeSince = -1;
    emit resumed(since, m_clock.elapsed() - since, m_backoffCarried);
}

bool SoakClient::isSettled() const
{
    // Failed entries stay in the outbox for the user; the oracle counts them.
    if (!m_session || m_connection->state() != ConnectionState::Open
        || m_session->outbox().nextPending() || m_session->outbox().hasInFlight())
        return false;
    for (const QString &room : m_settings.rooms) {
        if (!m_session->isActive(room))
            return false;
    }
    return true;
}

QStringList SoakClient::directConversations() const
{
    return m_session ? m_session->directConversations() : QStringList();
}

qint64 SoakClient::watermark(const QString &room) const
{
    return m_session ? m_session->watermark(room) : 0;
}

int SoakClient::outboxDepth() const
{
    return m_session ? m_session->outbox().depth() : 0;
}

qint64 SoakClient::deliveredCount() const
{
    qint64 count = 0;
    for (const QList<ReceivedRecord> &room : m_log.received)
        count += room.size();
    for (const QList<ReceivedRecord> &peer : m_log.direct)
        count += peer.size();
    return count;
}

ClientLog SoakClient::finish()
{
    if (m_session) {
        for (const client::OutboxRecord &entry : m_session->outbox().entries()) {
            if (entry.state == DeliveryState::Failed) {
                ++m_log.failed;
                qCWarning(lcSoakClient) << m_settings.user << "gave up on" << entry.id << entry.error;
            }
        }
    }
    return m_log;
}

} // namespace sb::soak
