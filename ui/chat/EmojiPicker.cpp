#include "ui/chat/EmojiPicker.h"

#include "ui/Theme.h"
#include "ui/chat/EmojiCatalog.h"
#include "ui/chat/EmojiFont.h"

#include <QEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScreen>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;
constexpr int Cell = 5 * G; // one emoji's square in the grid
constexpr int Columns = 8;
constexpr int Rows = 6;

} // namespace

EmojiPicker::EmojiPicker(QWidget *parent)
    : QFrame(parent, Qt::Popup)
{
    setObjectName(QStringLiteral("emojiPicker"));
    setAccessibleName(tr("Emoji"));
    setFrameShape(QFrame::StyledPanel);
    setAttribute(Qt::WA_WindowPropagation);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search emoji"));
    m_search->setAccessibleName(tr("Search emoji"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &EmojiPicker::refill);

    m_grid = new QListWidget(this);
    m_grid->setAccessibleName(tr("Emoji"));
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setMovement(QListView::Static);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setUniformItemSizes(true);
    m_grid->setGridSize(QSize(Cell, Cell));
    m_grid->setWordWrap(false);
    m_grid->setFrameShape(QFrame::NoFrame);
    m_grid->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setFont(EmojiFont::applied(Theme::scaledFont(m_grid->font(), 1.5)));
    m_grid->setTextElideMode(Qt::ElideNone);
    m_grid->setMouseTracking(true); // the name of the emoji under the pointer, as a tooltip
    const int scrollBar = m_grid->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    m_grid->setFixedSize(Columns * Cell + scrollBar + 4, Rows * Cell + 2);
    connect(m_grid, &QListWidget::itemActivated, this,
        [this](QListWidgetItem *item) { pick(item->text()); });
    connect(m_grid, &QListWidget::itemClicked, this,
        [this](QListWidgetItem *item) { pick(item->text()); });

    m_noMatch = new QLabel(this);
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->setWordWrap(true);
    Theme::follow(m_noMatch, [label = m_noMatch] {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, Theme::muted());
        label->setPalette(palette);
    });
    m_noMatch->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(G, G, G, G);
    layout->setSpacing(G);
    layout->addWidget(m_search);
    layout->addWidget(m_grid);
    layout->addWidget(m_noMatch);
    refill();
}

void EmojiPicker::popup(const QPoint &globalPos)
{
    m_search->clear();
    refill(); // the frequent ones may have changed since the last time
    adjustSize();
    QPoint at = globalPos;
    if (const QScreen *screen = QGuiApplication::screenAt(globalPos)) {
        const QRect available = screen->availableGeometry();
        at.setX(qBound(available.left(), at.x(), available.right() - width()));
        at.setY(qBound(available.top(), at.y(), available.bottom() - height()));
    }
    move(at);
    show();
    m_search->setFocus(Qt::PopupFocusReason);
}

void EmojiPicker::refill()
{
    const QString query = m_search->text().trimmed();
    QStringList emoji;
    if (query.isEmpty()) {
        emoji = m_usage.frequent(FrequentShown);
        for (const EmojiCatalog::Entry &entry : EmojiCatalog::all()) {
            if (!emoji.contains(entry.emoji))
                emoji.append(entry.emoji);
        }
    } else {
        for (const EmojiCatalog::Entry &entry : EmojiCatalog::search(query))
            emoji.append(entry.emoji);
    }
    m_grid->clear();
    for (const QString &e : std::as_const(emoji)) {
        auto *item = new QListWidgetItem(e, m_grid);
        item->setTextAlignment(Qt::AlignCenter);
        const QString name = EmojiCatalog::nameOf(e);
        item->setToolTip(name);
        item->setData(Qt::AccessibleTextRole, name.isEmpty() ? e : name);
    }
    if (m_grid->count() > 0)
        m_grid->setCurrentRow(0);
    m_noMatch->setText(tr("No emoji called “%1”").arg(query));
    m_noMatch->setVisible(m_grid->count() == 0);
    m_grid->setVisible(m_grid->count() > 0);
}

QStringList EmojiPicker::shownEmoji() const
{
    QStringList shown;
    for (int i = 0; i < m_grid->count(); ++i)
        shown.append(m_grid->item(i)->text());
    return shown;
}

bool EmojiPicker::isNoMatchShown() const
{
    return !m_noMatch->isHidden();
}

void EmojiPicker::pick(const QString &emoji)
{
    if (emoji.isEmpty() || !isVisible())
        return; // a double click activates as well as clicks: one pick
    m_usage.record(emoji);
    hide();
    emit picked(emoji);
}

bool EmojiPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            // The first match, or the one chosen with the arrows.
            if (QListWidgetItem *item = m_grid->currentItem())
                pick(item->text());
            return true;
        case Qt::Key_Down:
        case Qt::Key_Up:
            // Move through the grid without leaving the search field.
            QCoreApplication::sendEvent(m_grid, event);
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace sb::ui
