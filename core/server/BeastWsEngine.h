#pragma once

#include "WsEngine.h"

#include <memory>

namespace sb::server {

namespace beastws {
class Runtime;
} // namespace beastws

// `--ws-engine beast`: Boost.Beast's RFC 6455 stream (Autobahn-conformant) on one Asio I/O
// thread beside the Qt thread that runs rooms and stores, with no QWebSocket or QTcpSocket per
// connection. What crosses between the threads goes through two locked batches with one wake-up
// each (commands to the I/O thread, events back to this object's thread), so a room's broadcast
// to 200 members costs one wake-up, and every member's send shares the message's one payload
// buffer (WsMessage, implicitly shared). Boost stays inside BeastWsEngine.cpp: its headers cost
// ~20 s of compile time. ws:// only so far: with WsEngineOptions::tls listen() fails.
class BeastWsEngine : public WsEngine {
    Q_OBJECT

public:
    explicit BeastWsEngine(WsEngineOptions options);
    ~BeastWsEngine() override;

    bool listen(const QHostAddress &address, quint16 port) override;
    void close() override;
    bool isListening() const override { return m_listening; }
    QHostAddress serverAddress() const override { return m_address; }
    quint16 serverPort() const override { return m_port; }
    QString errorString() const override { return m_error; }

private:
    // Shared with every connection it accepted: its io_context must outlive their sockets.
    std::shared_ptr<beastws::Runtime> m_runtime;
    bool m_listening = false;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace sb::server
