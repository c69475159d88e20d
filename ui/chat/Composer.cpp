#include "ui/chat/Composer.h"

#include "client/ConversationId.h"
#include "ui/Theme.h"

#include <QAbstractTextDocumentLayout>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QScopedValueRollback>
#include <QTextDocument>
#include <QToolButton>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

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

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2 * G, G, 2 * G, 2 * G);
    layout->setSpacing(G);
    layout->addWidget(m_edit, 1, Qt::AlignBottom);
    layout->addWidget(m_send, 0, Qt::AlignBottom);

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
    if (!from.isEmpty()) {
        const QString current = text();
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
    return conversation == m_conversation ? text() : m_drafts.value(conversation);
}

QHash<QString, QString> Composer::drafts() const
{
    QHash<QString, QString> all = m_drafts;
    if (!m_conversation.isEmpty() && !text().trimmed().isEmpty())
        all.insert(m_conversation, text());
    return all;
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
    // Cleared before the signal: a slot that adds the message to the view and reads the
    // composer finds it empty, and typingStopped() precedes the send as it would for a person.
    m_edit->clear();
    emit sendRequested(message);
}

void Composer::onTextChanged()
{
    const qsizetype length = m_edit->document()->characterCount();
    const bool empty = m_edit->document()->isEmpty();
    m_send->setEnabled(!text().trimmed().isEmpty());
    if (!m_programmatic) {
        if (empty && m_lastLength > 1)
            emit typingStopped();
        else if (!empty && length > m_lastLength)
            emit typing();
        if (!m_conversation.isEmpty())
            emit draftChanged(m_conversation, text());
    }
    m_lastLength = length;
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
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
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
