#pragma once

#include "ui/chat/EmojiUsage.h"

#include <QFrame>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace sb::ui {

// The emoji popup of a reaction: a search field over a grid, the user's most used emoji first
// (EmojiUsage, kept across sessions), then the rest of the catalog. Typing filters by name
// ("thu" finds 👍 "thumbs up"); Enter takes the first match, a click or Enter on the grid the
// chosen one. Picking records the use, closes the popup and emits picked().
class EmojiPicker : public QFrame
{
    Q_OBJECT

public:
    static constexpr int FrequentShown = 16;

    explicit EmojiPicker(QWidget *parent = nullptr);

    // Opens with an empty search at `globalPos` (kept on the screen), the search field focused.
    void popup(const QPoint &globalPos);

    QLineEdit *searchField() const { return m_search; }
    QListWidget *grid() const { return m_grid; }
    QStringList shownEmoji() const; // the grid, in order
    bool isNoMatchShown() const;

signals:
    void picked(const QString &emoji);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refill();
    void pick(const QString &emoji);

    EmojiUsage m_usage;
    QLineEdit *m_search = nullptr;
    QListWidget *m_grid = nullptr;
    QLabel *m_noMatch = nullptr;
};

} // namespace sb::ui
