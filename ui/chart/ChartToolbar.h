#pragma once

#include "ui/chart/ChartMode.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QButtonGroup;
class QLabel;
class QToolButton;
QT_END_NAMESPACE

namespace sb::ui {

// The controls above the chart, in two rows so they fit the narrow dock the chart lives in:
//   NVDA · AAPL           1m 5m 15m 1h   ⏸ Pause
//   Line | Candles  Auto-scale        PNG  CSV
// It only reports what the user chose (including the file to export to); the panel decides. Setters
// reflect the panel's state without echoing signals back.
class ChartToolbar : public QWidget {
    Q_OBJECT

public:
    static QString windowLabel(qint64 windowMs); // "5m", "1h"
    explicit ChartToolbar(QWidget *parent = nullptr);

    static QList<qint64> windowChoices(); // 1 min, 5 min, 15 min, 1 h, in ms

    // The title, the export file names and whether export is possible follow the symbols on
    // the chart; `note` (a tooltip on the title) says why some selected ones are not.
    void setSymbols(const QStringList &symbols, const QString &note = {});
    void setWindowMs(qint64 windowMs);
    void setMode(ChartMode mode);
    void setPaused(bool paused);
    void setAutoScale(bool on);

    // Export PNG…, Export CSV…, a separator (nullptr), Auto-scale, Pause / Resume: the very
    // actions behind the buttons, for the chart's context menu.
    QList<QAction *> menuActions() const;

signals:
    void windowChosen(qint64 windowMs);
    void modeChosen(ChartMode mode);
    void pauseToggled(bool paused);
    void autoScaleToggled(bool on);
    // The user picked a file to export to (a save dialog was shown and accepted).
    void exportPngRequested(const QString &file);
    void exportCsvRequested(const QString &file);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void restyle();
    void elideTitle(); // eight symbols do not fit a narrow dock: "NVDA · AAPL · MS…"
    QToolButton *addButton(
        const QString &text, const QString &accessibleName, const QString &toolTip);
    static QString windowName(qint64 windowMs);
    void chooseExportFile(bool png);
    QAction *shareAsAction(QToolButton *button, const QString &menuText);

    QLabel *m_title;
    QButtonGroup *m_windows;
    QButtonGroup *m_modes;
    QToolButton *m_pause = nullptr;
    QToolButton *m_autoScale = nullptr;
    QToolButton *m_png = nullptr;
    QToolButton *m_csv = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_autoScaleAction = nullptr;
    QAction *m_pngAction = nullptr;
    QAction *m_csvAction = nullptr;
    QStringList m_symbols;
    QString m_fullTitle;
};

} // namespace sb::ui
