#pragma once

#include "WsEngine.h"

#include <QWebSocketServer>

class QWebSocket;

namespace sb::server {

class PlainListener;

// `--ws-engine qt`: Qt 6.4's QWebSocketServer and a QWebSocket per connection, the server's
// engine since the start. ws:// is accepted by PlainListener (PlainListener.h says why),
// wss:// by QWebSocketServer itself. Its RFC 6455 faults are listed in tst_wsconformance.
class QtWsEngine : public WsEngine {
    Q_OBJECT

public:
    explicit QtWsEngine(WsEngineOptions options);
    ~QtWsEngine() override;

    bool listen(const QHostAddress &address, quint16 port) override;
    void close() override;
    bool isListening() const override;
    QHostAddress serverAddress() const override;
    quint16 serverPort() const override;
    QString errorString() const override;

private:
    void acceptPending();

    WsEngineOptions m_options;
    QWebSocketServer m_server; // the handshakes; listens itself for wss://
    PlainListener *m_plainListener = nullptr; // accepts ws://
};

// One QWebSocket. It counts what it hands to the socket itself: QWebSocket buffers without
// limit, and over wss:// its bytesToWrite() shows only plaintext not yet encrypted.
class QtWsConnection : public WsConnection
{
public:
    QtWsConnection(QWebSocket *socket, qint64 maxMessageBytes);
    ~QtWsConnection() override;

    void attach(QObject *owner, Handler *handler) override;
    QHostAddress peerAddress() const override;
    QString subprotocol() const override;
    void send(const WsMessage &message) override;
    void ping() override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;
    qint64 unsentBytes() const override { return m_unsent; }

private:
    QWebSocket *m_socket; // a child of the owner once attached
    qint64 m_unsent = 0;
    bool m_attached = false;
};

} // namespace sb::server
