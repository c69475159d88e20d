#pragma once

#include <QHash>
#include <QStringList>

namespace sb::ui {

// Which emoji this user reacts with most, kept in QSettings ("emoji/recent", "emoji/counts") so
// the picker opens on them in every session. Most used first, the more recent first among
// equals; a new user starts from the usual reactions (👍 ❤️ 😂 …).
class EmojiUsage
{
public:
    static constexpr int Kept = 40; // emoji remembered; the least used beyond that are forgotten

    EmojiUsage(); // reads the settings
    void record(const QString &emoji); // and saves
    QStringList frequent(int limit) const;
    int count(const QString &emoji) const { return m_counts.value(emoji); }

private:
    QStringList m_recent; // most recent first
    QHash<QString, int> m_counts;
};

} // namespace sb::ui
