#include "ui/chart/ChartView.h"

#include "ui/Theme.h"
#include "ui/chart/CrosshairReadout.h"

#include <QAbstractAxis>
#include <QChart>
#include <QEvent>
#include <QLegend>
#include <QMouseEvent>
#include <QPainter>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

// The time labels are "HH:mm:ss" at most; centred on their tick, half of one hangs over the
// plot's edge, which the side margins must hold.
QString widestTimeLabel()
{
    return QStringLiteral("00:00:00");
}

} // namespace

ChartView::ChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing, false); // cheaper while live (DESIGN.md)
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    viewport()->setMouseTracking(true); // hover moves reach the crosshair without a button held
    setMinimumSize(G * 40, G * 25);
    // With a fixed plot area the chart no longer lays out its legend: place it ourselves.
    chart->legend()->detachFromChart();
    chart->legend()->setBackgroundVisible(false);
    applyPalette();
}

void ChartView::showCrosshair(const QPointF &scenePos, const QString &text)
{
    m_crosshairPos = scenePos;
    m_crosshairText = text;
    m_crosshairVisible = true;
    viewport()->update();
}

void ChartView::hideCrosshair()
{
    if (!m_crosshairVisible)
        return;
    m_crosshairVisible = false;
    viewport()->update();
}

void ChartView::setMessage(const QString &text)
{
    if (m_message == text)
        return;
    m_message = text;
    viewport()->update();
}

void ChartView::setBadge(const QString &text)
{
    if (m_badge == text)
        return;
    m_badge = text;
    viewport()->update();
}

void ChartView::setNotice(const QString &text)
{
    if (m_notice == text)
        return;
    m_notice = text;
    viewport()->update();
}

void ChartView::reserveValueLabelWidth(int width)
{
    if (width <= m_valueLabelWidth)
        return;
    m_valueLabelWidth = width;
    updatePlotArea();
}

void ChartView::setLegendRowVisible(bool visible)
{
    if (m_legendRow == visible)
        return;
    m_legendRow = visible;
    chart()->legend()->setVisible(visible);
    updatePlotArea();
}

void ChartView::updatePlotArea()
{
    updatePlotArea(size());
}

void ChartView::updatePlotArea(const QSize &viewSize)
{
    const QFontMetrics metrics(font());
    const int timeHalf = metrics.horizontalAdvance(widestTimeLabel()) / 2 + G;
    const int left = qMax(2 * G, timeHalf);
    // Value labels sit right of the plot, after the axis' tick marks (~5 px) and a gap.
    const int right = qMax(timeHalf,
        qMax(m_valueLabelWidth, metrics.horizontalAdvance(QStringLiteral("000.00"))) + 2 * G);
    const int top = m_legendRow ? metrics.height() + 3 * G : 2 * G;
    const int bottom = metrics.height() + 2 * G;
    const QRectF area(left, top, qMax(G, viewSize.width() - left - right),
        qMax(G, viewSize.height() - top - bottom));
    if (m_legendRow)
        chart()->legend()->setGeometry(QRectF(left, G, area.width(), metrics.height() + 2 * G));
    if (area == chart()->plotArea())
        return;
    chart()->setPlotArea(area);
    emit plotAreaResized();
}

void ChartView::applyPalette()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlphaF(Theme::isDark() ? 0.12f : 0.10f);
    QColor axisLine = text;
    axisLine.setAlphaF(0.35f);

    setBackgroundBrush(base);
    QChart *c = chart();
    c->setBackgroundBrush(base);
    c->setBackgroundPen(Qt::NoPen);
    c->setBackgroundRoundness(0);
    c->legend()->setLabelColor(text);
    c->legend()->setFont(font());
    const QList<QAbstractAxis *> axes = c->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsBrush(text);
        axis->setLabelsFont(font());
        axis->setGridLineColor(grid);
        axis->setLinePenColor(axisLine);
        axis->setMinorGridLineVisible(false);
    }
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QPointF scenePos = mapToScene(event->position().toPoint());
    if (chart()->plotArea().contains(scenePos))
        emit hovered(scenePos);
    else if (m_crosshairVisible)
        emit hoverLeft();
}

bool ChartView::viewportEvent(QEvent *event)
{
    // The pointer leaves the viewport, not the view: the view's own leaveEvent is not enough.
    if (event->type() == QEvent::Leave)
        emit hoverLeft();
    return QChartView::viewportEvent(event);
}

void ChartView::resizeEvent(QResizeEvent *event)
{
    // The new plot area first, then the chart's resize lays everything out around it. The
    // other way round, a smaller view kept the old axes and grid (the time labels fell off the
    // bottom): the chart was laid out with the old, larger area.
    updatePlotArea(event->size());
    QChartView::resizeEvent(event);
}

void ChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        updatePlotArea();
    }
}

void ChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = chart()->plotArea();
    painter->save();
    if (m_crosshairVisible && !m_crosshairText.isEmpty())
        drawCrosshair(painter);
    if (!m_badge.isEmpty())
        drawPill(painter, pillFor(m_badge, plot.top() + G), m_badge);
    if (!m_notice.isEmpty()) {
        const QRectF box = pillFor(m_notice, 0);
        drawPill(painter, box.translated(0, plot.bottom() - G - box.bottom()), m_notice);
    }
    if (!m_message.isEmpty()) {
        painter->setPen(Theme::muted());
        painter->drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
    painter->restore();
}

void ChartView::drawCrosshair(QPainter *painter) const
{
    const QRectF plot = chart()->plotArea();
    QColor line = palette().color(QPalette::Text);
    line.setAlphaF(0.5f);
    painter->setPen(QPen(line, 1, Qt::DashLine));
    const QPointF p = m_crosshairPos;
    painter->drawLine(QPointF(p.x(), plot.top()), QPointF(p.x(), plot.bottom()));
    painter->drawLine(QPointF(plot.left(), p.y()), QPointF(plot.right(), p.y()));
    painter->setPen(QPen(Theme::accent(), 1));
    painter->setBrush(palette().color(QPalette::Base));
    painter->drawEllipse(p, 3, 3);

    drawPill(painter, crosshairRect(), m_crosshairText, Qt::AlignLeft | Qt::AlignVCenter);
}

QRectF ChartView::crosshairRect() const
{
    // Beside the point on the side with room, so it never covers the point, and never outside
    // the plot (it was cut off at the dock's left edge).
    const QSizeF size = CrosshairReadout::boxSize(QFontMetrics(font()), m_crosshairText, G);
    return CrosshairReadout::place(m_crosshairPos, size, chart()->plotArea(), G);
}

QRectF ChartView::pillFor(const QString &text, qreal y) const
{
    const QFontMetrics metrics(font());
    const QRectF plot = chart()->plotArea();
    const qreal width = qMin(plot.width(), qreal(metrics.horizontalAdvance(text) + 3 * G));
    return QRectF(plot.center().x() - width / 2, y, width, metrics.height() + G);
}

void ChartView::drawPill(
    QPainter *painter, const QRectF &box, const QString &text, Qt::Alignment alignment) const
{
    const QPalette pal = palette();
    QColor background = pal.color(QPalette::ToolTipBase);
    background.setAlphaF(0.92f);
    QColor border = pal.color(QPalette::Text);
    border.setAlphaF(0.25f);
    painter->setRenderHint(QPainter::Antialiasing, true); // one small shape, not the live line
    painter->setPen(QPen(border, 1));
    painter->setBrush(background);
    painter->drawRoundedRect(box, G / 2.0, G / 2.0);
    painter->setPen(pal.color(QPalette::ToolTipText));
    // Left-aligned text keeps the padding the box was sized with.
    painter->drawText(alignment & Qt::AlignLeft ? box.adjusted(G, 0, -G, 0) : box, alignment, text);
    painter->setRenderHint(QPainter::Antialiasing, false);
}

} // namespace sb::ui
