#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace sb::ui {

// The emoji the picker offers, each with its name and a few words people search it by
// ("thumbs up", "+1 yes ok"). Built in, so search works offline and the same everywhere; each
// emoji is one grapheme cluster, as the server's reaction rule wants.
class EmojiCatalog
{
public:
    struct Entry
    {
        QString emoji;
        QString name; // "thumbs up"
        QString keywords; // "+1 yes ok like agree"
    };

    static const QList<Entry> &all();
    static QString nameOf(const QString &emoji); // "" when not in the catalog
    // Entries where every word of `query` starts a word of the name or the keywords (case
    // ignored), in catalog order; all entries for a blank query.
    static QList<Entry> search(QStringView query);
};

} // namespace sb::ui
