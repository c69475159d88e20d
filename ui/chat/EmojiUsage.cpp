#include "ui/chat/EmojiUsage.h"

#include <QSettings>

#include <algorithm>

namespace sb::ui {

namespace {

const char *const RecentKey = "emoji/recent";
const char *const CountsKey = "emoji/counts";

QStringList defaults()
{
    return {QStringLiteral("👍"), QStringLiteral("❤️"), QStringLiteral("😂"), QStringLiteral("🎉"),
        QStringLiteral("👀"), QStringLiteral("🙏"), QStringLiteral("🔥"), QStringLiteral("✅")};
}

} // namespace

EmojiUsage::EmojiUsage()
{
    const QSettings settings;
    m_recent = settings.value(QLatin1String(RecentKey)).toStringList();
    const QVariantMap counts = settings.value(QLatin1String(CountsKey)).toMap();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        m_counts.insert(it.key(), it.value().toInt());
}

void EmojiUsage::record(const QString &emoji)
{
    if (emoji.isEmpty())
        return;
    m_recent.removeAll(emoji);
    m_recent.prepend(emoji);
    ++m_counts[emoji];
    if (m_recent.size() > Kept) {
        // Forget the least used (the older among equals), not simply the oldest: a favourite
        // survives a burst of one-off reactions.
        const QStringList ranked = frequent(Kept);
        for (auto it = m_recent.begin(); it != m_recent.end();) {
            if (ranked.contains(*it)) {
                ++it;
            } else {
                m_counts.remove(*it);
                it = m_recent.erase(it);
            }
        }
    }
    QVariantMap counts;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        counts.insert(it.key(), it.value());
    QSettings settings;
    settings.setValue(QLatin1String(RecentKey), m_recent);
    settings.setValue(QLatin1String(CountsKey), counts);
}

QStringList EmojiUsage::frequent(int limit) const
{
    QStringList ranked = m_recent;
    std::stable_sort(ranked.begin(), ranked.end(),
        [this](const QString &a, const QString &b) { return m_counts.value(a) > m_counts.value(b); });
    for (const QString &usual : defaults()) {
        if (!ranked.contains(usual))
            ranked.append(usual);
    }
    return ranked.mid(0, limit);
}

} // namespace sb::ui
