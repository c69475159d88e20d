#pragma once

#include <QStyledItemDelegate>

namespace sb::ui {

// Where a search model keeps each part of a hit, found by role name ("room", "seq", "author",
// "timestamp", "snippet", "conversation"), so the panel works on any model that names them:
// the client core's SearchModel, or a QStandardItemModel in a test. -1 where a name is missing.
struct SearchRoles
{
    int room = -1;
    int seq = -1;
    int author = -1;
    int timestamp = -1; // a QDateTime, or ms since the epoch
    int snippet = -1; // with the server's highlight markers (SearchSnippet)
    int conversation = -1; // "general" or "@bob"; the room where missing

    static SearchRoles of(const QAbstractItemModel *model);
    QString conversationOf(const QModelIndex &index) const;
    QDateTime timeOf(const QModelIndex &index) const;
};

// One search hit in two lines: where and by whom ("#general · alice · 14 Mar 10:32") over the
// excerpt, its matching words in bold.
class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SearchResultDelegate(QObject *parent = nullptr);

    void setRoles(const SearchRoles &roles) { m_roles = roles; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "#general · alice · 10:32" (today), "… · 14 Mar 10:32", "… · 14 Mar 2023".
    QString headerOf(const QModelIndex &index, const QDateTime &now) const;

private:
    SearchRoles m_roles;
};

} // namespace sb::ui
