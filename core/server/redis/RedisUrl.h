#pragma once

#include <QByteArray>
#include <QString>

namespace sb::server {

// Where Redis is: redis://[[user]:password@]host[:port][/db]. Only plain TCP (rediss:// is not
// supported by Debian's hiredis 0.14); keep Redis on loopback or a private network.
struct RedisUrl
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int db = 0;
    QByteArray password;

    // False with `error` set when the text is not such a URL.
    static bool parse(const QString &text, RedisUrl *url, QString *error);
    // host:port/db, for logs (never the password).
    QString display() const;
};

} // namespace sb::server
