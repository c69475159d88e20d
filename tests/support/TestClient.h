#pragma once

#include "protocol/Envelope.h"
#include "protocol/WireFormat.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

#include <functional>
#include <memory>

// A protocol client for tests, on a real QWebSocket: it keeps every envelope it receives in an
// inbox, and the wait functions take matching ones out in arrival order.
class TestClient : public QObject
{
    Q_OBJECT

public:
    using Match = std::function<bool(const sb::protocol::Envelope &)>;

    explicit TestClient(sb::protocol::WireFormat format = sb::protocol::WireFormat::Json,
                        QObject *parent = nullptr);

    // A client connected to `url` and welcomed under exactly `name` (hello carries `extra`),
    // or nullptr when it could not connect or was welcomed otherwise.
    static std::unique_ptr<TestClient> connectAs(const QUrl &url, const QString &name,
                                                 sb::protocol::WireFormat format
                                                 = sb::protocol::WireFormat::Json,
                                                 const QJsonObject &extra = {});

    // Connects (offering the format's subprotocol, or none with `offerSubprotocol` false).
    bool open(const QUrl &url, bool offerSubprotocol = true, int timeoutMs = 5000);
    // Sends hello with `name` (and any extra payload fields) and waits for `welcome`.
    sb::protocol::Envelope hello(const QString &name, QJsonObject extra = {});

    // Sends an envelope; an empty id gets a fresh one. Returns the id used.
    QString send(const QString &type, QJsonObject payload = {}, QString id = {});
    void sendText(const QString &text);
    void sendBinary(const QByteArray &bytes);
    // Sends and waits for the reply that echoes the id (ack, error, welcome, history, …).
    sb::protocol::Envelope request(const QString &type, QJsonObject payload = {}, QString id = {});

    // Waits for (and removes from the inbox) the first envelope that matches. Type is empty
    // when nothing matched in time.
    sb::protocol::Envelope waitFor(const Match &match, int timeoutMs = 5000);
    sb::protocol::Envelope waitForType(const QString &type, int timeoutMs = 5000);
    sb::protocol::Envelope waitForReply(const QString &id, int timeoutMs = 5000);
    // A ping/pong round trip: everything the server sent this client before it has arrived.
    bool sync(int timeoutMs = 5000);

    // Envelopes received and not yet taken by a wait.
    QList<sb::protocol::Envelope> inbox() const { return m_inbox; }
    QList<sb::protocol::Envelope> takeAll(const QString &type);
    int count(const QString &type) const;

    bool waitClosed(int timeoutMs = 5000);
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    QWebSocket &socket() { return m_socket; }
    int decodeFailures() const { return m_decodeFailures; }

signals:
    void envelopeArrived();

private:
    void onFrame(const QByteArray &frame, bool binary);
    static QString nextId();

    sb::protocol::WireFormat m_format;
    QWebSocket m_socket;
    QList<sb::protocol::Envelope> m_inbox;
    int m_closeCode = -1;
    QString m_closeReason;
    int m_decodeFailures = 0;
};
