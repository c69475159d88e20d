#pragma once

#include <QDir>
#include <QWidget>
#include <QString>

namespace sb::test {

// With SB_SCREENSHOT_DIR set, a context menu (or the widget it acted on) is saved there as <name>.png, so a person can look
// at it (popups are not in the window's own screenshot). Header only: UI suites only.
inline void saveMenuShot(QWidget *menu, const QString &name)
{
    const QString dir = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (dir.isEmpty() || !menu)
        return;
    menu->ensurePolished();
    menu->adjustSize();
    menu->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace sb::test
