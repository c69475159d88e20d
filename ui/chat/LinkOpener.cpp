#include "ui/chat/LinkOpener.h"

#include <QDesktopServices>
#include <QLoggingCategory>
#include <QUrl>

namespace sb::ui {

namespace {

Q_LOGGING_CATEGORY(lcLinks, "switchboard.ui.links")

} // namespace

bool LinkOpener::isAllowed(const QUrl &url)
{
    if (!url.isValid())
        return false;
    const QString scheme = url.scheme(); // QUrl keeps schemes in lower case
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return !url.host().isEmpty();
    if (scheme == QLatin1String("mailto"))
        return !url.path().isEmpty();
    return false;
}

bool LinkOpener::open(const QUrl &url)
{
    if (!isAllowed(url)) {
        qCInfo(lcLinks) << "refused to open a link with scheme" << url.scheme();
        return false;
    }
    return QDesktopServices::openUrl(url);
}

} // namespace sb::ui
