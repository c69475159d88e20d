#pragma once

#include <QString>
#include <QUrl>
#include <QVariant>

namespace sb::ui {

// What the user sets that belongs to one server: the open room, drafts, charted symbols, the
// chart's window. Kept in QSettings under "servers/<key>/", the key made of the URL's scheme,
// host and port, so two servers never share a draft or an open room, and one server reached by
// another path or query is still the same one. Window geometry and the theme are the user's,
// not a server's: they stay in AppSettings and MainWindow's own keys.
class ServerSettings
{
public:
    explicit ServerSettings(const QUrl &server);

    QVariant value(const QString &key, const QVariant &fallback = {}) const;
    void setValue(const QString &key, const QVariant &value);
    void remove(const QString &key);

    // "servers/ws_127.0.0.1_8765": the QSettings group of `server`.
    static QString groupFor(const QUrl &server);

private:
    QString m_group;
};

} // namespace sb::ui
