#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;

namespace sb::ui {

// Ctrl+K: type a few letters of a room or person, Enter to go there.
class QuickSwitcher : public QDialog
{
    Q_OBJECT

public:
    QuickSwitcher(const QStringList &conversations, QWidget *parent = nullptr);
    QString chosen() const { return m_chosen; }

    // The conversations matching `filter` (case-insensitive, '#' and '@' ignored), best first:
    // names that start with it, then names that contain it.
    static QStringList matches(const QStringList &conversations, const QString &filter);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void choose();

    QStringList m_conversations;
    QLineEdit *m_filter;
    QListWidget *m_list;
    QString m_chosen;
};

} // namespace sb::ui
