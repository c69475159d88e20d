#include "ui/chat/SearchSnippet.h"

namespace sb::ui {

SearchSnippet SearchSnippet::parse(const QString &marked)
{
    SearchSnippet snippet;
    snippet.text.reserve(marked.size());
    int open = -1; // where the highlight being read began
    const auto close = [&snippet, &open] {
        const int length = int(snippet.text.size()) - open;
        if (length > 0)
            snippet.highlights.append({open, length});
        open = -1;
    };
    for (const QChar c : marked) {
        if (c == HighlightStart) {
            if (open < 0)
                open = int(snippet.text.size());
        } else if (c == HighlightEnd) {
            if (open >= 0)
                close();
        } else if (c == u'\n' || c == u'\r') {
            snippet.text += u' '; // an excerpt is one line
        } else {
            snippet.text += c;
        }
    }
    if (open >= 0)
        close();
    return snippet;
}

} // namespace sb::ui
