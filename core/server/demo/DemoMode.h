#pragma once

#include "DemoTiming.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>

namespace sb::server {

class DemoBot;

// `--demo`: rooms general, markets and random, four bots that live in them, and an
// announcement when the market opens.
class DemoMode : public QObject
{
    Q_OBJECT

public:
    using Announce = std::function<void(const QString &text, const QString &level)>;
    // Mints a token for a bot when the server takes no guests; empty otherwise.
    using TokenFor = std::function<QString(const QString &user)>;

    DemoMode(DemoTiming timing, Announce announce, TokenFor tokenFor, QObject *parent = nullptr);
    ~DemoMode() override;

    void start(const QUrl &serverUrl);
    int botCount() const { return int(m_bots.size()); }

private:
    DemoTiming m_timing;
    Announce m_announce;
    TokenFor m_tokenFor;
    QList<DemoBot *> m_bots;
};

} // namespace sb::server
