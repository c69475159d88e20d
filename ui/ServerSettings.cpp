#include "ServerSettings.h"

#include <QSettings>

namespace sb::ui {

ServerSettings::ServerSettings(const QUrl &server)
    : m_group(groupFor(server))
{
}

QString ServerSettings::groupFor(const QUrl &server)
{
    const int defaultPort = server.scheme() == QLatin1String("wss") ? 443 : 80;
    QString key = QStringLiteral("%1_%2_%3")
                      .arg(server.scheme(), server.host().toLower())
                      .arg(server.port(defaultPort));
    // QSettings reads '/' as a group separator and '\' as an escape; a host has neither, but an
    // IPv6 literal has ':' which some formats mangle.
    key.replace(u':', u'-');
    return QStringLiteral("servers/") + key;
}

QVariant ServerSettings::value(const QString &key, const QVariant &fallback) const
{
    return QSettings().value(m_group + u'/' + key, fallback);
}

void ServerSettings::setValue(const QString &key, const QVariant &value)
{
    QSettings().setValue(m_group + u'/' + key, value);
}

void ServerSettings::remove(const QString &key)
{
    QSettings().remove(m_group + u'/' + key);
}

} // namespace sb::ui
