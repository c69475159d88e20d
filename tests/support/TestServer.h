#pragma once

#include "server/Server.h"
#include "server/ServerConfig.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// The real server, in the test's process, on a free loopback port with a data dir of its own.
class TestServer
{
public:
    // Defaults fit tests: a free port, no chat rate limit (suites that test it set one).
    static sb::server::ServerConfig defaultConfig();

    explicit TestServer(sb::server::ServerConfig config = defaultConfig());
    ~TestServer();

    bool isRunning() const { return m_started; }
    QString error() const { return m_error; }
    QUrl url() const;
    sb::server::Server &server() { return *m_server; }
    QString dataDir() const { return m_dataDir.path(); }

    // Stops and starts again on the same data dir (and port, when it is free).
    bool restart();
    // Stops (as if the process went away: connections dropped, history kept) …
    void stop();
    // … and starts again on the same data dir and port.
    bool start();

private:
    QTemporaryDir m_dataDir;
    sb::server::ServerConfig m_config;
    std::unique_ptr<sb::server::Server> m_server;
    bool m_started = false;
    QString m_error;
};
