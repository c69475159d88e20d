#include "models/MentionMatcher.h"

namespace sb::models {

bool MentionMatcher::mentions(QStringView text, QStringView name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype at = text.indexOf(name, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(name, at + 1, Qt::CaseInsensitive)) {
        const qsizetype end = at + name.size();
        // '@' is not a word character, so "@name" passes the same boundary test as "name".
        const bool startsWord = at == 0 || !isWordChar(text.at(at - 1));
        const bool endsWord = end == text.size() || !isWordChar(text.at(end));
        if (startsWord && endsWord)
            return true;
    }
    return false;
}

} // namespace sb::models
