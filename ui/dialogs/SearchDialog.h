#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;

namespace sb::client {
class Session;
}

namespace sb::ui {

// Ctrl+F: finds messages of the open room in the local cache (works offline); choosing one
// scrolls the chat to it.
class SearchDialog : public QDialog
{
    Q_OBJECT

public:
    SearchDialog(client::Session &session, const QString &room, QWidget *parent = nullptr);
    int resultCount() const;

signals:
    void messageChosen(qint64 seq);

private:
    void search();

    client::Session &m_session;
    QString m_room;
    QLineEdit *m_query;
    QListWidget *m_results;
};

} // namespace sb::ui
