#include "WindowMemory.h"

#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "models/ChatController.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QListView>
#include <QMainWindow>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>

namespace sb::ui {

namespace {

const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterKey = QStringLiteral("window/splitter");
const QString MarketsSplitterKey = QStringLiteral("window/marketsSplitter");
const QString ConversationKey = QStringLiteral("openConversation");
const QString DraftsKey = QStringLiteral("drafts");
const QString ReadingKey = QStringLiteral("readingAt");

} // namespace

WindowMemory::WindowMemory(QMainWindow *window, models::ChatController &controller, const QUrl &server,
                           const Panes &panes)
    : QObject(window)
    , m_window(window)
    , m_controller(controller)
    , m_panes(panes)
    , m_server(server)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &WindowMemory::save);
    restore();

    m_window->installEventFilter(this);
    for (QSplitter *splitter : {m_panes.main, m_panes.markets}) {
        if (splitter)
            connect(splitter, &QSplitter::splitterMoved, this, &WindowMemory::scheduleSave);
    }
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
        connect(dock, &QDockWidget::visibilityChanged, this, &WindowMemory::scheduleSave);
        connect(dock, &QDockWidget::topLevelChanged, this, &WindowMemory::scheduleSave);
        connect(dock, &QDockWidget::dockLocationChanged, this, &WindowMemory::scheduleSave);
    }
    connect(m_panes.composer, &Composer::draftChanged, this, &WindowMemory::scheduleSave);
    connect(&m_controller, &models::ChatController::conversationOpened, this,
            &WindowMemory::onConversationOpened);
    QScrollBar *scroll = m_panes.chat->listView()->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, &WindowMemory::recordReadingPosition);
    connect(scroll, &QScrollBar::rangeChanged, this, &WindowMemory::recordReadingPosition);
    // A new conversation's rows are not where the reader was in the old one.
    connect(m_panes.chat->listView()->model(), &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_restoringPosition = true; });
    // Once the rows of the conversation open at start are laid out.
    QTimer::singleShot(0, this, &WindowMemory::restoreReadingPosition);
}

QString WindowMemory::rememberedConversation(const QUrl &server)
{
    return ServerSettings(server).value(ConversationKey).toString();
}

void WindowMemory::restore()
{
    QSettings settings;
    if (!m_window->restoreGeometry(settings.value(GeometryKey).toByteArray()))
        m_window->resize(1320, 800);
    m_window->restoreState(settings.value(StateKey).toByteArray());
    m_panes.main->restoreState(settings.value(SplitterKey).toByteArray());
    if (m_panes.markets)
        m_panes.markets->restoreState(settings.value(MarketsSplitterKey).toByteArray());

    const QVariantMap drafts = m_server.value(DraftsKey).toMap();
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        m_panes.composer->setDraft(it.key(), it.value().toString());
    const QVariantMap reading = m_server.value(ReadingKey).toMap();
    for (auto it = reading.cbegin(); it != reading.cend(); ++it)
        m_readingAt.insert(it.key(), it.value().toLongLong());

    // The conversation left open, if it is still one of the user's (a room left since is not).
    const QString open = m_server.value(ConversationKey).toString();
    const bool known = m_controller.isDirect(open) || m_controller.rooms()->rowOf(open) >= 0;
    if (!open.isEmpty() && known && open != m_controller.currentConversation())
        m_controller.openConversation(open);
}

void WindowMemory::save()
{
    m_saveTimer.stop();
    QSettings settings;
    settings.setValue(GeometryKey, m_window->saveGeometry());
    settings.setValue(StateKey, m_window->saveState());
    settings.setValue(SplitterKey, m_panes.main->saveState());
    if (m_panes.markets)
        settings.setValue(MarketsSplitterKey, m_panes.markets->saveState());

    QVariantMap drafts;
    const QHash<QString, QString> all = m_panes.composer->drafts();
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        drafts.insert(it.key(), it.value());
    m_server.setValue(DraftsKey, drafts);
    QVariantMap reading;
    for (auto it = m_readingAt.cbegin(); it != m_readingAt.cend(); ++it)
        reading.insert(it.key(), it.value());
    m_server.setValue(ReadingKey, reading);
    m_server.setValue(ConversationKey, m_controller.currentConversation());
}

void WindowMemory::onConversationOpened(const QString &name)
{
    Q_UNUSED(name)
    scheduleSave();
    // After the view has laid out the new rows (and scrolled to the bottom, as it does).
    QTimer::singleShot(0, this, &WindowMemory::restoreReadingPosition);
}

void WindowMemory::recordReadingPosition()
{
    const QString conversation = m_controller.currentConversation();
    if (m_restoringPosition || conversation.isEmpty())
        return;
    if (m_panes.chat->isAtBottom()) {
        if (m_readingAt.remove(conversation) > 0)
            scheduleSave();
        return;
    }
    QListView *list = m_panes.chat->listView();
    const QModelIndex top = list->indexAt(QPoint(list->viewport()->width() / 2, 1));
    const qint64 seq = top.data(models::MessageListModel::SeqRole).toLongLong();
    if (seq > 0 && m_readingAt.value(conversation) != seq) {
        m_readingAt.insert(conversation, seq);
        scheduleSave();
    }
}

void WindowMemory::restoreReadingPosition()
{
    const qint64 seq = m_readingAt.value(m_controller.currentConversation(), -1);
    QListView *list = m_panes.chat->listView();
    QAbstractItemModel *model = list->model();
    if (seq > 0) {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(models::MessageListModel::SeqRole).toLongLong() == seq) {
                m_restoringPosition = false; // this is where the reader is
                // Rows are laid out lazily: without this the scroll range is still the old
                // conversation's and the scroll is lost.
                list->doItemsLayout();
                list->scrollTo(index, QAbstractItemView::PositionAtTop);
                return;
            }
        }
    }
    m_restoringPosition = false;
}

bool WindowMemory::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window) {
        switch (event->type()) {
        case QEvent::Close:
            save();
            break;
        case QEvent::Resize:
        case QEvent::Move:
            if (m_window->isVisible())
                scheduleSave();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sb::ui
