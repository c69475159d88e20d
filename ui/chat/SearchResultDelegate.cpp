#include "ui/chat/SearchResultDelegate.h"

#include "client/ConversationId.h"
#include "ui/Theme.h"
#include "ui/chat/SearchSnippet.h"

#include <QDateTime>
#include <QPainter>
#include <QTextLayout>

namespace sb::ui {

namespace {

constexpr int G = Theme::Grid;
constexpr int SnippetLines = 2;

int roleNamed(const QHash<int, QByteArray> &names, const char *name)
{
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        if (it.value() == name)
            return it.key();
    }
    return -1;
}

} // namespace

SearchRoles SearchRoles::of(const QAbstractItemModel *model)
{
    SearchRoles roles;
    if (!model)
        return roles;
    const QHash<int, QByteArray> names = model->roleNames();
    roles.room = roleNamed(names, "room");
    roles.seq = roleNamed(names, "seq");
    roles.author = roleNamed(names, "author");
    roles.timestamp = roleNamed(names, "timestamp");
    roles.snippet = roleNamed(names, "snippet");
    roles.conversation = roleNamed(names, "conversation");
    return roles;
}

QString SearchRoles::conversationOf(const QModelIndex &index) const
{
    const QString key = conversation >= 0 ? index.data(conversation).toString() : QString();
    return key.isEmpty() && room >= 0 ? index.data(room).toString() : key;
}

QDateTime SearchRoles::timeOf(const QModelIndex &index) const
{
    if (timestamp < 0)
        return {};
    const QVariant value = index.data(timestamp);
    if (value.metaType().id() == QMetaType::QDateTime)
        return value.toDateTime();
    return value.isValid() ? QDateTime::fromMSecsSinceEpoch(value.toLongLong()) : QDateTime();
}

SearchResultDelegate::SearchResultDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString SearchResultDelegate::headerOf(const QModelIndex &index, const QDateTime &now) const
{
    QStringList parts;
    const QString conversation = m_roles.conversationOf(index);
    if (!conversation.isEmpty())
        parts << client::ConversationId::fromKey(conversation).displayName();
    if (m_roles.author >= 0)
        parts << index.data(m_roles.author).toString();
    const QDateTime when = m_roles.timeOf(index).toLocalTime();
    if (when.isValid()) {
        const QDate today = now.toLocalTime().date();
        if (when.date() == today)
            parts << when.toString(QStringLiteral("hh:mm"));
        else if (when.date().year() == today.year())
            parts << QLocale().toString(when, QStringLiteral("d MMM hh:mm"));
        else
            parts << QLocale().toString(when.date(), QStringLiteral("d MMM yyyy"));
    }
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics small(Theme::scaledFont(option.font, 0.85, true));
    return {option.rect.width(), G + small.height() + 2 + SnippetLines * option.fontMetrics.lineSpacing() + G};
}

void SearchResultDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    if (selected)
        painter->fillRect(option.rect, option.palette.color(QPalette::Highlight));
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(option.rect, option.palette.color(QPalette::AlternateBase));
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = selected ? text : Theme::muted();
    const QRect inner = option.rect.adjusted(2 * G, G, -2 * G, -G);

    const QFont headerFont = Theme::scaledFont(option.font, 0.85, true);
    const QFontMetrics headerMetrics(headerFont);
    painter->setFont(headerFont);
    painter->setPen(muted);
    painter->drawText(QRect(inner.left(), inner.top(), inner.width(), headerMetrics.height()),
        Qt::AlignLeft | Qt::AlignTop,
        headerMetrics.elidedText(headerOf(index, QDateTime::currentDateTime()), Qt::ElideRight, inner.width()));

    const SearchSnippet snippet =
        SearchSnippet::parse(m_roles.snippet >= 0 ? index.data(m_roles.snippet).toString() : QString());
    QTextLayout layout(snippet.text, option.font);
    QList<QTextLayout::FormatRange> formats;
    for (const SearchSnippet::Range &range : snippet.highlights) {
        QTextLayout::FormatRange bold;
        bold.start = range.start;
        bold.length = range.length;
        bold.format.setFontWeight(QFont::Bold);
        formats.append(bold);
    }
    layout.setFormats(formats);
    QTextOption wrap;
    wrap.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(wrap);
    layout.beginLayout();
    qreal y = 0;
    for (int i = 0; i < SnippetLines; ++i) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(inner.width());
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    painter->setPen(text);
    painter->setClipRect(inner);
    layout.draw(painter, QPointF(inner.left(), inner.top() + headerMetrics.height() + 2));
    painter->restore();
}

} // namespace sb::ui
