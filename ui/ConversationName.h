#pragma once

#include <QString>

namespace sb::ui {

// How a conversation is named on screen: "#general" for a room, "@bob" for a direct one (whose
// model name already is "@bob"). One spelling for the composer, the quick switcher and search.
inline QString conversationDisplayName(const QString &conversation)
{
    if (conversation.isEmpty() || conversation.startsWith(u'@'))
        return conversation;
    return QLatin1Char('#') + conversation;
}

} // namespace sb::ui
