#include "TestServer.h"

sb::server::ServerConfig TestServer::defaultConfig()
{
    sb::server::ServerConfig config;
    config.port = 0;
    config.chatRatePerSecond = 0;
    config.userRatePerSecond = 0;
    return config;
}

TestServer::TestServer(sb::server::ServerConfig config)
    : m_config(std::move(config))
{
    m_config.dataDir = m_dataDir.path();
    start();
}

TestServer::~TestServer() = default;

bool TestServer::start()
{
    m_server = std::make_unique<sb::server::Server>(m_config);
    m_started = m_server->start(&m_error);
    if (m_started)
        m_config.port = m_server->port(); // a restart comes back on the same port
    return m_started;
}

bool TestServer::restart()
{
    stop();
    return start();
}

void TestServer::stop()
{
    m_server.reset();
    m_started = false;
}

QUrl TestServer::url() const
{
    return m_server->url();
}
