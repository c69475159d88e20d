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
    void save() const;
    // Whether the user has ever confirmed a server (the first-run dialog shows until then).
    static bool isConfigured();
};

} // namespace sb::ui
