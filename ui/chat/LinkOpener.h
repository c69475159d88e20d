#pragma once

class QUrl;

namespace sb::ui {

// The one door from a message to the outside world: only http and https links (with a host) and
// mailto addresses are opened, through the desktop's browser or mail client. Anything else a
// message might carry (javascript:, file:, data:, a custom scheme that starts a program) is
// refused, so a crafted link can never do more than open a web page.
class LinkOpener
{
public:
    static bool isAllowed(const QUrl &url);
    // Opens `url` with QDesktopServices when it is allowed; false when refused or it failed.
    static bool open(const QUrl &url);
};

} // namespace sb::ui
