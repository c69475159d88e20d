#include "ui/chat/PresenceDelegate.h"

#include "models/PresenceModel.h"
#include "ui/Theme.h"
#include "ui/chat/StatusDot.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace sb::ui {

using models::PresenceModel;

namespace {

constexpr int G = Theme::Grid;

} // namespace

PresenceDelegate::PresenceDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString PresenceDelegate::noteFor(const QModelIndex &index) const
{
    if (index.data(PresenceModel::IsTypingRole).toBool())
        return tr("typing…");
    if (!m_ownUser.isEmpty() && index.data(PresenceModel::UserNameRole).toString() == m_ownUser)
        return tr("(you)");
    return {};
}

QSize PresenceDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(option)
    Q_UNUSED(index)
    return {4 * G, RowHeight};
}

void PresenceDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    const QRect row = option.rect;
    if (option.state & QStyle::State_MouseOver) {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(option.palette.color(QPalette::AlternateBase));
        painter->drawRoundedRect(QRectF(row.adjusted(G, 1, -G, -1)), 6, 6);
    }
    const QString status = index.data(PresenceModel::StatusRole).toString();
    const bool stale = m_live.isStale();
    if (stale)
        painter->setOpacity(0.4); // a status as of the last update, not now
    const QRectF dot(row.left() + 2 * G + 1, row.center().y() - StatusDot::Size / 2.0 + 1,
        StatusDot::Size, StatusDot::Size);
    StatusDot::paint(painter, dot, status.isEmpty() ? QStringLiteral("online") : status);

    const bool offline = status == QLatin1String("offline");
    const QString name = index.data(PresenceModel::UserNameRole).toString();
    QRect textRect = row.adjusted(4 * G, 0, -2 * G, 0);
    painter->setFont(option.font);
    painter->setPen(offline || stale ? Theme::muted() : option.palette.color(QPalette::Text));
    const QFontMetrics metrics(option.font);
    const QString note = noteFor(index);
    QFont noteFont = option.font;
    noteFont.setItalic(index.data(PresenceModel::IsTypingRole).toBool());
    const int noteWidth = note.isEmpty() ? 0 : QFontMetrics(noteFont).horizontalAdvance(note) + G;
    const QString shown =
        metrics.elidedText(name, Qt::ElideRight, qMax(0, textRect.width() - noteWidth));
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, shown);
    if (!note.isEmpty()) {
        textRect.setLeft(textRect.left() + metrics.horizontalAdvance(shown) + G);
        painter->setFont(noteFont);
        painter->setPen(Theme::muted());
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, note);
    }
    painter->restore();
}

bool PresenceDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    // The dot's colour is not the only signal: the tooltip says the status in words.
    QString text = tr("%1 — %2").arg(index.data(PresenceModel::UserNameRole).toString(),
        StatusDot::label(index.data(PresenceModel::StatusRole).toString()));
    if (m_live.isStale())
        text += QLatin1Char('\n') + m_live.text();
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

} // namespace sb::ui
