#include "ui/chart/ChartToolbar.h"

#include "ui/Theme.h"

#include <QAction>
#include <QButtonGroup>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;
constexpr qint64 Minute = 60 * 1000;

// A run of buttons that belong together (window choices, line/candles): tight inside, with the
// usual grid gap between runs.
QHBoxLayout *segment()
{
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(G / 2);
    return layout;
}

// ⏸ is missing from many fonts (it drew as a box here): the play/pause marks are painted.
QIcon mediaIcon(bool play, const QColor &colour)
{
    QPixmap pixmap(2 * G, 2 * G);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    if (play) {
        painter.drawPolygon(QPolygonF({ QPointF(4, 3), QPointF(13, 8), QPointF(4, 13) }));
    } else {
        painter.drawRect(QRectF(4, 3, 3, 10));
        painter.drawRect(QRectF(9, 3, 3, 10));
    }
    return QIcon(pixmap);
}

} // namespace

QList<qint64> ChartToolbar::windowChoices()
{
    return { Minute, 5 * Minute, 15 * Minute, 60 * Minute };
}

QString ChartToolbar::windowLabel(qint64 windowMs)
{
    if (windowMs >= 60 * Minute)
        return tr("%1h", "time window in hours, short").arg(windowMs / (60 * Minute));
    return tr("%1m", "time window in minutes, short").arg(windowMs / Minute);
}

QString ChartToolbar::windowName(qint64 windowMs)
{
    // Spelled out: without a translation loaded, tr()'s %n would show "minute(s)".
    const qint64 hours = windowMs / (60 * Minute);
    const qint64 minutes = windowMs / Minute;
    if (windowMs >= 60 * Minute)
        return hours == 1 ? tr("Show the last hour") : tr("Show the last %1 hours").arg(hours);
    return minutes == 1 ? tr("Show the last minute") : tr("Show the last %1 minutes").arg(minutes);
}

ChartToolbar::ChartToolbar(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_windows(new QButtonGroup(this))
    , m_modes(new QButtonGroup(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAccessibleName(tr("Charted symbols"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The symbols give way first when the dock is narrow (they are in the chart's legend too),
    // so the toolbar can shrink with the window; "No symbol" and one symbol still fit, and a
    // longer title is elided, never widening the dock (elideTitle()).
    m_title->setMinimumWidth(QFontMetrics(titleFont).horizontalAdvance(tr("No symbol")) + G / 2);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *top = new QHBoxLayout;
    top->setSpacing(G);
    top->addWidget(m_title, 1);
    QHBoxLayout *windows = segment();
    for (qint64 ms : windowChoices()) {
        QToolButton *button = addButton(windowLabel(ms), windowName(ms), windowName(ms));
        m_windows->addButton(button, int(ms / 1000)); // ids in seconds: 3600 fits an int
        windows->addWidget(button);
    }
    top->addLayout(windows);
    m_pause = addButton(QString(), QString(), QString());
    m_pauseAction = shareAsAction(m_pause, QString());
    top->addWidget(m_pause);

    auto *bottom = new QHBoxLayout;
    bottom->setSpacing(G);
    QHBoxLayout *modes = segment();
    QToolButton *line = addButton(tr("Line"), tr("Line chart"), tr("Draw prices as lines"));
    QToolButton *candles = addButton(
        tr("Candles"), tr("Candlestick chart"), tr("Draw open, high, low and close per period"));
    m_modes->addButton(line, int(ChartMode::Line));
    m_modes->addButton(candles, int(ChartMode::Candles));
    modes->addWidget(line);
    modes->addWidget(candles);
    bottom->addLayout(modes);
    m_autoScale = addButton(tr("Auto-scale"), tr("Auto-scale the price axis"),
        tr("Follow the visible prices; off keeps the price axis where it is"));
    m_autoScaleAction = shareAsAction(m_autoScale, tr("&Auto-scale price axis"));
    bottom->addWidget(m_autoScale);
    bottom->addStretch(1);
    m_png = addButton(tr("⤓ PNG"), tr("Export chart as PNG"), tr("Save the chart as an image"));
    m_png->setCheckable(false);
    m_pngAction = shareAsAction(m_png, tr("Export &PNG…"));
    m_csv = addButton(tr("⤓ CSV"), tr("Export visible data as CSV"),
        tr("Save the ticks or candles of the visible window as CSV"));
    m_csv->setCheckable(false);
    m_csvAction = shareAsAction(m_csv, tr("Export &CSV…"));
    bottom->addWidget(m_png);
    bottom->addWidget(m_csv);

    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(G, G, G, G / 2);
    rows->setSpacing(G / 2);
    rows->addLayout(top);
    rows->addLayout(bottom);

    connect(m_windows, &QButtonGroup::idClicked, this,
        [this](int seconds) { emit windowChosen(qint64(seconds) * 1000); });
    connect(m_modes, &QButtonGroup::idClicked, this,
        [this](int mode) { emit modeChosen(ChartMode(mode)); });
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        setPaused(paused); // relabel the button at once
        emit pauseToggled(paused);
    });
    connect(m_autoScaleAction, &QAction::toggled, this, &ChartToolbar::autoScaleToggled);
    connect(m_pngAction, &QAction::triggered, this, [this] { chooseExportFile(true); });
    connect(m_csvAction, &QAction::triggered, this, [this] { chooseExportFile(false); });
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setPaused(false);
    restyle();
}

void ChartToolbar::restyle()
{
    // Fusion's checked tool buttons barely differ from unchecked ones in the dark palette: the
    // chosen window and mode get a tint of the accent, which reads in both themes.
    const QColor accent = Theme::accent();
    const QColor text = palette().color(QPalette::ButtonText);
    const auto rgba = [](const QColor &c, double alpha) {
        return QStringLiteral("rgba(%1,%2,%3,%4)")
            .arg(c.red())
            .arg(c.green())
            .arg(c.blue())
            .arg(int(alpha * 255));
    };
    // Narrow padding: the toolbar, and so the markets dock, fits beside the chat at 1024 px.
    setStyleSheet(QStringLiteral("QToolButton { border: 1px solid transparent; border-radius: 4px;"
                                 " padding: 2px 4px; }"
                                 "QToolButton:hover { background: %1; }"
                                 "QToolButton:checked { background: %2; border-color: %3; }")
                      .arg(rgba(text, 0.08), rgba(accent, 0.22), rgba(accent, 0.7)));

    // Wide enough for both labels, so toggling never shifts the buttons around it.
    const bool paused = m_pause->isChecked();
    int width = 0;
    for (bool state : { false, true }) {
        setPaused(state);
        m_pause->ensurePolished();
        width = qMax(width, m_pause->sizeHint().width());
    }
    setPaused(paused);
    m_pause->setMinimumWidth(width);
}

void ChartToolbar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void ChartToolbar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    elideTitle();
}

void ChartToolbar::elideTitle()
{
    m_title->setText(m_title->fontMetrics().elidedText(
        m_fullTitle, Qt::ElideRight, qMax(m_title->width(), 4 * G)));
}

QToolButton *ChartToolbar::addButton(
    const QString &text, const QString &accessibleName, const QString &toolTip)
{
    auto *button = new QToolButton(this);
    button->setText(text);
    button->setAccessibleName(accessibleName);
    button->setToolTip(toolTip);
    button->setCheckable(true);
    button->setAutoRaise(true);
    button->setMinimumHeight(3 * G);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

QAction *ChartToolbar::shareAsAction(QToolButton *button, const QString &menuText)
{
    // The button shows the action's icon text; a menu shows its (longer) text.
    auto *action = new QAction(this);
    action->setText(menuText);
    action->setIconText(button->text());
    action->setToolTip(button->toolTip());
    action->setCheckable(button->isCheckable());
    button->setDefaultAction(action);
    return action;
}

QList<QAction *> ChartToolbar::menuActions() const
{
    return { m_pngAction, m_csvAction, nullptr, m_autoScaleAction, m_pauseAction };
}

void ChartToolbar::setSymbols(const QStringList &symbols, const QString &note)
{
    m_symbols = symbols;
    m_fullTitle = symbols.isEmpty() ? tr("No symbol") : symbols.join(QStringLiteral(" · "));
    m_title->setToolTip(note.isEmpty() ? m_fullTitle : m_fullTitle + u'\n' + note);
    elideTitle();
    m_pngAction->setEnabled(!symbols.isEmpty());
    m_csvAction->setEnabled(!symbols.isEmpty());
}

void ChartToolbar::chooseExportFile(bool png)
{
    // "NVDA-AAPL-20240105-104107.png" in Pictures (images) or Documents (data).
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString name = m_symbols.join(QLatin1Char('-')) + QLatin1Char('-') + stamp
        + (png ? QStringLiteral(".png") : QStringLiteral(".csv"));
    const QString folder = QStandardPaths::writableLocation(
        png ? QStandardPaths::PicturesLocation : QStandardPaths::DocumentsLocation);
    const QString file = QFileDialog::getSaveFileName(this,
        png ? tr("Export chart as PNG") : tr("Export visible data as CSV"),
        QDir(folder).filePath(name), png ? tr("PNG images (*.png)") : tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    if (png)
        emit exportPngRequested(file);
    else
        emit exportCsvRequested(file);
}

void ChartToolbar::setWindowMs(qint64 windowMs)
{
    if (QAbstractButton *button = m_windows->button(int(windowMs / 1000)))
        button->setChecked(true); // QButtonGroup::idClicked is not emitted by setChecked
}

void ChartToolbar::setMode(ChartMode mode)
{
    if (QAbstractButton *button = m_modes->button(int(mode)))
        button->setChecked(true);
}

void ChartToolbar::setPaused(bool paused)
{
    const QSignalBlocker blocker(m_pauseAction);
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_pauseAction->setIconText(paused ? tr("Resume") : tr("Pause"));
    m_pauseAction->setIcon(mediaIcon(paused, palette().color(QPalette::ButtonText)));
    m_pause->setAccessibleName(paused ? tr("Resume live updates") : tr("Pause live updates"));
    m_pauseAction->setToolTip(paused ? tr("Follow the live prices again")
                                     : tr("Freeze the chart; prices keep being recorded"));
}

void ChartToolbar::setAutoScale(bool on)
{
    const QSignalBlocker blocker(m_autoScaleAction);
    m_autoScaleAction->setChecked(on);
}

} // namespace sb::ui
