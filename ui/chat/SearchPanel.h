#pragma once

#include "ui/chat/SearchResultDelegate.h"

#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QListView;
class QShortcut;
class QTimer;

namespace sb::ui {

// Search across every room and conversation (Ctrl+Shift+F): a query field and the hits of any
// model whose roles are named as SearchRoles says (the client core's SearchModel). Typing asks
// for results live but not on every key: queryChanged() fires once the typing pauses for
// DebounceMs (at once, with "", when the field is cleared). The list says what is going on when
// it is empty: what to type, "Searching…" until the model answers (any reset, insert or
// remove counts as the answer), or that nothing matched. Enter, a click or a double-click on a
// hit emits resultActivated(conversation, seq); Enter in the field takes the highlighted hit,
// Down moves into the list. Shown as a window, Esc and an activation close it.
class SearchPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DebounceMs = 200;

    enum class State { Empty, Searching, Results, NoResults };

    explicit SearchPanel(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }
    // Ctrl+Shift+F anywhere in `window` opens the panel (the shortcut belongs to `window`).
    QShortcut *attachShortcut(QWidget *window);

    State state() const { return m_state; }
    QString stateText() const; // what the empty list says, "" with results
    QLineEdit *queryField() const { return m_query; }
    QListView *results() const { return m_results; }

public slots:
    void open(); // shows it with the query selected, ready to type over

signals:
    void queryChanged(const QString &query);
    void resultActivated(const QString &conversation, qint64 seq);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextEdited();
    void emitQuery();
    void onModelAnswered();
    void setState(State state);
    void activate(const QModelIndex &index);

    QLineEdit *m_query = nullptr;
    QListView *m_results = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_debounce = nullptr;
    SearchResultDelegate *m_delegate = nullptr;
    QPointer<QAbstractItemModel> m_model;
    SearchRoles m_roles;
    State m_state = State::Empty;
    QString m_asked; // the query last emitted
};

} // namespace sb::ui
