#pragma once

#include <QDir>
#include <QMenu>
#include <QString>

namespace sb::test {

// With SB_SCREENSHOT_DIR set, a context menu is saved there as <name>.png, so a person can look
// at it (popups are not in the window's own screenshot). Header only: UI suites only.
inline void saveMenuShot(QMenu *menu, const QString &name)
{
    const QString dir = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (dir.isEmpty() || !menu)
        return;
    menu->ensurePolished();
    menu->adjustSize();
    menu->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace sb::test
