#include "RedisUrl.h"

#include <QUrl>

namespace sb::server {

bool RedisUrl::parse(const QString &text, RedisUrl *url, QString *error)
{
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != QLatin1String("redis") || parsed.host().isEmpty()) {
        *error = QStringLiteral("\"%1\" is not a Redis URL; expected redis://host:port/db").arg(text);
        return false;
    }
    RedisUrl result;
    result.host = parsed.host();
    result.port = parsed.port(6379);
    result.password = parsed.password(QUrl::FullyDecoded).toUtf8();
    const QString path = parsed.path().mid(1); // without the leading '/'
    if (!path.isEmpty()) {
        bool ok = false;
        result.db = path.toInt(&ok);
        if (!ok || result.db < 0) {
            *error = QStringLiteral("\"%1\": the database must be a number, as in redis://host:6379/0")
                         .arg(text);
            return false;
        }
    }
    *url = result;
    return true;
}

QString RedisUrl::display() const
{
    return QStringLiteral("%1:%2/%3").arg(host).arg(port).arg(db);
}

} // namespace sb::server
