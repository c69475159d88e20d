#pragma once

#include <QChartView>

namespace sb::ui {

// The chart's view: a fixed plot area and everything drawn over the chart. The crosshair,
// its readout, the paused badge and the empty-state message are painted in drawForeground()
// rather than added as series, so moving the mouse never touches the chart's items (DESIGN.md,
// "Charts"). The plot area is set by hand from the reserved label widths, so axis labels that
// change width from frame to frame never make the chart lay itself out again (QTBUG-59040).
class ChartView : public QChartView {
    Q_OBJECT

public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);

    // Lines through `scenePos` (the nearest data point) and the readout beside it.
    void showCrosshair(const QPointF &scenePos, const QString &text);
    void hideCrosshair();
    bool isCrosshairVisible() const { return m_crosshairVisible; }
    QString crosshairText() const { return m_crosshairText; }
    // Where the readout's box is drawn, in scene (= viewport) coordinates: inside the plot.
    QRectF crosshairRect() const;

    void setMessage(const QString &text); // centred over the plot: an empty state
    QString message() const { return m_message; }
    void setBadge(const QString &text); // a pill at the top: "Paused — ▶ to resume"
    QString badge() const { return m_badge; }
    // A pill at the bottom of the plot that says why the chart is not what the user asked for
    // (a symbol over the limit) or that the prices are not live.
    void setNotice(const QString &text);
    QString notice() const { return m_notice; }

    // Widest value label expected, in px: only grows the reserved margin, so a price that gains
    // a digit relayouts once, and one that loses it never does.
    void reserveValueLabelWidth(int width);
    void resetValueLabelWidth() { m_valueLabelWidth = 0; } // takes effect with the next reserve
    void setLegendRowVisible(bool visible);
    void updatePlotArea();
    void updatePlotArea(const QSize &viewSize);

    void applyPalette(); // chart background, axes and grid from the widget palette

signals:
    void hovered(const QPointF &scenePos);
    void hoverLeft();
    void plotAreaResized();

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void drawCrosshair(QPainter *painter) const;
    void drawPill(QPainter *painter, const QRectF &box, const QString &text,
        Qt::Alignment alignment = Qt::AlignCenter) const;
    QRectF pillFor(const QString &text, qreal y) const; // sized to `text`, centred over the plot

    QPointF m_crosshairPos;
    QString m_crosshairText;
    bool m_crosshairVisible = false;
    QString m_message;
    QString m_badge;
    QString m_notice;
    int m_valueLabelWidth = 0;
    bool m_legendRow = false;
};

} // namespace sb::ui
