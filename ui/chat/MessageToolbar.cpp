#include "ui/chat/MessageToolbar.h"

#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QToolButton>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

} // namespace

MessageToolbar::MessageToolbar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageToolbar"));
    setAccessibleName(tr("Message actions"));
    // A card over the messages in either theme: Base colour, the palette's mid-tone border.
    setStyleSheet(QStringLiteral("#messageToolbar { background: palette(base);"
                                 " border: 1px solid palette(mid); border-radius: 6px; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);

    QToolButton *reply = addButton(QStringLiteral("reply"), QStringLiteral("↩"), tr("Reply"));
    connect(reply, &QToolButton::clicked, this, [this] { emit replyClicked(m_index); });
    QToolButton *react = addButton(QStringLiteral("react"), QStringLiteral("☺"), tr("Add a reaction"));
    connect(react, &QToolButton::clicked, this, [this, react] { emit reactClicked(m_index, below(react)); });
    QToolButton *edit = addButton(QStringLiteral("edit"), QStringLiteral("✎"), tr("Edit"));
    connect(edit, &QToolButton::clicked, this, [this] { emit editClicked(m_index); });
    QToolButton *remove = addButton(QStringLiteral("delete"), QStringLiteral("🗑"), tr("Delete…"));
    connect(remove, &QToolButton::clicked, this, [this] { emit deleteClicked(m_index); });
    QToolButton *more = addButton(QStringLiteral("more"), QStringLiteral("⋯"), tr("More actions"));
    connect(more, &QToolButton::clicked, this, [this, more] { emit moreClicked(m_index, below(more)); });
    hide();
}

QToolButton *MessageToolbar::addButton(const QString &name, const QString &glyph, const QString &tip)
{
    auto *button = new QToolButton(this);
    button->setObjectName(name);
    button->setText(glyph);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus); // the context menu is the keyboard's way to these
    button->setFixedSize(3 * G + 4, 3 * G + 4);
    button->setFont(Theme::scaledFont(button->font(), 1.1));
    layout()->addWidget(button);
    return button;
}

QToolButton *MessageToolbar::button(const QString &name) const
{
    return findChild<QToolButton *>(name, Qt::FindDirectChildrenOnly);
}

QPoint MessageToolbar::below(const QToolButton *button) const
{
    return button->mapToGlobal(QPoint(0, button->height()));
}

void MessageToolbar::showFor(const QModelIndex &index, const QRect &body, const Allowed &allowed)
{
    m_index = index;
    button(QStringLiteral("reply"))->setVisible(allowed.reply);
    button(QStringLiteral("react"))->setVisible(allowed.react);
    button(QStringLiteral("edit"))->setVisible(allowed.edit);
    button(QStringLiteral("delete"))->setVisible(allowed.remove);
    adjustSize();
    // Over the row's top edge at the right, as chat apps place it: it covers the end of the
    // name line, never the text's start. Kept inside the viewport for the top row.
    const QWidget *area = parentWidget();
    const int x = body.right() - 2 * G - width();
    const int y = qBound(0, body.top() - height() / 2, qMax(0, area->height() - height()));
    move(qMax(0, x), y);
    show();
    raise();
}

} // namespace sb::ui
