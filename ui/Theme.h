#pragma once

#include <QColor>
#include <QString>

class QApplication;

namespace sb::ui {

// One accent colour, light and dark palettes, colours for avatars and market moves. Every
// widget asks here instead of hard-coding colours, so the dark theme is as good as the light.
class Theme
{
public:
    enum class Mode { System, Light, Dark };

    static void apply(QApplication &app, Mode mode);
    static Mode modeFromString(const QString &name); // "system" | "light" | "dark"
    static QString modeName(Mode mode);

    static bool isDark();
    static QColor accent();
    static QColor up();        // price up: green (▲ beside it: colour is never the only signal)
    static QColor down();      // price down: red (▼)
    static QColor muted();     // secondary text: times, hints
    static QColor mention();   // background of messages that mention the user
    static QColor avatar(const QString &name); // stable per name
    static QString initials(const QString &name);

    static constexpr int Grid = 8; // spacing unit, px
};

} // namespace sb::ui
