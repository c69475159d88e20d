// A theme chosen while the window is open must look exactly as a start in that theme: every
// widget's palette, the composer's style sheet (its field stayed a white box in the dark theme,
// with light text on it), colours computed from the Theme. Each test switches at runtime and
// compares with a window made fresh in the theme it switched to.
#include "ChatStack.h"
#include "client/ConnectionManager.h"
#include "client/Session.h"
#include "models/ChatController.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"
#include "ui/chat/Composer.h"
#include "ui/chat/RoomListView.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace sb::client;
using namespace sb::models;
using sb::ui::Theme;

namespace {

// What the composer's text field looks like while unfocused: its palette and a pixel of the
// field as drawn (the style sheet's background).
struct FieldLook
{
    QColor base;
    QColor text;
    QColor drawn;
};

FieldLook lookOf(sb::ui::MainWindow &window)
{
    window.roomList()->setFocus(); // the field unfocused: the state the bug showed in
    QPlainTextEdit *editor = window.composer()->editor();
    QCoreApplication::processEvents();
    const QImage image = editor->grab().toImage();
    // Inside the rounded border, right of any placeholder text.
    const QColor drawn = image.pixelColor(image.width() - 12, image.height() / 2);
    return {editor->palette().color(QPalette::Base), editor->palette().color(QPalette::Text), drawn};
}

// Every widget's colours, in construction order, to compare two windows built the same way.
QList<QList<QRgb>> paletteOf(QWidget &window)
{
    QList<QList<QRgb>> colours;
    for (QWidget *widget : window.findChildren<QWidget *>()) {
        const QPalette p = widget->palette();
        colours.append({p.color(QPalette::Window).rgb(), p.color(QPalette::WindowText).rgb(),
                        p.color(QPalette::Base).rgb(), p.color(QPalette::Text).rgb(),
                        p.color(QPalette::Button).rgb(), p.color(QPalette::ButtonText).rgb()});
    }
    return colours;
}

} // namespace

class ThemeSwitchTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void darkAtRuntimeLooksLikeAStartInDark();
    void lightAtRuntimeLooksLikeAStartInLight();
    void applyingTwiceChangesNothing();

private:
    std::unique_ptr<sb::ui::MainWindow> makeWindow();
    void compareSwitchWithFreshStart(Theme::Mode from, Theme::Mode to);

    std::unique_ptr<ChatStack> m_app;
};

void ThemeSwitchTest::initTestCase()
{
    m_app = std::make_unique<ChatStack>();
    QVERIFY(m_app->server.isRunning());
    QVERIFY(m_app->start({"general"}));
    QTRY_COMPARE(m_app->connection.state(), ConnectionState::Open);
}

void ThemeSwitchTest::cleanupTestCase()
{
    m_app.reset();
}

std::unique_ptr<sb::ui::MainWindow> ThemeSwitchTest::makeWindow()
{
    auto window = std::make_unique<sb::ui::MainWindow>(m_app->windowParts());
    window->resize(1024, 640);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void ThemeSwitchTest::compareSwitchWithFreshStart(Theme::Mode from, Theme::Mode to)
{
    Theme::apply(*qApp, from);
    auto switched = makeWindow();
    QVERIFY(switched);
    lookOf(*switched); // drawn once in the first theme, as a user would have seen it
    Theme::apply(*qApp, to);
    const FieldLook afterSwitch = lookOf(*switched);
    const QList<QList<QRgb>> switchedPalettes = paletteOf(*switched);
    switched.reset();

    auto fresh = makeWindow();
    QVERIFY(fresh);
    const FieldLook freshLook = lookOf(*fresh);
    QCOMPARE(afterSwitch.base, freshLook.base);
    QCOMPARE(afterSwitch.text, freshLook.text);
    QCOMPARE(afterSwitch.drawn, freshLook.drawn);
    // Readable: the field is drawn in the theme's Base colour, the text contrasts with it.
    QCOMPARE(freshLook.drawn, freshLook.base);
    QVERIFY(qAbs(freshLook.text.lightness() - freshLook.drawn.lightness()) > 100);
    QCOMPARE(switchedPalettes.size(), paletteOf(*fresh).size());
    QCOMPARE(switchedPalettes, paletteOf(*fresh));
}

void ThemeSwitchTest::darkAtRuntimeLooksLikeAStartInDark()
{
    compareSwitchWithFreshStart(Theme::Mode::Light, Theme::Mode::Dark);
    QVERIFY(Theme::isDark());
}

void ThemeSwitchTest::lightAtRuntimeLooksLikeAStartInLight()
{
    compareSwitchWithFreshStart(Theme::Mode::Dark, Theme::Mode::Light);
    QVERIFY(!Theme::isDark());
}

void ThemeSwitchTest::applyingTwiceChangesNothing()
{
    Theme::apply(*qApp, Theme::Mode::Dark);
    QStyle *style = qApp->style();
    const QPalette palette = QApplication::palette();
    Theme::apply(*qApp, Theme::Mode::Dark);
    QCOMPARE(qApp->style(), style); // Fusion is made once, not on every switch
    QCOMPARE(QApplication::palette(), palette);
    QCOMPARE(Theme::mode(), Theme::Mode::Dark);
}

QTEST_MAIN(ThemeSwitchTest)
#include "tst_themeswitch.moc"
