#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace sb::ui {

// The user's preferences, kept with QSettings (~/.config/switchboard/switchboard.conf).
struct AppSettings
{
    QUrl server{QStringLiteral("ws://127.0.0.1:8765")};
    QString name;
    QString token;
    QString theme = QStringLiteral("system"); // system | light | dark
    bool notifications = true;
    QStringList pinnedCertificates; // SHA-256 fingerprints the user chose to trust

    static AppSettings load();
    // These settings with what this run really uses where the command line overrode the saved
    // file (--server, --user, --token, --theme): Settings shows what is in effect, and saving
    // it writes what the user saw, never the file's stale server.
    AppSettings inEffect(const QUrl &runServer, const QString &runName, const QString &runToken,
                         const QString &runTheme) const;
    // Whether `other` connects differently (server, name or token): a restart applies those.
    bool connectsDifferently(const AppSettings &other) const;
    void save() const;
    // Whether the user has ever confirmed a server (the first-run dialog shows until then).
    static bool isConfigured();
};

} // namespace sb::ui
