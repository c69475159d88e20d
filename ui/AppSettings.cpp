#include "AppSettings.h"

#include <QFile>
#include <QSettings>

namespace sb::ui {

AppSettings AppSettings::load()
{
    QSettings s;
    AppSettings settings;
    settings.server = QUrl(s.value(QStringLiteral("connection/server"), settings.server.toString()).toString());
    settings.name = s.value(QStringLiteral("identity/name"), qEnvironmentVariable("USER")).toString();
    settings.token = s.value(QStringLiteral("identity/token")).toString();
    settings.theme = s.value(QStringLiteral("appearance/theme"), settings.theme).toString();
    settings.notifications = s.value(QStringLiteral("notifications/enabled"), true).toBool();
    settings.pinnedCertificates = s.value(QStringLiteral("security/pinned")).toStringList();
    return settings;
}

AppSettings AppSettings::inEffect(const QUrl &runServer, const QString &runName,
                                  const QString &runToken, const QString &runTheme) const
{
    AppSettings settings = *this;
    if (runServer.isValid() && !runServer.isEmpty())
        settings.server = runServer;
    if (!runName.isEmpty())
        settings.name = runName;
    settings.token = runToken;
    if (!runTheme.isEmpty())
        settings.theme = runTheme;
    return settings;
}

bool AppSettings::connectsDifferently(const AppSettings &other) const
{
    return server != other.server || name != other.name || token != other.token;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("connection/server"), server.toString());
    s.setValue(QStringLiteral("identity/name"), name);
    s.setValue(QStringLiteral("identity/token"), token);
    s.setValue(QStringLiteral("appearance/theme"), theme);
    s.setValue(QStringLiteral("notifications/enabled"), notifications);
    s.setValue(QStringLiteral("security/pinned"), pinnedCertificates);
    s.setValue(QStringLiteral("connection/configured"), true);
    s.sync();
    // The token is a password: the settings file is for the user's eyes only.
    QFile::setPermissions(s.fileName(), QFile::ReadOwner | QFile::WriteOwner);
}

bool AppSettings::isConfigured()
{
    return QSettings().value(QStringLiteral("connection/configured"), false).toBool();
}

} // namespace sb::ui
