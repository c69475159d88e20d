#include "ui/chat/SearchPanel.h"

#include "ui/Theme.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;

} // namespace

SearchPanel::SearchPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("searchPanel"));
    setWindowTitle(tr("Search messages"));
    setAccessibleName(tr("Search messages"));

    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setAccessibleName(tr("Search text"));
    m_query->setPlaceholderText(tr("Search all rooms and conversations"));
    m_query->setClearButtonEnabled(true);
    m_query->installEventFilter(this);
    connect(m_query, &QLineEdit::textChanged, this, &SearchPanel::onTextEdited);

    m_results = new QListView(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_results->setFrameShape(QFrame::NoFrame);
    m_results->setUniformItemSizes(true);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setMouseTracking(true);
    m_results->installEventFilter(this);
    m_delegate = new SearchResultDelegate(m_results);
    m_results->setItemDelegate(m_delegate);
    // A click on the mouse, Enter on the keyboard (eventFilter): not `activated`, which some
    // styles emit on a single click too, and so twice.
    connect(m_results, &QListView::clicked, this, &SearchPanel::activate);

    m_status = new QLabel(m_results->viewport());
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_status->setAttribute(Qt::WA_TransparentForMouseEvents);
    Theme::follow(m_status, [label = m_status] {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, Theme::muted());
        label->setPalette(palette);
    });
    m_results->viewport()->installEventFilter(this);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &SearchPanel::emitQuery);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(G, G, G, G);
    layout->setSpacing(G);
    layout->addWidget(m_query);
    layout->addWidget(m_results, 1);
    resize(60 * G, 60 * G);
    setState(State::Empty);
}

void SearchPanel::setModel(QAbstractItemModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_roles = SearchRoles::of(model);
    m_delegate->setRoles(m_roles);
    m_results->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::modelReset, this, &SearchPanel::onModelAnswered);
        connect(model, &QAbstractItemModel::rowsInserted, this, &SearchPanel::onModelAnswered);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &SearchPanel::onModelAnswered);
        connect(model, &QAbstractItemModel::layoutChanged, this, &SearchPanel::onModelAnswered);
    }
    setState(m_asked.isEmpty() ? State::Empty : State::Searching);
}

QShortcut *SearchPanel::attachShortcut(QWidget *window)
{
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), window);
    shortcut->setContext(Qt::WindowShortcut);
    connect(shortcut, &QShortcut::activated, this, &SearchPanel::open);
    return shortcut;
}

void SearchPanel::open()
{
    show();
    if (isWindow()) {
        raise();
        activateWindow();
    }
    m_query->setFocus(Qt::ShortcutFocusReason);
    m_query->selectAll();
}

void SearchPanel::onTextEdited()
{
    if (m_query->text().trimmed().isEmpty()) {
        // Cleared: say so at once, there is nothing to wait for.
        m_debounce->stop();
        emitQuery();
        return;
    }
    m_debounce->start(); // again: the query goes out once the typing pauses
}

void SearchPanel::emitQuery()
{
    const QString query = m_query->text().trimmed();
    if (query == m_asked)
        return; // "nvda " after "nvda": the same search
    m_asked = query;
    setState(query.isEmpty() ? State::Empty : State::Searching);
    emit queryChanged(query);
}

void SearchPanel::onModelAnswered()
{
    if (m_asked.isEmpty())
        return setState(State::Empty);
    const bool any = m_model && m_model->rowCount() > 0;
    setState(any ? State::Results : State::NoResults);
    if (any && !m_results->currentIndex().isValid())
        m_results->setCurrentIndex(m_model->index(0, 0)); // Enter takes the newest hit
}

void SearchPanel::setState(State state)
{
    m_state = state;
    const bool rows = m_model && m_model->rowCount() > 0 && state != State::Empty;
    m_status->setText(stateText());
    m_status->setVisible(!rows);
    m_status->setGeometry(m_results->viewport()->rect().adjusted(2 * G, 0, -2 * G, 0));
}

QString SearchPanel::stateText() const
{
    switch (m_state) {
    case State::Empty:
        return tr("Type to search the messages of every room and conversation you can read.");
    case State::Searching:
        return tr("Searching…");
    case State::NoResults:
        return tr("No messages match “%1”.").arg(m_asked);
    case State::Results:
        break;
    }
    return {};
}

void SearchPanel::activate(const QModelIndex &index)
{
    if (!index.isValid() || m_roles.seq < 0)
        return;
    const qint64 seq = index.data(m_roles.seq).toLongLong();
    const QString conversation = m_roles.conversationOf(index);
    if (seq <= 0 || conversation.isEmpty())
        return;
    emit resultActivated(conversation, seq);
    if (isWindow())
        hide();
}

bool SearchPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_results->viewport() && event->type() == QEvent::Resize)
        m_status->setGeometry(m_results->viewport()->rect().adjusted(2 * G, 0, -2 * G, 0));
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Escape && isWindow()) {
        hide();
        return true;
    }
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (watched == m_results && enter) {
        activate(m_results->currentIndex());
        return true;
    }
    if (watched == m_query) {
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            // A query typed and entered before the pause is asked for now; the hits shown
            // belong to the query asked, so Enter takes one only then.
            m_debounce->stop();
            if (m_query->text().trimmed() != m_asked)
                emitQuery();
            else
                activate(m_results->currentIndex());
            return true;
        case Qt::Key_Down:
        case Qt::Key_Up:
        case Qt::Key_PageDown:
        case Qt::Key_PageUp:
            QCoreApplication::sendEvent(m_results, event); // move through the hits, typing on
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sb::ui
