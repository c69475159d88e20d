#include "ui/chat/ChatView.h"

#include "models/MessageListModel.h"
#include "ui/Theme.h"
#include "ui/chat/EmojiPicker.h"
#include "ui/chat/MessageDelegate.h"
#include "ui/chat/MessageToolbar.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;
constexpr int BottomSlack = 2; // px from the end that still count as "at the bottom"
constexpr int OlderPagesScreens = 3; // ask for history this many screens before the top
constexpr int FlashMs = 2000; // how long scrollToSeq's highlight stays

void setMutedColour(QLabel *label)
{
    // Both roles: on the Base-coloured surface a label draws with Text, elsewhere WindowText.
    Theme::follow(label, [label] {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, Theme::muted());
        palette.setColor(QPalette::Text, Theme::muted());
        label->setPalette(palette);
    });
}

} // namespace

ChatView::ChatView(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Conversation"));
    // One surface from header to typing line: the list's Base colour, not a window-coloured frame.
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    auto *header = new QWidget(this);
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(2 * G, G, 2 * G, G);
    headerLayout->setSpacing(G);
    m_title = new QLabel(header);
    m_title->setAccessibleName(tr("Conversation name"));
    m_title->setFont(Theme::scaledFont(m_title->font(), 1.15, true));
    m_subtitle = new QLabel(header);
    m_subtitle->setAccessibleName(tr("Conversation details"));
    // A long topic must not widen the window: it is cut instead.
    m_subtitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setMutedColour(m_subtitle);
    headerLayout->addWidget(m_title);
    headerLayout->addWidget(m_subtitle, 1);
    header->setMinimumHeight(6 * G);

    auto *rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Mid);

    m_list = new QListView(this);
    m_list->setAccessibleName(tr("Messages"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(false);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust); // re-wrap on resize
    m_list->setSelectionMode(QAbstractItemView::NoSelection); // only scrollToSeq highlights
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMouseTracking(true);
    m_list->viewport()->setAttribute(Qt::WA_Hover);
    m_list->viewport()->installEventFilter(this);
    m_list->viewport()->setMouseTracking(true);
    auto *copy = new QAction(tr("Copy"), m_list);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &ChatView::copySelection);
    m_list->addAction(copy);
    m_list->verticalScrollBar()->setSingleStep(3 * G);

    m_delegate = new MessageDelegate(this);
    m_list->setItemDelegate(m_delegate);
    connect(m_delegate, &MessageDelegate::retryClicked, this, &ChatView::retryRequested);
    connect(m_delegate, &MessageDelegate::discardClicked, this, &ChatView::discardRequested);
    connect(m_delegate, &MessageDelegate::quoteClicked, this, &ChatView::quoteClicked);
    connect(m_delegate, &MessageDelegate::reactionClicked, this, [this](qint64 seq, const QString &emoji) {
        if (canReact(seq))
            emit reactionToggled(seq, emoji);
    });
    connect(m_delegate, &MessageDelegate::addReactionClicked, this, &ChatView::openReactionPicker);

    m_toolbar = new MessageToolbar(m_list->viewport());
    const auto seqOf = [](const QModelIndex &index) {
        return index.data(models::MessageListModel::SeqRole).toLongLong();
    };
    connect(m_toolbar, &MessageToolbar::replyClicked, this,
        [this, seqOf](const QModelIndex &index) { requestReply(seqOf(index)); });
    connect(m_toolbar, &MessageToolbar::reactClicked, this,
        [this, seqOf](const QModelIndex &index, const QPoint &at) { openReactionPicker(seqOf(index), at); });
    connect(m_toolbar, &MessageToolbar::editClicked, this,
        [this, seqOf](const QModelIndex &index) { requestEdit(seqOf(index)); });
    connect(m_toolbar, &MessageToolbar::deleteClicked, this,
        [this, seqOf](const QModelIndex &index) { confirmDelete(seqOf(index)); });
    connect(m_toolbar, &MessageToolbar::moreClicked, this, [this](const QModelIndex &index, const QPoint &at) {
        // The row's context menu, whoever provides it (MessageMenu listens to the request),
        // under the button: a point kept inside the row, so the menu is about this message.
        const QRect row = m_list->visualRect(index);
        QPoint pos = m_list->viewport()->mapFromGlobal(at);
        pos.setY(qBound(row.top(), pos.y(), row.bottom()));
        m_list->setCurrentIndex(index);
        emit m_list->customContextMenuRequested(pos);
    });

    m_jump = new QToolButton(m_list->viewport());
    m_jump->setObjectName(QStringLiteral("jumpToLatest"));
    m_jump->setAccessibleName(tr("Jump to latest"));
    m_jump->setToolTip(tr("Jump to the latest message"));
    m_jump->setCursor(Qt::PointingHandCursor);
    m_jump->setToolButtonStyle(Qt::ToolButtonTextOnly);
    Theme::follow(m_jump, [button = m_jump] {
        // A pill in the accent: it floats over messages and must not read as one of them.
        button->setStyleSheet(QStringLiteral(
            "QToolButton { background: %1; color: white; border: none; border-radius: 13px;"
            " min-height: 26px; max-height: 26px; padding: 0 14px; font-weight: 600; }"
            "QToolButton:hover { background: %2; }")
                .arg(Theme::accent().name(), Theme::accent().darker(115).name()));
    });
    m_jump->hide();
    connect(m_jump, &QToolButton::clicked, this, &ChatView::scrollToBottom);

    m_flash = new QTimer(this);
    m_flash->setSingleShot(true);
    m_flash->setInterval(FlashMs);
    connect(m_flash, &QTimer::timeout, m_list, &QListView::clearSelection);

    m_empty = new QLabel(tr("No messages yet — say hello 👋"), m_list->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    setMutedColour(m_empty);

    m_typing = new QLabel(this);
    m_typing->setAccessibleName(tr("Typing"));
    QFont typingFont = m_typing->font();
    typingFont.setItalic(true);
    m_typing->setFont(typingFont);
    setMutedColour(m_typing);
    m_typing->setContentsMargins(2 * G, 0, 2 * G, 0);
    m_typing->setFixedHeight(m_typing->fontMetrics().height() + G);
    // Keep the line's space while nobody types, so the list does not jump each time someone
    // starts or stops.
    QSizePolicy typingPolicy = m_typing->sizePolicy();
    typingPolicy.setRetainSizeWhenHidden(true);
    m_typing->setSizePolicy(typingPolicy);
    m_typing->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(header);
    layout->addWidget(rule);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_typing);

    QScrollBar *bar = m_list->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &ChatView::onScrolled);
    connect(bar, &QScrollBar::rangeChanged, this, &ChatView::onRangeChanged);
    updateEmptyState();
}

ChatView::~ChatView() = default;

void ChatView::setModel(models::MessageListModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_delegate->setModel(model);
    m_list->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ChatView::updateEmptyState);
        connect(model, &QAbstractItemModel::modelReset, this, &ChatView::onModelReset);
        // A message that became a tombstone or changed hands loses or gains its actions.
        connect(model, &QAbstractItemModel::dataChanged, this, &ChatView::updateToolbar, Qt::QueuedConnection);
    }
    onModelReset();
}

models::MessageListModel *ChatView::model() const
{
    return m_model;
}

void ChatView::setHeader(const QString &title, const QString &subtitle)
{
    m_title->setText(title);
    m_subtitle->setText(subtitle);
    m_subtitle->setToolTip(subtitle); // the whole topic, when the strip cuts it
}

QString ChatView::headerTitle() const
{
    return m_title->text();
}

QString ChatView::headerSubtitle() const
{
    return m_subtitle->text();
}

void ChatView::setTypingText(const QString &text)
{
    m_typing->setText(text);
    m_typing->setVisible(!text.isEmpty());
}

QString ChatView::typingText() const
{
    return m_typing->text();
}

QModelIndex ChatView::indexOfSeq(qint64 seq) const
{
    const int row = (m_model && seq > 0) ? m_model->rowForSeq(seq) : -1;
    return row < 0 ? QModelIndex() : m_model->index(row);
}

bool ChatView::scrollToSeq(qint64 seq)
{
    const QModelIndex index = indexOfSeq(seq);
    if (!index.isValid())
        return false;
    m_list->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_flash->start();
    return true;
}

void ChatView::setPermissions(Permission canEdit, Permission canDelete)
{
    m_canEdit = std::move(canEdit);
    m_canDelete = std::move(canDelete);
    updateToolbar();
}

bool ChatView::canReact(qint64 seq) const
{
    const QModelIndex index = indexOfSeq(seq);
    return index.isValid() && !index.data(models::MessageListModel::DeletedRole).toBool();
}

bool ChatView::isAllowed(const Permission &permission, qint64 seq) const
{
    if (!canReact(seq))
        return false;
    if (permission)
        return permission(seq);
    return indexOfSeq(seq).data(models::MessageListModel::IsOwnRole).toBool();
}

bool ChatView::canEdit(qint64 seq) const
{
    return isAllowed(m_canEdit, seq);
}

bool ChatView::canDelete(qint64 seq) const
{
    return isAllowed(m_canDelete, seq);
}

QString ChatView::textOf(qint64 seq) const
{
    return indexOfSeq(seq).data(models::MessageListModel::TextRole).toString();
}

QString ChatView::quoteOf(qint64 seq) const
{
    const QModelIndex index = indexOfSeq(seq);
    return index.isValid() ? m_delegate->shownText(m_list, index).simplified() : QString();
}

QString ChatView::authorOf(qint64 seq) const
{
    return indexOfSeq(seq).data(models::MessageListModel::AuthorRole).toString();
}

qint64 ChatView::lastEditableSeq() const
{
    if (!m_model)
        return 0;
    for (int row = m_model->confirmedCount() - 1; row >= 0; --row) {
        const QModelIndex index = m_model->index(row);
        if (!index.data(models::MessageListModel::IsOwnRole).toBool())
            continue;
        const qint64 seq = index.data(models::MessageListModel::SeqRole).toLongLong();
        if (canEdit(seq))
            return seq;
    }
    return 0;
}

void ChatView::requestReply(qint64 seq)
{
    if (canReact(seq))
        emit replyRequested(seq);
}

void ChatView::requestEdit(qint64 seq)
{
    if (canEdit(seq))
        emit editRequested(seq);
}

EmojiPicker *ChatView::emojiPicker()
{
    if (!m_picker) {
        m_picker = new EmojiPicker(this);
        connect(m_picker, &EmojiPicker::picked, this, [this](const QString &emoji) {
            if (canReact(m_pickerSeq))
                emit reactionToggled(m_pickerSeq, emoji);
        });
    }
    return m_picker;
}

void ChatView::openReactionPicker(qint64 seq, const QPoint &globalPos)
{
    if (!canReact(seq))
        return;
    m_pickerSeq = seq;
    emojiPicker()->popup(globalPos);
}

void ChatView::confirmDelete(qint64 seq)
{
    if (!canDelete(seq))
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete message"),
        tr("Delete this message for everyone?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString text = textOf(seq).simplified();
    box->setInformativeText(tr("“%1”\n\nIt cannot be undone: the text is removed from the server "
                               "and every device.")
            .arg(box->fontMetrics().elidedText(text, Qt::ElideRight, 40 * Theme::Grid)));
    QPushButton *remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("delete"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel); // Enter does not delete by accident
    box->setEscapeButton(cancel);
    connect(box, &QMessageBox::finished, this, [this, box, remove, seq] {
        if (box->clickedButton() == remove)
            emit deleteRequested(seq);
    });
    box->open(); // window-modal, not a nested event loop
}

int ChatView::messagesBelow() const
{
    if (!m_model || m_model->rowCount() == 0)
        return 0;
    const QWidget *viewport = m_list->viewport();
    const QModelIndex last = m_list->indexAt(QPoint(viewport->width() / 2, viewport->height() - 1));
    if (!last.isValid())
        return isAtBottom() ? 0 : m_model->rowCount();
    return m_model->rowCount() - 1 - last.row();
}

void ChatView::updateJumpButton()
{
    const bool show = m_model && m_model->rowCount() > 0 && !isAtBottom();
    if (show) {
        const int below = messagesBelow();
        m_jump->setText(below > 0 ? tr("↓  %n newer", nullptr, below) : tr("↓  Latest"));
        m_jump->adjustSize();
        const QWidget *viewport = m_list->viewport();
        m_jump->move(viewport->width() - m_jump->width() - 2 * G,
            viewport->height() - m_jump->height() - 2 * G);
        m_jump->raise();
    }
    m_jump->setVisible(show);
}

void ChatView::updateToolbar()
{
    const QWidget *viewport = m_list->viewport();
    const QModelIndex index = viewport->rect().contains(m_hoverPos) ? m_list->indexAt(m_hoverPos)
                                                                    : QModelIndex();
    const qint64 seq = index.data(models::MessageListModel::SeqRole).toLongLong();
    if (!index.isValid() || seq <= 0) {
        // Unsent messages have nothing to act on yet (their own Retry/Discard is in the row).
        m_toolbar->hide();
        return;
    }
    MessageToolbar::Allowed allowed;
    allowed.reply = allowed.react = canReact(seq);
    allowed.edit = canEdit(seq);
    allowed.remove = canDelete(seq);
    m_toolbar->showFor(index, m_delegate->bodyRect(m_list, index), allowed);
}

void ChatView::scrollToBottom()
{
    m_stickToBottom = true;
    m_list->scrollToBottom();
}

bool ChatView::isAtBottom() const
{
    const QScrollBar *bar = m_list->verticalScrollBar();
    return bar->value() >= bar->maximum() - BottomSlack;
}

bool ChatView::isEmptyStateVisible() const
{
    return !m_empty->isHidden();
}

void ChatView::onScrolled(int value)
{
    Q_UNUSED(value)
    if (!m_adjusting)
        m_stickToBottom = isAtBottom();
    rememberAnchor();
    maybeWantOlder();
    updateJumpButton();
    updateToolbar(); // another message is under the pointer now
}

void ChatView::onRangeChanged(int minimum, int maximum)
{
    Q_UNUSED(minimum)
    // Runs after the view laid the rows out again: new rows, a page of history above, changed
    // heights or a resize. Either follow the bottom or keep the reader's message in place.
    m_adjusting = true;
    if (m_stickToBottom)
        m_list->verticalScrollBar()->setValue(maximum);
    else
        restoreAnchor();
    m_adjusting = false;
    rememberAnchor();
    maybeWantOlder();
    updateJumpButton();
    updateToolbar();
}

void ChatView::onRowsInserted()
{
    m_olderRequested = false; // the page we asked for arrived (or something else did)
    updateEmptyState();
    updateJumpButton(); // more below the reader
}

void ChatView::onModelReset()
{
    m_stickToBottom = true;
    m_olderRequested = false;
    m_anchor = QPersistentModelIndex();
    m_anchorOffset = 0;
    m_toolbar->hide();
    updateEmptyState();
    updateJumpButton();
}

void ChatView::rememberAnchor()
{
    const QModelIndex top = m_list->indexAt(QPoint(m_list->viewport()->width() / 2, 0));
    m_anchor = top;
    m_anchorOffset = top.isValid() ? m_list->visualRect(top).top() : 0;
}

void ChatView::restoreAnchor()
{
    if (!m_anchor.isValid())
        return;
    const int delta = m_list->visualRect(m_anchor).top() - m_anchorOffset;
    if (delta != 0) {
        QScrollBar *bar = m_list->verticalScrollBar();
        bar->setValue(bar->value() + delta);
    }
}

void ChatView::maybeWantOlder()
{
    if (!m_model || m_olderRequested || m_model->rowCount() == 0)
        return;
    const QScrollBar *bar = m_list->verticalScrollBar();
    if (bar->value() - bar->minimum() > OlderPagesScreens * m_list->viewport()->height())
        return;
    m_olderRequested = true;
    emit olderMessagesWanted();
}

void ChatView::updateEmptyState()
{
    m_empty->setVisible(!m_model || m_model->rowCount() == 0);
}

QString ChatView::selectedText() const
{
    return m_delegate->selectedText(m_list);
}

void ChatView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

bool ChatView::handleSelectionMouse(QEvent *event)
{
    const auto *mouse = static_cast<QMouseEvent *>(event);
    const QPoint pos = mouse->position().toPoint();
    const auto repaint = [this] { m_list->viewport()->update(); };
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        if (mouse->button() != Qt::LeftButton)
            return false;
        const QModelIndex index = m_list->indexAt(pos);
        // A link, a quote or a reaction is clicked, not selected (the delegate acts on release).
        const bool overLink = m_delegate->linkAt(m_list, pos) != MessageRowLayout::Link::None;
        const int position = overLink ? -1 : m_delegate->textPositionAt(m_list, index, pos, false);
        m_selectingText = position >= 0;
        if (m_selectingText) {
            m_selectionAnchor = position;
            m_delegate->setTextSelection(index, position, position);
            m_list->setFocus(Qt::MouseFocusReason); // for Ctrl+C
        } else {
            m_delegate->clearTextSelection();
        }
        repaint();
        return m_selectingText;
    }
    case QEvent::MouseMove: {
        if (!m_selectingText || !(mouse->buttons() & Qt::LeftButton))
            return false;
        // A drag past the message's edges selects up to its first or last character.
        const QModelIndex row = m_delegate->selectedRow();
        m_delegate->setTextSelection(row, m_selectionAnchor, m_delegate->textPositionAt(m_list, row, pos, true));
        repaint();
        return true;
    }
    case QEvent::MouseButtonRelease:
        m_selectingText = false;
        return false;
    case QEvent::MouseButtonDblClick: {
        const QModelIndex index = m_list->indexAt(pos);
        const int position = m_delegate->textPositionAt(m_list, index, pos, false);
        if (position < 0)
            return false;
        selectWordAt(index, position);
        repaint();
        return true;
    }
    default:
        return false;
    }
}

void ChatView::selectWordAt(const QModelIndex &index, int position)
{
    // A word is letters, digits, '_' and the '@' or '$' that starts a mention or a ticker.
    const QString text = m_delegate->shownText(m_list, index);
    const auto inWord = [&text](int i) {
        const QChar c = text.at(i);
        return c.isLetterOrNumber() || c == u'_' || c == u'@' || c == u'$';
    };
    int start = qBound(0, position, int(text.size()));
    int end = start;
    while (start > 0 && inWord(start - 1))
        --start;
    while (end < text.size() && inWord(end))
        ++end;
    if (start == end && end < text.size())
        ++end; // not in a word: the character under the pointer
    m_selectionAnchor = start;
    m_delegate->setTextSelection(index, start, end);
}

bool ChatView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_list->viewport())
        return QWidget::eventFilter(watched, event);
    const QEvent::Type type = event->type();
    if ((type == QEvent::MouseButtonPress || type == QEvent::MouseMove
            || type == QEvent::MouseButtonRelease || type == QEvent::MouseButtonDblClick)
        && handleSelectionMouse(event)) {
        return true;
    }
    switch (event->type()) {
    case QEvent::Resize:
        m_empty->setGeometry(m_list->viewport()->rect().adjusted(2 * G, 0, -2 * G, 0));
        updateJumpButton();
        break;
    case QEvent::Leave:
        // Onto the toolbar (a child of the viewport) is still over the message.
        if (!m_toolbar->underMouse()) {
            m_hoverPos = QPoint(-1, -1);
            updateToolbar();
        }
        break;
    case QEvent::MouseMove: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (m_hoverPos != mouse->position().toPoint()) {
            m_hoverPos = mouse->position().toPoint();
            if (m_toolbar->index() != m_list->indexAt(m_hoverPos) || m_toolbar->isHidden())
                updateToolbar();
        }
        const bool overLink = m_delegate->linkAt(m_list, mouse->position().toPoint())
            != MessageRowLayout::Link::None;
        const QPoint pos = mouse->position().toPoint();
        const bool overText =
            m_delegate->textPositionAt(m_list, m_list->indexAt(pos), pos, false) >= 0;
        if (overLink)
            m_list->viewport()->setCursor(Qt::PointingHandCursor);
        else if (overText)
            m_list->viewport()->setCursor(Qt::IBeamCursor); // the text can be selected
        else
            m_list->viewport()->unsetCursor();
        break;
    }
    case QEvent::MouseButtonPress:
        // A search highlight has done its job once the reader interacts with the list.
        m_list->clearSelection();
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sb::ui
