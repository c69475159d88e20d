#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>
#include <QWidget>

namespace sb::ui {

namespace {

bool g_dark = false;
Theme::Mode g_mode = Theme::Mode::System;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x20, 0x22, 0x27), base(0x17, 0x19, 0x1d), text(0xe6, 0xe8, 0xeb);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x90, 0x99));
    p.setColor(QPalette::Highlight, Theme::accent());
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, Theme::accent().lighter(130));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3d, 0x44));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x75, 0x7d));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x75, 0x7d));
    return p;
}

QPalette lightPalette()
{
    QPalette p = QApplication::style()->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf5, 0xf6, 0xf8));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf2, 0xf5));
    p.setColor(QPalette::Highlight, Theme::accent());
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, Theme::accent());
    return p;
}

} // namespace

void Theme::apply(QApplication &app, Mode mode)
{
    // The platform's own palette, as it was before we first replaced it.
    static const QPalette platform = QApplication::palette();
    // Fusion once: a new style object on every switch re-polishes every widget for nothing
    // (and deletes the style that widgets' style-sheet proxies still wrap).
    if (app.style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    bool dark = mode == Mode::Dark;
    if (mode == Mode::System) {
        // Qt 6.4 has no colorScheme(): judge the platform's window colour.
        dark = platform.color(QPalette::Window).lightness() < 128;
    }
    g_dark = dark;
    g_mode = mode;
    app.setPalette(dark ? darkPalette() : lightPalette());
    // A style sheet reads palette(base) and friends when the widget is polished and keeps those
    // colours through a palette change (the composer's field stayed white in the dark theme):
    // setting the same sheet again re-polishes it with the new palette.
    if (!app.styleSheet().isEmpty())
        app.setStyleSheet(app.styleSheet());
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        if (!widget->styleSheet().isEmpty())
            widget->setStyleSheet(widget->styleSheet());
    }
    emit notifier()->changed();
}

Theme::Mode Theme::mode()
{
    return g_mode;
}

ThemeNotifier *Theme::notifier()
{
    static ThemeNotifier instance;
    return &instance;
}

void Theme::follow(QWidget *widget, const std::function<void()> &restyle)
{
    restyle();
    QObject::connect(notifier(), &ThemeNotifier::changed, widget, restyle);
}

Theme::Mode Theme::modeFromString(const QString &name)
{
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
}

QString Theme::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Light: return QStringLiteral("light");
    case Mode::Dark: return QStringLiteral("dark");
    case Mode::System: break;
    }
    return QStringLiteral("system");
}

bool Theme::isDark()
{
    return g_dark;
}

QColor Theme::accent()
{
    return QColor(0x3b, 0x82, 0xf6);
}

QColor Theme::up()
{
    return g_dark ? QColor(0x34, 0xd3, 0x99) : QColor(0x05, 0x96, 0x69);
}

QColor Theme::down()
{
    return g_dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
}

QColor Theme::withAlpha(QColor colour, qreal alpha)
{
    colour.setAlphaF(alpha);
    return colour;
}

QFont Theme::scaledFont(const QFont &font, qreal factor, bool bold)
{
    QFont scaled = font;
    if (scaled.pointSizeF() > 0)
        scaled.setPointSizeF(scaled.pointSizeF() * factor);
    else
        scaled.setPixelSize(qMax(8, qRound(scaled.pixelSize() * factor)));
    scaled.setBold(bold);
    return scaled;
}

QColor Theme::muted()
{
    return g_dark ? QColor(0x8a, 0x90, 0x99) : QColor(0x6b, 0x72, 0x80);
}

QColor Theme::mention()
{
    return g_dark ? QColor(0x3b, 0x35, 0x1c) : QColor(0xfe, 0xf3, 0xc7);
}

QColor Theme::avatar(const QString &name)
{
    static const QColor colours[] = {QColor(0xef, 0x44, 0x44), QColor(0xf9, 0x73, 0x16),
                                     QColor(0xea, 0xb3, 0x08), QColor(0x22, 0xc5, 0x5e),
                                     QColor(0x14, 0xb8, 0xa6), QColor(0x3b, 0x82, 0xf6),
                                     QColor(0x8b, 0x5c, 0xf6), QColor(0xec, 0x48, 0x99)};
    // FNV-1a over the UTF-16 text: qHash is seeded per process, and a person should keep
    // their colour from one run to the next.
    quint32 hash = 2166136261u;
    for (QChar c : name) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return colours[hash % 8];
}

QString Theme::initials(const QString &name)
{
    return name.isEmpty() ? QStringLiteral("?") : name.left(1).toUpper();
}

} // namespace sb::ui
