#pragma once

#include "server/ServerConfig.h"

#include <QCommandLineParser>
#include <QStringList>

// switchboard-server's command line: `serve` (the default) and `token`.
class ServerOptions
{
public:
    ServerOptions();

    // Parses; on a mistake prints it with a hint and returns false (exit code in exitCode()).
    bool parse(const QStringList &arguments);
    int exitCode() const { return m_exitCode; }

    bool isTokenCommand() const { return m_tokenCommand; }
    sb::server::ServerConfig serverConfig() const { return m_config; }
    // `token`: prints a signed token for --user; returns the exit code.
    int runTokenCommand() const;

private:
    bool fail(const QString &message);
    bool readSecret();

    QCommandLineParser m_parser;
    sb::server::ServerConfig m_config;
    bool m_tokenCommand = false;
    int m_exitCode = 0;
};
