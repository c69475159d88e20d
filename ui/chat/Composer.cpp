#include "ui/chat/Composer.h"

#include "client/ConversationId.h"
#include "ui/Theme.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextCursor>
#include <QScopedValueRollback>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

// Characters of a name being completed after "@" or "#".
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.';
}

} // namespace

Composer::Composer(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Message composer"));
    // Same surface as the messages above: the composer reads as part of the conversation.
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    m_edit = new QPlainTextEdit(this);
    m_edit->setAccessibleName(tr("Message text"));
    m_edit->setTabChangesFocus(true); // Tab moves on to the send button, as in a form
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_edit->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_edit->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // until it stops growing
    m_edit->document()->setDocumentMargin(G / 2);
    // A visible rounded field in both palettes: Fusion's sunken frame all but disappears on the
    // dark Base colour. palette() keeps the colours the Theme's.
    m_edit->setStyleSheet(QStringLiteral(
        "QPlainTextEdit { border: 1px solid palette(mid); border-radius: 6px;"
        " background: palette(base); padding: 4px; }"
        "QPlainTextEdit:focus { border-color: palette(highlight); }"
        "QPlainTextEdit:disabled { background: palette(window); }"));
    m_edit->installEventFilter(this);

    m_send = new QToolButton(this);
    m_send->setText(QStringLiteral("➤"));
    m_send->setAccessibleName(tr("Send"));
    m_send->setToolTip(tr("Send (Enter) — Shift+Enter for a new line"));
    m_send->setAutoRaise(true);
    m_send->setFont(Theme::scaledFont(m_send->font(), 1.3));
    m_send->setFixedSize(4 * G, 4 * G); // as tall as the one-line box beside it
    // The accent marks the one action here, once there is something to send.
    QPalette sendPalette = m_send->palette();
    sendPalette.setColor(QPalette::Active, QPalette::ButtonText, Theme::accent());
    sendPalette.setColor(QPalette::Inactive, QPalette::ButtonText, Theme::accent());
    m_send->setPalette(sendPalette);
    m_send->setEnabled(false);
    connect(m_send, &QToolButton::clicked, this, &Composer::send);

    // Above the box while replying or editing: what the next Enter does, and × to not do it.
    m_contextBar = new QWidget(this);
    m_contextBar->setObjectName(QStringLiteral("composerContext"));
    m_contextTitle = new QLabel(m_contextBar);
    m_contextTitle->setTextFormat(Qt::PlainText);
    m_contextTitle->setFont(Theme::scaledFont(font(), 0.9, true));
    m_contextDetail = new QLabel(m_contextBar);
    m_contextDetail->setTextFormat(Qt::PlainText);
    m_contextDetail->setFont(Theme::scaledFont(font(), 0.9));
    m_contextDetail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // cut, never widen
    auto *stripe = new QWidget(m_contextBar); // the accent bar at the left, as a quote has
    stripe->setFixedWidth(3);
    stripe->setAutoFillBackground(true);
    stripe->setBackgroundRole(QPalette::Window); // not the composer's Base, which it would inherit
    Theme::follow(m_contextDetail, [this, stripe] {
        QPalette palette = m_contextDetail->palette();
        palette.setColor(QPalette::WindowText, Theme::muted());
        m_contextDetail->setPalette(palette);
        QPalette accent = stripe->palette();
        accent.setColor(QPalette::Window, Theme::accent());
        stripe->setPalette(accent);
    });
    m_contextClose = new QToolButton(m_contextBar);
    m_contextClose->setObjectName(QStringLiteral("cancelContext"));
    m_contextClose->setText(QStringLiteral("×"));
    m_contextClose->setAutoRaise(true);
    m_contextClose->setFixedSize(3 * G, 3 * G);
    connect(m_contextClose, &QToolButton::clicked, this, [this] {
        if (m_context == Context::Edit)
            cancelEdit();
        else
            cancelReply();
        m_edit->setFocus(Qt::OtherFocusReason);
    });
    auto *contextLayout = new QHBoxLayout(m_contextBar);
    contextLayout->setContentsMargins(0, 2, 0, 2);
    contextLayout->setSpacing(G);
    contextLayout->addWidget(stripe);
    contextLayout->addWidget(m_contextTitle);
    contextLayout->addWidget(m_contextDetail, 1);
    contextLayout->addWidget(m_contextClose);
    m_contextBar->hide();

    auto *row = new QHBoxLayout;
    row->setSpacing(G);
    row->addWidget(m_edit, 1, Qt::AlignBottom);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2 * G, G, 2 * G, 2 * G);
    layout->setSpacing(G / 2);
    layout->addWidget(m_contextBar);
    layout->addLayout(row);

    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setWidget(m_edit);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(8);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
        &Composer::acceptCompletion);
    m_completer->popup()->installEventFilter(this);

    connect(m_edit, &QPlainTextEdit::textChanged, this, &Composer::onTextChanged);
    // The line count is known only once the document is laid out at the box's width.
    m_edit->ensurePolished(); // the style sheet's margins count in updateHeight()
    connect(m_edit->document()->documentLayout(),
        &QAbstractTextDocumentLayout::documentSizeChanged, this, &Composer::updateHeight);
    setConversationName({});
    updateHeight();
}

void Composer::setConversationName(const QString &name)
{
    m_conversation = name;
    setEnabled(!name.isEmpty()); // also shows the disabled palette, so it looks unavailable
    updatePlaceholder();
}

void Composer::updatePlaceholder()
{
    if (m_conversation.isEmpty()) {
        m_edit->setPlaceholderText(tr("Pick a room or a person to start writing"));
        return;
    }
    m_edit->setPlaceholderText(tr("Message %1").arg(client::ConversationId::fromKey(m_conversation).displayName()));
}

void Composer::switchConversation(const QString &from, const QString &to)
{
    // A reply or an edit belongs to the conversation being left.
    const QString current = currentDraft();
    endContext();
    if (!from.isEmpty()) {
        if (current.trimmed().isEmpty())
            m_drafts.remove(from);
        else
            m_drafts.insert(from, current);
    }
    setText(m_drafts.take(to));
    setConversationName(to);
}

void Composer::insertMention(const QString &name)
{
    QTextCursor cursor = m_edit->textCursor();
    const QString before = m_edit->toPlainText().left(cursor.position());
    const bool needsSpace = !before.isEmpty() && !before.back().isSpace();
    cursor.insertText((needsSpace ? QStringLiteral(" @") : QStringLiteral("@")) + name + u' ');
    m_edit->setTextCursor(cursor);
    m_edit->setFocus(Qt::OtherFocusReason);
}

void Composer::setDraft(const QString &conversation, const QString &text)
{
    if (conversation == m_conversation) {
        setText(text);
    } else if (text.isEmpty()) {
        m_drafts.remove(conversation);
    } else {
        m_drafts.insert(conversation, text);
    }
}

QString Composer::draft(const QString &conversation) const
{
    return conversation == m_conversation ? currentDraft() : m_drafts.value(conversation);
}

QHash<QString, QString> Composer::drafts() const
{
    QHash<QString, QString> all = m_drafts;
    const QString current = currentDraft();
    if (!m_conversation.isEmpty() && !current.trimmed().isEmpty())
        all.insert(m_conversation, current);
    return all;
}

QString Composer::currentDraft() const
{
    return m_context == Context::Edit ? m_stash : text();
}

QString Composer::text() const
{
    return m_edit->toPlainText();
}

void Composer::setText(const QString &text)
{
    const QScopedValueRollback<bool> guard(m_programmatic, true);
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
}

int Composer::visibleLines() const
{
    return m_lines;
}

void Composer::send()
{
    const QString message = text().trimmed();
    if (message.isEmpty() || m_conversation.isEmpty())
        return;
    if (m_context == Context::Edit) {
        const qint64 seq = m_editSeq;
        const bool changed = message != m_editOriginal.trimmed();
        endContext(); // the draft is back in the box before anyone looks
        if (changed)
            emit editSubmitted(seq, message);
        return;
    }
    const qint64 replyTo = m_replyTo;
    endContext();
    // Cleared before the signal: a slot that adds the message to the view and reads the
    // composer finds it empty, and typingStopped() precedes the send as it would for a person.
    m_edit->clear();
    emit sendRequested(message, replyTo);
}

void Composer::startReply(qint64 seq, const QString &author, const QString &text)
{
    if (seq <= 0)
        return;
    if (m_context == Context::Edit)
        endContext();
    m_replyTo = seq;
    showContext(Context::Reply, tr("Replying to %1").arg(author), QString(text).simplified());
    m_edit->setFocus(Qt::OtherFocusReason);
}

void Composer::cancelReply()
{
    if (m_context == Context::Reply)
        endContext();
}

void Composer::startEdit(qint64 seq, const QString &text)
{
    if (seq <= 0)
        return;
    if (m_context != Context::Edit)
        m_stash = this->text(); // the draft waits while the message is edited
    m_replyTo = 0;
    m_editSeq = seq;
    m_editOriginal = text;
    showContext(Context::Edit, tr("Editing message"), tr("Enter to save · Esc to cancel"));
    setText(text);
    m_edit->setFocus(Qt::OtherFocusReason);
}

void Composer::cancelEdit()
{
    if (m_context == Context::Edit)
        endContext();
}

void Composer::showContext(Context context, const QString &title, const QString &detail)
{
    m_context = context;
    m_contextTitle->setText(title);
    m_contextDetail->setText(detail);
    m_contextDetail->setToolTip(detail);
    m_contextClose->setToolTip(context == Context::Edit ? tr("Cancel the edit (Esc)")
                                                        : tr("Cancel the reply (Esc)"));
    m_contextBar->show();
}

void Composer::endContext()
{
    const bool wasEditing = m_context == Context::Edit;
    m_context = Context::None;
    m_replyTo = 0;
    m_editSeq = 0;
    m_editOriginal.clear();
    m_contextBar->hide();
    if (wasEditing)
        setText(std::exchange(m_stash, QString()));
}

bool Composer::isContextBarShown() const
{
    return !m_contextBar->isHidden();
}

QString Composer::contextTitle() const
{
    return m_contextBar->isHidden() ? QString() : m_contextTitle->text();
}

QString Composer::contextDetail() const
{
    return m_contextBar->isHidden() ? QString() : m_contextDetail->text();
}

void Composer::setMemberNames(const QStringList &names)
{
    m_members = names;
}

void Composer::setRoomNames(const QStringList &names)
{
    m_rooms = names;
}

int Composer::completionStart() const
{
    const QString all = m_edit->toPlainText();
    const int cursor = m_edit->textCursor().position();
    int start = cursor;
    while (start > 0 && isNameChar(all.at(start - 1)))
        --start;
    if (start == 0)
        return -1;
    const QChar sigil = all.at(start - 1);
    if (sigil != u'@' && sigil != u'#')
        return -1;
    // "@" starts a name only at the start or after a space: not in "bob@example.com".
    if (start - 1 > 0 && !all.at(start - 2).isSpace())
        return -1;
    return start - 1;
}

void Composer::updateCompletion()
{
    const int start = completionStart();
    QAbstractItemView *popup = m_completer->popup();
    if (start < 0) {
        popup->hide();
        return;
    }
    const QString all = m_edit->toPlainText();
    const QChar sigil = all.at(start);
    const QString prefix = all.mid(start + 1, m_edit->textCursor().position() - start - 1);
    const QStringList &names = sigil == u'@' ? m_members : m_rooms;
    if (m_completions->stringList() != names)
        m_completions->setStringList(names);
    m_completer->setCompletionPrefix(prefix);
    const bool done = m_completer->completionCount() == 1
        && m_completer->currentCompletion().compare(prefix, Qt::CaseInsensitive) == 0;
    if (m_completer->completionCount() == 0 || done) {
        popup->hide();
        return;
    }
    QRect at = m_edit->cursorRect();
    at.setWidth(popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width() + 2 * G);
    m_completer->complete(at);
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0)); // Tab takes the first
}

void Composer::acceptCompletion(const QString &name)
{
    const int start = completionStart();
    if (start < 0 || name.isEmpty())
        return;
    QTextCursor cursor = m_edit->textCursor();
    cursor.setPosition(start + 1);
    cursor.setPosition(m_edit->textCursor().position(), QTextCursor::KeepAnchor);
    cursor.insertText(name + u' ');
    m_edit->setTextCursor(cursor);
    m_completer->popup()->hide();
}

bool Composer::completionKey(QKeyEvent *key)
{
    QAbstractItemView *popup = m_completer->popup();
    if (!popup->isVisible())
        return false;
    switch (key->key()) {
    case Qt::Key_Tab:
    case Qt::Key_Return:
    case Qt::Key_Enter: {
        const QModelIndex current = popup->currentIndex().isValid()
            ? popup->currentIndex()
            : m_completer->completionModel()->index(0, 0);
        acceptCompletion(current.data().toString());
        return true;
    }
    case Qt::Key_Escape:
        popup->hide();
        return true;
    default:
        return false;
    }
}

void Composer::onTextChanged()
{
    const qsizetype length = m_edit->document()->characterCount();
    const bool empty = m_edit->document()->isEmpty();
    m_send->setEnabled(!text().trimmed().isEmpty());
    // An edit is not news to the room (no typing) and not the draft (that waits aside).
    if (!m_programmatic && m_context != Context::Edit) {
        if (empty && m_lastLength > 1)
            emit typingStopped();
        else if (!empty && length > m_lastLength)
            emit typing();
        if (!m_conversation.isEmpty())
            emit draftChanged(m_conversation, text());
    }
    m_lastLength = length;
    if (!m_programmatic)
        updateCompletion();
}

void Composer::updateHeight()
{
    // QPlainTextEdit's layout measures its document in lines, wrapped lines included.
    const int contentLines = qCeil(m_edit->document()->documentLayout()->documentSize().height());
    const int lines = qBound(1, contentLines, MaxLines);
    m_lines = lines;
    // A scroll bar only once the box is as tall as it gets: below that it would just flicker.
    m_edit->setVerticalScrollBarPolicy(
        contentLines > MaxLines ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
    // contentsMargins() hold the frame, and the style sheet's border and padding.
    const int margins = qCeil(2 * m_edit->document()->documentMargin());
    const int height = lines * m_edit->fontMetrics().lineSpacing() + margins
        + m_edit->contentsMargins().top() + m_edit->contentsMargins().bottom();
    if (m_edit->height() != height || m_edit->minimumHeight() != height)
        m_edit->setFixedHeight(height);
}

bool Composer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_completer->popup() && event->type() == QEvent::KeyPress) {
        // Keys reach the popup first while it shows: Tab would otherwise leave it open.
        if (completionKey(static_cast<QKeyEvent *>(event)))
            return true;
    }
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (completionKey(key))
            return true;
        if (key->key() == Qt::Key_Escape && m_context != Context::None) {
            endContext();
            return true;
        }
        if (key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier
            && m_context != Context::Edit && m_edit->document()->isEmpty()) {
            emit editLastRequested();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                m_edit->insertPlainText(QStringLiteral("\n"));
            else
                send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void Composer::changeEvent(QEvent *event)
{
    // A font or style change alters the line height the box is sized by.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateHeight();
    QWidget::changeEvent(event);
}

} // namespace sb::ui
