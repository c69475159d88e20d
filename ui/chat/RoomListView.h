#pragma once

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QListView;
class QPushButton;

namespace sb::models {
class PresenceModel;
class RoomListModel;
}

namespace sb::ui {

class RoomDelegate;

// The sidebar's conversation list: rooms and direct conversations under their section headers
// (see RoomDelegate), and a "+ Join or create room" button under them that asks for a name.
// Activating a row (click, or Enter on the keyboard) emits conversationActivated() with the
// model's name ("general", or "@bob"); the window decides what opening it means.
class RoomListView : public QWidget
{
    Q_OBJECT

public:
    // Asks the user for a room name: shows `label`, starts from `text`; sets *ok to false on
    // cancel. Replaceable so tests can answer without a modal dialog.
    using NamePrompt = std::function<QString(const QString &label, const QString &text, bool *ok)>;

    explicit RoomListView(QWidget *parent = nullptr);

    void setModel(models::RoomListModel *model);
    models::RoomListModel *model() const;
    void setPresenceModel(models::PresenceModel *presence);
    void setNamePrompt(NamePrompt prompt);

    // Room names the server accepts: [a-z0-9][a-z0-9_-]{0,63}.
    static bool isValidRoomName(const QString &name);
    // What the user probably meant: trimmed, without a leading '#', in lower case.
    static QString normalizedRoomName(const QString &input);
    static QString roomNameRule();

    bool isEmptyStateVisible() const;
    QListView *listView() const { return m_list; }
    RoomDelegate *delegate() const { return m_delegate; }
    QPushButton *joinButton() const { return m_join; }

public slots:
    // Asks for a name until it is valid (explaining the rule) or the user cancels.
    void askToJoin();

signals:
    void conversationActivated(const QString &name);
    void joinRequested(const QString &room);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void activate(const QModelIndex &index);
    void updateEmptyState();

    QListView *m_list = nullptr;
    RoomDelegate *m_delegate = nullptr;
    QLabel *m_empty = nullptr;
    QPushButton *m_join = nullptr;
    QPointer<models::RoomListModel> m_model;
    NamePrompt m_prompt;
};

} // namespace sb::ui
