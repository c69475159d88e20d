#pragma once

#include <QColor>
#include <QFont>
#include <QObject>
#include <QString>

#include <functional>

class QApplication;
class QWidget;

namespace sb::ui {

// Says when Theme::apply() changed the theme, after the new palette is in place: for what a
// palette change alone does not reach (colours computed from Theme, style sheets' colours).
class ThemeNotifier : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

signals:
    void changed();
};

// One accent colour, light and dark palettes, colours for avatars and market moves. Every
// widget asks here instead of hard-coding colours, so the dark theme is as good as the light.
class Theme
{
public:
    enum class Mode { System, Light, Dark };

    // Idempotent, and as complete at runtime as at start: a switch while the window is open
    // leaves every widget as a start in that theme would (palette, style sheets, Theme colours).
    static void apply(QApplication &app, Mode mode);
    static Mode mode(); // the one last applied (System until then)
    static ThemeNotifier *notifier();
    // Runs `restyle` now and after every theme change while `widget` lives: for widgets that
    // set colours computed from Theme (muted(), up(), down()…) in their own palette or style.
    static void follow(QWidget *widget, const std::function<void()> &restyle);
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
    // `colour` at `alpha` (0–1): faded text, stale data, overlays.
    static QColor withAlpha(QColor colour, qreal alpha);
    // `font` `factor` times as big (point- or pixel-sized alike, never below 8 px), bold or not:
    // the one way a widget derives its smaller labels and larger titles from the app's font.
    static QFont scaledFont(const QFont &font, qreal factor, bool bold = false);

    static constexpr int Grid = 8; // spacing unit, px
};

} // namespace sb::ui
